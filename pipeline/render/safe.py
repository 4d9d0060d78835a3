"""Keep document text inert in spreadsheets: a cell never runs as a formula."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """A CSV/XLSX cell value that spreadsheet programs will show, not evaluate.

    Text starting with ``= + - @`` (or a tab or carriage return) gets a leading apostrophe,
    the OWASP-recommended neutraliser; numbers and dates pass unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
