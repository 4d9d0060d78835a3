"""Decide a file's format from its bytes, never from its name (SPEC §2).

Staff rename files freely: a DOCX saved as ``.pdf``, Word's "web page" saved as ``.doc``.
The name only breaks a tie for e-mails, whose headers look like any other text, and names the
few files the operating system or Office leave beside documents (see :func:`system_file`).
"""

from __future__ import annotations

import io
import re
import zipfile

HEAD_BYTES = 1024  # where the PDF and HTML signatures must appear
MAIL_HEAD_BYTES = 65536  # how far the header block of an e-mail is read
MAX_SNIFF_ENTRIES = 10000  # past this many zip entries, skip reading the directory

_PDF = b"%PDF-"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CENTRAL_ENTRY = b"PK\x01\x02"
_DOCX_PART = "word/document.xml"
_XLSX_PART = "xl/workbook.xml"
_HTML_MARKS = (b"<html", b"<!doctype html")
_BOM = b"\xef\xbb\xbf"


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


# Stream names in an OLE2 compound file's directory (stored as UTF-16LE).
_OLE_WORD = _utf16("WordDocument")
_OLE_ENCRYPTED = _utf16("EncryptedPackage")
_OLE_OUTLOOK = _utf16("__substg1.0_")
_OLE_EXCEL = _utf16("Workbook")
_OLE_EXCEL5 = _utf16("Book\x00")  # Excel 5/95 names its stream "Book"
_OLE_POWERPOINT = _utf16("PowerPoint Document")

_MAIL_KEY_HEADERS = frozenset({b"from", b"date", b"mime-version", b"subject", b"received"})
_MAIL_NAMES = (".eml", ".msg")
_HEADER_FIELD = re.compile(rb"([!-9;-~]+)[ \t]*:")

# Images read by OCR like a scanned page (a photo or scan of a document).
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_DS_STORE = b"\x00\x00\x00\x01Bud1"  # macOS Finder's folder settings
_APPLE_DOUBLE = b"\x00\x05\x16\x07"  # macOS "._name" resource fork beside a copied file
MAX_OWNER_FILE_BYTES = 4096  # Word's "~$" owner file is 162 bytes: the editor's name

_OTHER_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "ảnh GIF"),
    (b"GIF89a", "ảnh GIF"),
    (b"Rar!\x1a\x07", "gói nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "gói nén 7z"),
    (b"{\\rtf", "văn bản RTF"),
)


def sniff(data: bytes, name: str = "", complete: bool = True) -> str:
    """The format of ``data``: pdf, docx, xlsx, doc, xls, image, zip, html, eml, not_document,
    empty or unknown.

    ``complete`` is False when ``data`` is only the head of a larger file; a zip is then
    told from a DOCX by the part names visible in that head.  ``not_document`` is a file the
    system or Office left beside the documents (:func:`system_file`), whatever its bytes
    unless they are a document's.
    """
    fmt = _sniff_bytes(data, name, complete)
    if fmt in ("unknown", "empty") and system_file(data, name) is not None:
        return "not_document"
    return fmt


def _sniff_bytes(data: bytes, name: str, complete: bool) -> str:
    if not data:
        return "empty"
    # Containers first: a zip whose first member is a stored PDF shows "%PDF-" near its start.
    if data.startswith(_ZIP_MAGICS):
        return _sniff_zip(data, complete)
    if data.startswith(_OLE2):
        return _sniff_ole2(data, complete)
    if looks_like_mail(data, name):
        return "eml"
    head = data[:HEAD_BYTES]
    if _PDF in head:
        return "pdf"
    if any(mark in head.lower() for mark in _HTML_MARKS):
        return "html"
    if data.startswith(IMAGE_MAGICS):
        return "image"
    return "unknown"


def _sniff_zip(data: bytes, complete: bool) -> str:
    """A DOCX is a zip holding word/document.xml, an XLSX one holding xl/workbook.xml;
    another office package is not a bundle."""
    names = _zip_names(data) if complete else None
    if names is None:  # directory unreadable or not at hand: look at the raw local headers
        if _DOCX_PART.encode() in data:
            return "docx"
        if _XLSX_PART.encode() in data:
            return "xlsx"
        return "zip"
    if _DOCX_PART in names:
        return "docx"
    if _XLSX_PART in names:
        return "xlsx"
    if "[Content_Types].xml" in names or "mimetype" in names:
        return "unknown"  # xlsx, pptx, odt …: a document of another kind, not a bundle
    return "zip"


# What zipfile raises on a damaged or unsupported archive (a version or compression it lacks).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
)


def _zip_names(data: bytes) -> set[str] | None:
    if data.count(_CENTRAL_ENTRY) > MAX_SNIFF_ENTRIES:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except ZIP_ERRORS:
        return None


def _sniff_ole2(data: bytes, complete: bool) -> str:
    """Word 97–2003 has a WordDocument stream, and an encrypted DOCX is an OLE2 file holding an
    EncryptedPackage (parse reports it); Excel 97–2003 has a Workbook stream; other OLE2
    files are not documents we read."""
    if _OLE_WORD in data or _OLE_ENCRYPTED in data:
        return "doc"
    if _OLE_EXCEL in data or _OLE_EXCEL5 in data:
        return "xls"
    return "doc" if not complete else "unknown"


