"""Read the parts of an OOXML package (DOCX) without trusting it.

A DOCX is a zip of XML files, and both layers can be hostile: a zip member may inflate to
gigabytes (a zip bomb, whatever size it declares) and an XML part may declare entities that
expand exponentially ("billion laughs") or point at files and URLs.  Every read here streams
and counts the bytes actually inflated, every XML part with a DTD is refused before it is
parsed (Word never writes one), and the parser itself never resolves entities or fetches
anything.  Each violation raises :class:`UnsafePackage` carrying a Vietnamese message.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

MAX_PART_BYTES = 64 * 1024 * 1024  # one inflated member
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all members read from one package
MAX_MEMBERS = 2000
READ_CHUNK = 1024 * 1024
_MIB = 1024 * 1024

# Markers of a DTD, in the encodings an XML part may use (UTF-8, UTF-16 LE/BE).
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
# OLE compound file magic and the stream name Office uses for a password-protected package.
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

MSG_NOT_ZIP = "Tệp DOCX bị hỏng hoặc bị cắt cụt (không mở được gói ZIP)."
MSG_ENCRYPTED = "Tệp DOCX được mã hoá (có mật khẩu), không đọc được."
MSG_DTD = "Tệp DOCX chứa khai báo DOCTYPE/ENTITY, không an toàn nên không đọc."


class UnsafePackage(Exception):
    """The package is corrupt or hostile; ``str(exc)`` is the Vietnamese reason."""


def is_encrypted_office(data: bytes) -> bool:
    """Whether ``data`` is a password-protected Office file (an OLE container, not a zip)."""
    return data.startswith(_CFB_MAGIC) and _ENCRYPTED_STREAM in data


def xml_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entity, loads no DTD and touches no network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class SafePackage:
    """A zip opened for bounded reading: member count, per-part and total inflated bytes.

    The running total is the only state and lives in the instance, one per document.
    """

    def __init__(self, data: bytes, label: str = "DOCX") -> None:
        self.label = label
        self.total = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except _ZIP_ERRORS as exc:
            raise UnsafePackage(MSG_NOT_ZIP) from exc
        if len(members) > MAX_MEMBERS:
            raise UnsafePackage(
                f"Tệp {label} có quá nhiều thành phần ({len(members)} > {MAX_MEMBERS}), "
                "bị nghi là tệp độc hại nên không đọc."
            )
        self.names = {info.filename for info in members}

    def read(self, name: str) -> bytes | None:
        """The inflated bytes of member ``name`` (None when absent), within the caps."""
        if name not in self.names:
            return None
        out = io.BytesIO()
        try:
            with self.zip.open(name) as stream:
                while chunk := stream.read(READ_CHUNK):
                    self.total += len(chunk)
                    if out.tell() + len(chunk) > MAX_PART_BYTES:
                        raise UnsafePackage(self._bomb(name, MAX_PART_BYTES))
                    if self.total > MAX_TOTAL_BYTES:
                        raise UnsafePackage(self._bomb("tổng các phần", MAX_TOTAL_BYTES))
                    out.write(chunk)
        except _ZIP_ERRORS as exc:
            raise UnsafePackage(
                f"Tệp {self.label} bị hỏng: không giải nén được phần {name} ({_short(exc)})."
            ) from exc
        return out.getvalue()

    def xml(self, name: str) -> etree._Element | None:
        """The parsed root of XML member ``name`` (None when absent); DTDs are refused."""
        blob = self.read(name)
        if blob is None:
            return None
        return parse_xml(blob, name, self.label)

    def _bomb(self, what: str, limit: int) -> str:
        return (
            f"Tệp {self.label} bị nghi là bom nén: {what} giải nén vượt quá "
            f"{limit // _MIB} MiB nên không đọc."
        )


def parse_xml(blob: bytes, name: str, label: str = "DOCX") -> etree._Element:
    """Parse one XML part safely: refuse any DTD, resolve nothing, report damage in Vietnamese."""
    if any(marker in blob for marker in _DTD_MARKERS):
        raise UnsafePackage(MSG_DTD.replace("DOCX", label))
    try:
        root = etree.fromstring(blob, parser=xml_parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafePackage(
            f"Tệp {label} bị hỏng: phần {name} không phải XML hợp lệ ({_short(exc)})."
        ) from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise UnsafePackage(MSG_DTD.replace("DOCX", label))
    return root


def _short(exc: BaseException) -> str:
    """A one-line, bounded description of an exception for a message."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]
