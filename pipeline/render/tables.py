"""The consolidated registrations, and the plumbing every DOCX/XLSX renderer here shares.

``render_registration_tables`` writes ``tong_hop_dang_ky.docx`` (the plan's registration form
filled with every unit's projects, grouped by content) and ``tong_hop_dang_ky.xlsx`` (the same
entries as one filterable sheet).  The shared part keeps document text inert: docxtpl renders
the staff-editable templates once with escaping, and document text passes through
``_finalize`` so it can never become markup or a template tag; XLSX cells go through
``inert``.  Every package is normalised so the same run gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from pipeline.config import CampaignConfig, Unit
from pipeline.model import RunResult
from pipeline.render.ooxml import normalize_package
from pipeline.render.paths import TEMPLATES_DIR
from pipeline.render.safe import inert
from pipeline.text import clean_spaces, fold, nfc

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# docxtpl, python-docx and openpyxl are imported where they write: the rest of this module
# (text forms, the registrations' rows) is what the main process needs when another
# process writes the documents.

REGISTRATION_TEMPLATE = "tong_hop_dang_ky.docx"
HEADER_LINE_CHARS = 22  # fits one line of the 6.9 cm header column at 13 pt, bold
IMAGE_WIDTH_MM = 150
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# ------------------------------------------------------------------------ shared: text


def printable(text: str) -> str:
    """Document text fit for a DOCX/XLSX cell: NFC, no control characters, single spaces."""
    return clean_spaces(_NOT_XML.sub(" ", nfc(text)))


def long_date(day: dt.date | str) -> str:
    """A date as administrative documents write it: "ngày 05 tháng 01 năm 2021".

    Days below 10 and the months 1–2 take a leading zero (Nghị định 30/2020/NĐ-CP).
    """
    day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def count_text(count: int) -> str:
    """A count as documents write it, with a leading zero below 10: 5 → "05"."""
    return f"{count:02d}"


def header_lines(text: str, limit: int = HEADER_LINE_CHARS) -> list[str]:
    """An issuing body's name as header lines: a long name is split once near its middle.

    "ỦY BAN NHÂN DÂN QUẬN BÌNH TÂN" becomes two balanced lines instead of Word wrapping
    "TÂN" alone; an empty name gives no line at all.
    """
    text = printable(text)
    if len(text) <= limit or " " not in text:
        return [text] if text else []
    middle = len(text) / 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


# ------------------------------------------------------------------------ shared: DOCX


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` of a template: text is escaped once and its braces neutralised.

    docxtpl turns ``{_{`` back into ``{{`` after rendering; writing braces as character
    references keeps a document's own text exactly as it was written.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        escaped = str(escape(printable(value)))
        return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))
    return value


def render_docx(
    template: Path, context: Mapping[str, Any], images: Mapping[str, bytes] | None = None
) -> bytes:
    """Render a docxtpl template once, with escaping, and return reproducible DOCX bytes.

    ``images`` (context name → PNG bytes) become inline pictures ``IMAGE_WIDTH_MM`` wide.
    An unknown placeholder in an edited template fails loudly instead of printing nothing.
    """
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    tpl = DocxTemplate(template)
    values = dict(context)
    for name, png in (images or {}).items():
        values[name] = InlineImage(tpl, io.BytesIO(png), width=Mm(IMAGE_WIDTH_MM))
    env = SandboxedEnvironment(autoescape=True, finalize=_finalize, undefined=StrictUndefined)
    tpl.render(values, jinja_env=env, autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalize_package(buffer.getvalue())


def organiser_header(config: CampaignConfig) -> dict[str, Any]:
    """Header placeholders for documents the campaign's organiser issues (reports, tables)."""
    organiser = config.campaign.organiser
    return {
        "parent_lines": header_lines(organiser.parent),
        "issuer_lines": header_lines(organiser.name),
        "place": config.campaign.place,
    }


# ------------------------------------------------------------------------ shared: XLSX


@dataclass(frozen=True)
class Column:
    """One XLSX column: its header and width (characters)."""

    title: str
    width: float


