"""Word 97-2003 (.doc) to .docx with LibreOffice, so one DOCX parser reads both.

Each conversion runs ``soffice --headless`` in a private temporary directory with its own user
profile, so parallel conversions do not share LibreOffice's profile lock, and nothing is left
behind. The process group is killed when it runs past its time limit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT_S = 90.0
# What a Word 97-2003 file starts with: the OLE2 compound-file signature, or RTF, which Word
# also saves under a .doc name. Anything else LibreOffice would import as plain text.
DOC_SIGNATURES = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")
INPUT_NAME = "input.doc"

MSG_UNAVAILABLE = "Máy không có LibreOffice để chuyển tệp .doc"
MSG_NOT_DOC = "tệp không phải văn bản Word 97-2003"
MSG_TIMEOUT = "LibreOffice không chuyển xong trong {seconds:g} giây"
MSG_FAILED = "LibreOffice không đọc được tệp (tệp hỏng, có mật khẩu hoặc không phải văn bản Word)"


class ConversionUnavailable(Exception):
    """LibreOffice is not installed, so a .doc file cannot be read."""


class ConversionFailed(Exception):
    """LibreOffice could not convert this file; the message says why, in Vietnamese."""


def doc_to_docx(data: bytes, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The .docx bytes of the Word 97-2003 document ``data``, converted by LibreOffice.

    Raises ``ConversionUnavailable`` without LibreOffice and ``ConversionFailed`` when the
    bytes are not a Word document, LibreOffice cannot read them or takes over ``timeout``
    seconds.
    """
    soffice = _find_soffice()
    if not data.startswith(DOC_SIGNATURES):
        raise ConversionFailed(MSG_NOT_DOC)
    with tempfile.TemporaryDirectory(prefix="thidua_doc_", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        source = work / INPUT_NAME
        source.write_bytes(data)
        out_dir = work / "out"
        _run_soffice(_command(soffice, source, out_dir, work / "profile"), timeout)
        result = out_dir / (source.stem + ".docx")
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionFailed(MSG_FAILED)
        return result.read_bytes()


def _find_soffice() -> str:
    for name in SOFFICE_NAMES:
        path = shutil.which(name)
        if path is not None:
            return path
    raise ConversionUnavailable(MSG_UNAVAILABLE)


def _command(soffice: str, source: Path, out_dir: Path, profile: Path) -> list[str]:
    return [
        soffice,
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out_dir),
        str(source),
    ]


def _run_soffice(command: list[str], timeout: float) -> None:
    """Run LibreOffice in its own process group; kill the whole group when time runs out."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ConversionFailed(MSG_TIMEOUT.format(seconds=timeout)) from None
    finally:
        _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill whatever is left of the process group (a helper LibreOffice started, or all of it)."""
    with contextlib.suppress(ProcessLookupError):  # the group has already exited
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