# ------------------------------------------------------------------- system files
#
# These few files are decided by their name as well as their bytes: their bytes alone (an OLE2
# thumbnail cache, an INI text, 162 bytes of a user name) look like no format, or like any
# text, so the bytes would only say "unknown" and the user would get an UNREADABLE finding for
# something nobody sent on purpose.  The name is trusted only for these well-known names and
# only when the bytes are not a document we read (a DOCX renamed Thumbs.db is still read).

_SYSTEM_NAMES = {
    "thumbs.db": "tệp hệ thống của Windows (Thumbs.db)",
    "ehthumbs.db": "tệp hệ thống của Windows (ehthumbs.db)",
    "desktop.ini": "tệp hệ thống của Windows (desktop.ini)",
    ".ds_store": "tệp hệ thống của macOS (.DS_Store)",
}
_OWNER_APPS = {
    ".doc": "Word", ".docx": "Word", ".docm": "Word", ".dot": "Word", ".dotx": "Word",
    ".rtf": "Word", ".xls": "Excel", ".xlsx": "Excel", ".xlsm": "Excel",
    ".ppt": "PowerPoint", ".pptx": "PowerPoint",
}  # fmt: skip


def is_system_name(name: str) -> bool:
    """True when the last part of ``name`` is one the system or Office leave beside documents:
    Thumbs.db, desktop.ini, .DS_Store, an Office owner file "~$…", a macOS "._…" fork."""
    base = _base(name)
    return base.casefold() in _SYSTEM_NAMES or base.startswith(("~$", "._"))


def system_file(data: bytes, name: str) -> str | None:
    """What the system file ``data`` named ``name`` is, in short Vietnamese; None when it is
    not one (or its bytes are those of a document)."""
    if _sniff_bytes(data, name, True) not in ("unknown", "empty"):
        return None
    base = _base(name)
    if data.startswith(_DS_STORE) or base.casefold() == ".ds_store":
        return _SYSTEM_NAMES[".ds_store"]
    if data.startswith(_APPLE_DOUBLE) or base.startswith("._"):
        return "tệp phụ của macOS (._…)"
    if base.startswith("~$") and len(data) <= MAX_OWNER_FILE_BYTES:
        app = _OWNER_APPS.get(_extension(base), "Office")
        return f"tệp khoá tạm của {app} (~$…)"
    return _SYSTEM_NAMES.get(base.casefold())


def _base(name: str) -> str:
    """The file name of a path, an archive member (``a.zip#b/c``) or an attachment."""
    return name.rsplit("#", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]


def _extension(base: str) -> str:
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def looks_like_mail(data: bytes, name: str = "") -> bool:
    """True when ``data`` starts with an RFC 822 header block naming mail headers.

    Two of From/Date/MIME-Version/Subject/Received make an e-mail; one is enough when the
    name ends in .eml or .msg.
    """
    head = data[:MAIL_HEAD_BYTES]
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    lines = head.split(b"\n")
    if lines and lines[0].startswith(b"From "):  # mbox separator line
        lines = lines[1:]
    fields = _header_fields(lines)
    if fields is None:
        return False
    found = len(fields & _MAIL_KEY_HEADERS)
    needed = 1 if name.lower().endswith(_MAIL_NAMES) else 2
    return found >= needed


def _header_fields(lines: list[bytes]) -> set[bytes] | None:
    """The lower-cased field names of a header block, or None when it is not one."""
    fields: set[bytes] = set()
    for raw in lines:
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if not fields:
                return None
            continue
        match = _HEADER_FIELD.match(line)
        if match is None:
            return None
        fields.add(match.group(1).lower())
    return fields or None


def format_problem(data: bytes, fmt: str) -> str | None:
    """Why a file of format ``fmt`` cannot be read as a document, in Vietnamese; None if it can."""
    if fmt == "empty":
        return "Tệp rỗng (0 byte), không có nội dung để đọc."
    if fmt != "unknown":  # not_document included: a record with a note, not an error
        return None
    kind = _describe_unknown(data)
    return (
        f"Định dạng tệp không được hỗ trợ ({kind}); cần DOCX, PDF, Excel, ảnh chụp hoặc thư .eml."
    )


def _describe_unknown(data: bytes) -> str:
    """A short Vietnamese description of a file that is not a document we read."""
    if data.startswith(_OLE2):
        return _describe_ole2(data)
    if data.startswith(_ZIP_MAGICS):
        return "tài liệu Office/OpenDocument không phải Word hay Excel (ví dụ PowerPoint)"
    for magic, label in _OTHER_KINDS:
        if data.startswith(magic):
            return label
    return "không nhận ra loại tệp"


def _describe_ole2(data: bytes) -> str:
    if _OLE_OUTLOOK in data:
        return "thư Outlook .msg; hãy lưu thư dạng .eml"
    if _OLE_POWERPOINT in data:
        return "bản trình chiếu PowerPoint 97–2003"
    return "tệp OLE2 không phải văn bản Word"