def add_sheet(
    book: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]
) -> Worksheet:
    """A sheet with a bold frozen header row, set widths and inert text cells."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_index, row in enumerate(rows, start=2):
        for col_index, value in enumerate(row, start=1):
            set_cell(sheet.cell(row=row_index, column=col_index), value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


@cache
def _alignments() -> tuple[Any, Any]:
    """The alignments of text and of other values, one object each for every cell."""
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")


def set_cell(cell: Any, value: object) -> None:
    """Write a value; text is cleaned, made inert and typed as a string, never a formula."""
    if isinstance(value, str):
        cell.value = inert(printable(value))
        cell.data_type = "s"
        cell.alignment = _alignments()[0]
    else:
        cell.value = value
        cell.alignment = _alignments()[1]


def workbook_bytes(book: Workbook) -> bytes:
    """Reproducible XLSX bytes of a workbook."""
    buffer = io.BytesIO()
    book.save(buffer)
    return normalize_package(buffer.getvalue())


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed: ``add_sheet`` makes each one)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


# ------------------------------------------------------------------- registrations


@dataclass(frozen=True)
class Registered:
    """One registered project of one unit, ready to print."""

    content_no: int
    unit_id: str | None
    unit: str
    project: str
    expected_raw: str
    expected: str | None
    source: str


def registered_projects(
    result: RunResult, config: CampaignConfig, units: list[Unit]
) -> list[Registered]:
    """Projects of the registration documents: valid contents, no placeholder or blank entry.

    Sorted by unit (Vietnamese-aware, unknown senders last) keeping each document's order;
    the same project registered twice by one unit under one content is listed once.
    """
    skip = {fold(text) for text in config.registration.placeholders}
    skip |= {fold(text) for text in config.registration.same_as_above} | {""}
    valid = {content.number for content in config.contents}
    names = {unit.unit_id: unit.name for unit in units}
    found: list[Registered] = []
    seen: set[tuple[str, int, str]] = set()
    for record in result.records:
        if record.doc_type != "registration":
            continue
        unit = names.get(record.unit_id or "")
        label = unit or f"Chưa xác định đơn vị (tệp {record.source})"
        for entry in record.entries:
            project = printable(entry.project)
            key = (record.unit_id or record.source, entry.content_no or 0, fold(project))
            if entry.content_no not in valid or key[2] in skip or key in seen:
                continue
            seen.add(key)
            found.append(
                Registered(
                    entry.content_no or 0,
                    record.unit_id if unit else None,
                    label,
                    project,
                    printable(entry.expected_completion_raw),
                    entry.expected_completion,
                    record.source,
                )
            )
    return sorted(found, key=lambda r: (r.unit_id is None, fold(r.unit), r.unit))


def _expected_text(item: Registered) -> str:
    if item.expected_raw:
        return item.expected_raw
    return dt.date.fromisoformat(item.expected).strftime("%d/%m/%Y") if item.expected else ""


def registration_groups(projects: list[Registered], config: CampaignConfig) -> list[dict[str, Any]]:
    """Every content of the config, in order, with its agency and its registered projects."""
    groups = []
    for content in config.contents:
        items = [p for p in projects if p.content_no == content.number]
        groups.append(
            {
                "number": content.number,
                "title": content.title,
                "agency": content.agency,
                "unit_count": count_text(len({p.unit for p in items})),
                "project_count": count_text(len(items)),
                "projects": [
                    {"unit": p.unit, "project": p.project, "expected": _expected_text(p)}
                    for p in items
                ],
            }
        )
    return groups


REGISTRATION_COLUMNS = [
    Column("Nội dung số", 10),
    Column("Nội dung", 50),
    Column("Cơ quan chủ trì", 28),
    Column("Đơn vị", 32),
    Column("Tên công trình/dự án", 60),
    Column("Dự kiến hoàn thành", 20),
    Column("Ngày hoàn thành (ISO)", 14),
    Column("Tệp nguồn", 36),
]


def render_registration_tables(
    result: RunResult,
    config: CampaignConfig,
    units: list[Unit],
    *,
    templates_dir: Path = TEMPLATES_DIR,
) -> dict[str, bytes]:
    """``tong_hop_dang_ky.docx`` and ``.xlsx``: the consolidated registrations (SPEC §5)."""
    context, rows = registration_inputs(result, config, units)
    return registration_files(context, rows, templates_dir=templates_dir)


RegistrationRows = list[list[object]]


def registration_inputs(
    result: RunResult, config: CampaignConfig, units: list[Unit]
) -> tuple[dict[str, Any], RegistrationRows]:
    """What the registration tables show, as plain data: the DOCX's context, the sheet's rows."""
    projects = registered_projects(result, config, units)
    context = {
        **organiser_header(config),
        "date_long": long_date(result.as_of),
        "as_of_long": long_date(result.as_of),
        "campaign_name": config.campaign.name,
        "unit_count": count_text(len({p.unit_id for p in projects if p.unit_id})),
        "project_count": count_text(len(projects)),
        "groups": registration_groups(projects, config),
    }
    rows: RegistrationRows = [
        [
            content.number,
            content.title,
            content.agency,
            p.unit,
            p.project,
            _expected_text(p),
            p.expected or "",
            p.source,
        ]
        for content in config.contents
        for p in projects
        if p.content_no == content.number
    ]
    return context, rows


def registration_files(
    context: dict[str, Any], rows: RegistrationRows, *, templates_dir: Path = TEMPLATES_DIR
) -> dict[str, bytes]:
    """The registration tables' DOCX and XLSX, from :func:`registration_inputs`."""
    book = new_workbook()
    add_sheet(book, "Tổng hợp đăng ký", REGISTRATION_COLUMNS, rows)
    return {
        "tong_hop_dang_ky.docx": render_docx(templates_dir / REGISTRATION_TEMPLATE, context),
        "tong_hop_dang_ky.xlsx": workbook_bytes(book),
    }
