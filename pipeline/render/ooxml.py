"""Make DOCX and XLSX bytes reproducible: same inputs, byte-identical files."""

from __future__ import annotations

import io
import re
import zipfile

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_W3CDTF = "2021-01-01T00:00:00Z"
_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def normalize_package(data: bytes) -> bytes:
    """Rewrite an OOXML package with fixed member timestamps and fixed core-property dates.

    python-docx, docxtpl and openpyxl stamp the wall clock into the zip entries and into
    ``docProps/core.xml``; both are replaced so that two runs give the same bytes.  Member
    order is kept (``[Content_Types].xml`` must stay first).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(rb"\g<1>" + FIXED_W3CDTF.encode() + rb"\g<2>", blob)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, blob)
    return out.getvalue()
