"""After signing: the final decision read back from the clerk's draft, and the certificates.

``finalize`` reads the annex of the draft decision (``du_thao_quyet_dinh_giay_khen.docx``) as
the clerk left it in Word: names removed, added, reordered, a detail or an award changed.  It
reports every difference from the run's eligible list (``nominees.csv``), renders the final
decision (``quyet_dinh_giay_khen.docx``) from the same template with the edited list and the
decision's number and date, a Giấy khen per awardee (``giay_khen/``) and one PDF to print, and
records the awards in the register.  The register is written while the new outbox is staged
and before it is swapped in: a refused number changes neither.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import CampaignConfig, Unit
from pipeline.model import RunResult, Verdict
from pipeline.render.drafts import DECISION, draft_context
from pipeline.render.labels import KINDS, VERDICTS
from pipeline.render.ooxml import normalize_package
from pipeline.render.paths import TEMPLATES_DIR
from pipeline.render.tables import count_text, long_date, printable, render_docx
from pipeline.text import fold

DRAFT_NAME = DECISION[2]
FINAL_NAME = "quyet_dinh_giay_khen.docx"
CERTIFICATE_DIR = "giay_khen"
CERTIFICATE_TEMPLATE = "giay_khen.docx"
PRINT_NAME = "in_tat_ca.pdf"
FINAL_TITLE = "Quyết định tặng Giấy khen"
NO_PDF_NOTE = "CHUA_CO_PDF.txt"
# The annex tables the draft template writes, by their header row (folded).
ANNEX_HEADERS = {
    ("stt", "ten tap the"): "collective",
    ("stt", "ho va ten", "chuc vu don vi"): "individual",
}
BLANKS = ("…", "...", "Số:      /", "Số: /")
_SLUG_KEEP = re.compile(r"[^a-z0-9]+")


def decision_award(config: CampaignConfig) -> str:
    """The award level the decision gives: the draft section's ``award``, else DECISION's."""
    return str(config.drafts.get(DECISION[0], {}).get("award") or DECISION[1])


class DraftError(Exception):
    """The draft cannot be read back as our decision; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Entry:
    """One row of the annex: a collective, or an individual with their position and unit."""

    kind: str  # collective | individual
    name: str
    position_unit: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, fold(self.name))


@dataclass(frozen=True)
class Difference:
    """One way the clerk's list differs from the pipeline's eligible list."""

    change: str  # removed | added | award_changed | changed | reordered
    kind: str
    name: str
    message: str  # Vietnamese


@dataclass
class Draft:
    """What the draft says: its annex rows in order and the signer's name, if typed in."""

    entries: list[Entry]
    signer_name: str = ""


@dataclass
class Nominee:
    """A row of nominees.csv."""

    unit_id: str
    kind: str
    name: str
    position: str
    award: str
    verdict: str
    reasons: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------ reading


def _cell_text(cell: Any) -> str:
    return printable(" ".join(p.text for p in cell.paragraphs))


def read_draft(path: Path, signer_lines: Sequence[str] = ()) -> Draft:
    """The annex rows of a draft decision, in the clerk's order; DraftError if not ours."""
    from docx import Document

    try:
        doc = Document(str(path))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise DraftError(f"không mở được tệp {path.name} như văn bản Word (.docx): {exc}") from exc
    except Exception as exc:  # python-docx raises its own errors for a package that is not Word
        raise DraftError(f"tệp {path.name} không phải văn bản Word (.docx) đọc được") from exc
    if not any(fold(p.text) == "quyet dinh" for p in doc.paragraphs):
        raise DraftError(
            f'tệp {path.name} không phải dự thảo quyết định (không có dòng "QUYẾT ĐỊNH"); '
            "tờ trình hay văn bản khác không dùng để hoàn tất quyết định được"
        )
    from docx.oxml.ns import qn

    body = doc.element.body
    if (
        next(body.iter(qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")), None)
        is not None
    ):
        raise DraftError(
            f"dự thảo {path.name} còn những sửa đổi được theo dõi (Track Changes) chưa chấp "
            "nhận: trong Word chọn Review > Accept All Changes, lưu lại rồi chạy lại lệnh"
        )
    entries: list[Entry] = []
    found = 0
    for table in doc.tables:
        rows = table.rows
        if not rows:
            continue
        header = tuple(fold(_cell_text(c)) for c in _unique_cells(rows[0]))
        kind = ANNEX_HEADERS.get(header)
        if kind is None:
            continue
        found += 1
        for row in rows[1:]:
            cells = [_cell_text(c) for c in _unique_cells(row)]
            if len(cells) < 2 or not cells[1]:
                continue
            detail = cells[2] if kind == "individual" and len(cells) > 2 else ""
            entries.append(Entry(kind, cells[1], detail))
    if not found:
        raise DraftError(
            f"tệp {path.name} không có bảng danh sách tập thể (Stt, Tên tập thể) hay cá nhân "
            "(Stt, Họ và tên, Chức vụ, đơn vị) của dự thảo quyết định: đây không phải dự thảo "
            "do chương trình lập, hoặc bảng đã bị sửa tiêu đề"
        )
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if entry.key in seen:
            raise DraftError(
                f"dự thảo {path.name} ghi {_who(entry)} hai lần: một người, một tập thể chỉ "
                "được khen một lần trong một quyết định; sửa dự thảo rồi chạy lại lệnh"
            )
        seen.add(entry.key)
    return Draft(entries, _signer_name(doc, signer_lines))


def _unique_cells(row: Any) -> list[Any]:
    """A row's cells with a horizontally merged cell counted once."""
    cells: list[Any] = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return cells


def _signer_name(doc: Any, signer_lines: Sequence[str]) -> str:
    """The name typed under the signature (after the signer's last title line), if any."""
    wanted = [fold(line) for line in signer_lines if line.strip()]
    if not wanted:
        return ""
    for table in doc.tables:
        for cell in (c for row in table.rows for c in row.cells):
            texts = [printable(p.text) for p in cell.paragraphs]
            folded = [fold(t) for t in texts]
            if wanted[-1] not in folded:
                continue
            after = texts[len(folded) - folded[::-1].index(wanted[-1]) :]
            names = [t for t in after if t]
            return names[0] if names else ""
    return ""


def read_nominees(outbox: Path) -> list[Nominee]:
    """The run's nominees.csv (every nominee, every verdict)."""
    path = outbox / "nominees.csv"
    if not path.is_file():
        raise DraftError(f"không có {path}: hãy chạy lại chương trình (run) vào thư mục này")
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Nominee(
                unit_id=row["unit_id"],
                kind=row["kind"],
                name=row["name"],
                position=row["position"],
                award=row["award"],
                verdict=row["verdict"],
                reasons=[r for r in row["reasons"].split(";") if r],
            )
            for row in csv.DictReader(fh)
        ]


def eligible_entries(nominees: list[Nominee], units: list[Unit], award: str) -> list[Entry]:
    """The pipeline's list for the decision, in the draft's order (as the draft renders it)."""
    from pipeline.render.drafts import nominee_lists

    collectives, individuals = nominee_lists(_verdicts(nominees), award, units)
    return [Entry("collective", c["name"]) for c in collectives] + [
        Entry("individual", i["name"], i["position_unit"]) for i in individuals
    ]


def _verdicts(nominees: list[Nominee]) -> list[Verdict]:
    return [
        Verdict(n.unit_id or None, n.kind, n.name, n.position, n.award or None, n.verdict)
        for n in nominees
    ]


# ------------------------------------------------------------------------ comparing

# Lines the clerk is expected to change with the list, or that finalize fills in itself.
_LIST_LINES = re.compile(r"^(Điều 1\.|I+\. (TẬP THỂ|CÁ NHÂN) \(\d+\)$)")


def wording_edits(
    draft: Path, config: CampaignConfig, units: list[Unit], nominees: list[Nominee], as_of: str
) -> list[str]:
    """The draft's own lines the clerk changed outside the list (the final decision takes its
    wording from the template, so these would be lost): the draft re-rendered from the run's
    list is compared with the draft as saved, line by line."""
    import difflib

    from docx import Document

    result = RunResult(as_of=as_of, records=[], findings=[], units=[], verdicts=_verdicts(nominees))
    context = draft_context(result, config, units, DECISION[0], decision_award(config))
    original = render_docx(TEMPLATES_DIR / DRAFT_NAME, context)
    before = _wording(Document(io.BytesIO(original)))
    after = _wording(Document(str(draft)))
    edits = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines = after[j1:j2] or [f"(xoá) {line}" for line in before[i1:i2]]
        edits += [line if len(line) <= 120 else line[:117] + "…" for line in lines]
    return edits


def _wording(doc: Any) -> list[str]:
    """A document's lines outside the annex tables, without the lines the list changes."""
    lines = [printable(p.text) for p in doc.paragraphs]
    for table in doc.tables:
        header = tuple(fold(_cell_text(c)) for c in _unique_cells(table.rows[0]))
        if header in ANNEX_HEADERS:
            continue
        for cell in (c for row in table.rows for c in _unique_cells(row)):
            lines += [printable(p.text) for p in cell.paragraphs]
    return [line for line in lines if line and not _LIST_LINES.match(line)]


def differences(
    expected: list[Entry], draft: list[Entry], nominees: list[Nominee], config: CampaignConfig
) -> list[Difference]:
    """Every difference of the clerk's list from the eligible list, in Vietnamese."""
    key = decision_award(config)
    award = config.awards[key].name
    wanted = {e.key: e for e in expected}
    given = {e.key: e for e in draft}
    by_name: dict[tuple[str, str], list[Nominee]] = {}
    for n in nominees:
        by_name.setdefault((n.kind, fold(n.name)), []).append(n)
    out: list[Difference] = []
    for e in expected:
        if e.key not in given:
            out.append(
                Difference(
                    "removed",
                    e.kind,
                    e.name,
                    f"Bỏ khỏi danh sách: {_who(e)} (đủ điều kiện, có trong danh sách của "
                    "chương trình).",
                )
            )
    for e in draft:
        if e.key in wanted:
            before = wanted[e.key]
            if before.name != e.name or before.position_unit != e.position_unit:
                out.append(
                    Difference("changed", e.kind, e.name, f"Sửa: {_who(before)} thành {_who(e)}.")
                )
            continue
        known = by_name.get(e.key, [])
        other = [n for n in known if n.verdict == "eligible" and n.award != key]
        if other:
            asked = config.awards[other[0].award].name if other[0].award in config.awards else ""
            out.append(
                Difference(
                    "award_changed",
                    e.kind,
                    e.name,
                    f"Đổi hình thức khen thưởng: {_who(e)} được đề nghị {asked or other[0].award},"
                    f" nay ghi tặng {award}.",
                )
            )
        elif known:
            n = known[0]
            verdict = VERDICTS.get(n.verdict, n.verdict).lower()
            reasons = f" ({', '.join(n.reasons)})" if n.reasons else ""
            out.append(
                Difference(
                    "added",
                    e.kind,
                    e.name,
                    f"Thêm vào danh sách: {_who(e)}; chương trình đánh giá hồ sơ: "
                    f"{verdict}{reasons}.",
                )
            )
        else:
            out.append(
                Difference(
                    "added",
                    e.kind,
                    e.name,
                    f"Thêm vào danh sách: {_who(e)}; không có trong các hồ sơ đề nghị khen thưởng "
                    "mà chương trình đã đọc.",
                )
            )
    for kind in ("collective", "individual"):
        common_draft = [e.key for e in draft if e.kind == kind and e.key in wanted]
        common_expected = [e.key for e in expected if e.kind == kind and e.key in given]
        if common_draft != common_expected:
            label = "tập thể" if kind == "collective" else "cá nhân"
            out.append(
                Difference(
                    "reordered",
                    kind,
                    "",
                    f"Thứ tự danh sách {label} đã được sắp xếp lại; quyết định giữ thứ tự "
                    "trong dự thảo.",
                )
            )
    return out


def _who(e: Entry) -> str:
    label = KINDS.get(e.kind, e.kind).lower()
    return f"{label} {e.name}" + (f" ({e.position_unit})" if e.position_unit else "")


# ------------------------------------------------------------------------ rendering


@dataclass(frozen=True)
class Decision:
    """The signed decision's number and date."""

    number: str
    date: dt.date

    @property
    def long_date(self) -> str:
        return long_date(self.date)


def final_context(
    config: CampaignConfig,
    units: list[Unit],
    entries: list[Entry],
    decision: Decision,
    signer_name: str,
    as_of: str,
) -> dict[str, Any]:
    """The draft template's context with the clerk's list, the number, date and signer."""
    result = RunResult(as_of=as_of, records=[], findings=[], units=[], verdicts=[])
    context = draft_context(result, config, units, DECISION[0], decision_award(config))
    collectives = [{"name": e.name} for e in entries if e.kind == "collective"]
    individuals = [
        {"name": e.name, "position_unit": e.position_unit}
        for e in entries
        if e.kind == "individual"
    ]
    from pipeline.render.drafts import count_phrase

    context.update(
        collectives=collectives,
        individuals=individuals,
        collective_count=count_text(len(collectives)),
        individual_count=count_text(len(individuals)),
        count_phrase=count_phrase(len(collectives), len(individuals)),
        decision_number=decision.number,
        decision_date=decision.long_date,
        signer_name=signer_name or context["signer_name"],
    )
    return context


def achievement_line(config: CampaignConfig) -> str:
    """What every certificate of this decision says the awardee did."""
    return f"Đã có thành tích xuất sắc trong {printable(config.campaign.short_name)}."


def achievements_reported(outbox: Path) -> dict[tuple[str, str], str]:
    """The model, initiative or solution each achievement report names, by (kind, folded name).

    Read from the run's records.jsonl: the register keeps it beside the campaign's line, so
    that an award is tied to the achievement it was given for.
    """
    import json

    path = outbox / "records.jsonl"
    found: dict[tuple[str, str], str] = {}
    if not path.is_file():
        return found
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("doc_type") != "achievement_report":
                continue
            quotes = [
                printable(str(e.get("quote") or ""))
                for e in record.get("evidence") or []
                if e.get("field") == "model_or_solution" and e.get("quote")
            ]
            for nominee in record.get("nominees") or []:
                key = (str(nominee.get("kind")), fold(str(nominee.get("name") or "")))
                if quotes:
                    found.setdefault(key, quotes[0])
    return found


def certificate_contexts(
    context: dict[str, Any], entries: list[Entry], achievement: str
) -> list[tuple[str, dict[str, Any]]]:
    """(file name, template context) of each awardee's Giấy khen, numbered in list order."""
    signer = [
        line
        for line in (context["signer_on_behalf"], context["signer_deputy"], context["signer_title"])
        if line
    ]
    out = []
    width = max(2, len(str(len(entries))))
    for index, e in enumerate(entries, start=1):
        name = f"{CERTIFICATE_DIR}/{index:0{width}d}_{slug(e.name)}.docx"
        out.append(
            (
                name,
                {
                    "authority": context["authority"],
                    "name": e.name,
                    "unit_line": e.position_unit,
                    "achievement": achievement,
                    "decision_number": context["decision_number"],
                    "decision_date": context["decision_date"],
                    "place": context["place"],
                    "signer_lines": signer,
                    "signer_name": context["signer_name"],
                },
            )
        )
    return out


def slug(name: str, limit: int = 60) -> str:
    """An ASCII file-name part of a name: "Trần Văn Hùng" → "tran_van_hung"."""
    text = _SLUG_KEEP.sub("_", fold(name)).strip("_")
    return text[:limit].rstrip("_") or "khong_ten"


def render_files(
    context: dict[str, Any],
    certificates: list[tuple[str, dict[str, Any]]],
    templates_dir: Path = TEMPLATES_DIR,
) -> dict[str, bytes]:
    """The final decision and each certificate as DOCX bytes, by outbox name."""
    final = _retitled(render_docx(templates_dir / DRAFT_NAME, context), FINAL_TITLE)
    blanks = leftover_blanks(final)
    if blanks:
        raise DraftError(
            f"mẫu {DRAFT_NAME} để lại chỗ trống trong quyết định ({blanks[0]!r}): mẫu đã mất "
            "các thẻ decision_number, decision_date (xem README, mục mẫu văn bản)"
        )
    files = {FINAL_NAME: final}
    for name, cert in certificates:
        files[name] = render_docx(templates_dir / CERTIFICATE_TEMPLATE, cert)
    return files


def _retitled(docx: bytes, title: str) -> bytes:
    """The document with its title property replaced (the draft's says "Dự thảo")."""
    from docx import Document

    doc = Document(io.BytesIO(docx))
    doc.core_properties.title = title
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_package(buffer.getvalue())


def leftover_blanks(docx: bytes) -> list[str]:
    """Blanks ("…", "Số:      /") still in a document's text: none in a final decision."""
    from docx import Document

    doc = Document(io.BytesIO(docx))
    texts = [p.text for p in doc.paragraphs]
    texts += [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return [t for t in texts if any(b in t for b in BLANKS)]


# ------------------------------------------------------------------------ printing


def print_pdf(files: dict[str, bytes], timeout: float = 300.0) -> bytes | None:
    """All certificates in one PDF (LibreOffice converts, pypdfium2 joins); None without it.

    ``files`` are the certificates' DOCX bytes by name, printed in name order.
    """
    import shutil
    import tempfile

    import pypdfium2 as pdfium

    from pipeline.parse.doc import _kill_group

    soffice = next((p for p in (shutil.which(n) for n in ("soffice", "libreoffice")) if p), None)
    if soffice is None or not files:
        return None
    import subprocess

    with tempfile.TemporaryDirectory(prefix="thidua_print_", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        sources = []
        for index, (_, data) in enumerate(sorted(files.items())):
            source = work / f"{index:04d}.docx"
            source.write_bytes(data)
            sources.append(source)
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "pdf"),
            *map(str, sources),
        ]
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
            return None
        finally:
            _kill_group(process)
        pdfs = [work / "pdf" / (s.stem + ".pdf") for s in sources]
        if not all(p.is_file() and p.stat().st_size for p in pdfs):
            return None
        merged = pdfium.PdfDocument.new()
        for path in pdfs:
            merged.import_pages(pdfium.PdfDocument(path))
        buffer = io.BytesIO()
        merged.save(buffer)
        return buffer.getvalue()


# ------------------------------------------------------------------------ the command


@dataclass(frozen=True)
class FinalizeOptions:
    outbox: Path
    number: str
    date: dt.date
    config: Path
    draft: Path | None = None
    register: Path | None = None
    signer: str | None = None
    pdf: bool = True


@dataclass
class FinalizeReport:
    differences: list[Difference]
    entries: list[Entry]
    written: list[str]
    recorded: int
    pdf: bool
    signer_name: str
    register: Path
    wording: list[str] = field(default_factory=list)


def finalize(options: FinalizeOptions) -> FinalizeReport:
    """Read the draft back, write the final decision and certificates, record the awards.

    Raises DraftError (nothing written) when the draft is not ours or lists nobody, and the
    register's AlreadyRecorded (nothing written) when the number is already recorded.
    """
    from pipeline.config import load_config, load_roster, roster_path
    from pipeline.register import AlreadyRecorded, decision_key, decisions
    from pipeline.register import record_decision as record
    from pipeline.render.writer import write_outbox

    outbox = options.outbox
    if not outbox.is_dir():
        raise DraftError(f"không tìm thấy thư mục kết quả {outbox}")
    number = printable(options.number)
    if not re.fullmatch(r"\d+(/[\w.-]+)+", number):
        raise DraftError(f'số quyết định {options.number!r} không đúng dạng "123/QĐ-UBND"')
    config = load_config(options.config)
    units = load_roster(roster_path(options.config, config))
    register = default_register(options.config, config, options.register, outbox)
    key = decision_key(number)
    if any(decision_key(n) == key for n, _, _ in decisions(register)):
        raise AlreadyRecorded(number)
    draft_path = options.draft or outbox / DRAFT_NAME
    if not draft_path.is_file():
        raise DraftError(f"không tìm thấy dự thảo {draft_path}")
    drafts = config.drafts.get(DECISION[0], {})
    signer_lines = [
        str(drafts.get(k) or "") for k in ("signer_on_behalf", "signer_deputy", "signer_title")
    ]
    draft = read_draft(draft_path, signer_lines)
    if not draft.entries:
        raise DraftError(f"dự thảo {draft_path.name} không còn tập thể, cá nhân nào để khen thưởng")
    nominees = read_nominees(outbox)
    expected = eligible_entries(nominees, units, decision_award(config))
    found = differences(expected, draft.entries, nominees, config)
    as_of = _run_as_of(outbox)
    wording = wording_edits(draft_path, config, units, nominees, as_of) if as_of else []
    decision = Decision(number, options.date)
    signer = printable(options.signer or draft.signer_name)
    context = final_context(
        config, units, draft.entries, decision, signer, options.date.isoformat()
    )
    achievement = achievement_line(config)
    certificates = certificate_contexts(context, draft.entries, achievement)
    new_files = render_files(context, certificates)
    pdf = (
        print_pdf({n: d for n, d in new_files.items() if n != FINAL_NAME}) if options.pdf else None
    )
    if pdf is not None:
        new_files[f"{CERTIFICATE_DIR}/{PRINT_NAME}"] = pdf
    else:
        new_files[f"{CERTIFICATE_DIR}/{NO_PDF_NOTE}"] = NO_PDF_TEXT.encode("utf-8")
    files = {
        name: data
        for name, data in _outbox_files(outbox).items()
        if name != FINAL_NAME and not name.startswith(CERTIFICATE_DIR + "/")
    }
    files.update(new_files)
    if "manifest.json" in files:
        files["manifest.json"] = _with_finalized(
            files["manifest.json"], decision, draft_path, new_files, len(draft.entries)
        )
    reported = achievements_reported(outbox)
    rows = award_rows(config, units, nominees, draft.entries, decision, achievement, reported)
    recorded: list[int] = []
    write_outbox(outbox, files, before_swap=lambda: recorded.append(record(register, rows)))
    return FinalizeReport(
        found,
        draft.entries,
        sorted(new_files),
        recorded[0],
        pdf is not None,
        context["signer_name"],
        register,
        wording,
    )


NO_PDF_TEXT = (
    "Máy này không có LibreOffice (soffice), nên chưa có tệp in_tat_ca.pdf.\n"
    "Các Giấy khen (.docx) trong thư mục này mở và in được bằng Word; hoặc cài LibreOffice\n"
    "rồi chạy lại lệnh finalize với một số quyết định chưa ghi sổ.\n"
)


def default_register(
    config_path: Path, config: CampaignConfig, override: Path | None, outbox: Path
) -> Path:
    """``--register``, else the config's ``register.path``; never inside the outbox."""
    from pipeline.config import ConfigError
    from pipeline.register import register_file

    path = register_file(config_path, config, override, outbox)
    if path is None:
        raise ConfigError(
            f"cấu hình {config_path} không nêu sổ khen thưởng (register.path); "
            "hãy chỉ ra bằng --register"
        )
    return path


def _with_finalized(
    manifest: bytes, decision: Decision, draft: Path, files: dict[str, bytes], awards: int
) -> bytes:
    """The run's manifest with a ``finalized`` entry: which decision, from which draft, what
    was written (sha256), so an auditor can follow the signed decision back to the draft."""
    import hashlib
    import json

    data = json.loads(manifest)
    data["finalized"] = {
        "decision_number": decision.number,
        "decision_date": decision.date.isoformat(),
        "draft": {
            "file": draft.name,
            "sha256": hashlib.sha256(draft.read_bytes()).hexdigest(),
        },
        "awards": awards,
        "outputs": [
            {"file": name, "sha256": hashlib.sha256(blob).hexdigest()}
            for name, blob in sorted(files.items())
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _run_as_of(outbox: Path) -> str | None:
    """The run's --as-of date, from its manifest (None without one)."""
    import json

    try:
        value = json.loads((outbox / "manifest.json").read_text("utf-8")).get("as_of")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _outbox_files(outbox: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outbox).as_posix(): path.read_bytes()
        for path in sorted(outbox.rglob("*"))
        if path.is_file()
    }


def award_rows(
    config: CampaignConfig,
    units: list[Unit],
    nominees: list[Nominee],
    entries: list[Entry],
    decision: Decision,
    achievement: str,
    reported: dict[tuple[str, str], str] | None = None,
) -> list[Any]:
    """The register's rows for this decision: one per awardee, in the decision's order."""
    from pipeline.register import AwardRow

    names = {u.unit_id: u.name for u in units}
    known: dict[tuple[str, str], Nominee] = {}
    for n in nominees:
        current = known.get((n.kind, fold(n.name)))
        if current is None or (n.verdict == "eligible" and current.verdict != "eligible"):
            known[(n.kind, fold(n.name))] = n
    key = decision_award(config)
    award = config.awards[key]
    rows = []
    for e in entries:
        found = known.get(e.key)
        unit_id = found.unit_id if found and found.unit_id else None
        if e.kind == "collective":
            unit_name = names.get(unit_id or "", e.name)
            position = ""
        else:
            position, _, rest = e.position_unit.partition(", ")
            unit_name = names.get(unit_id or "", rest)
            if found and found.position and fold(found.position) == fold(position):
                position = found.position
        rows.append(
            AwardRow(
                campaign=config.campaign.id,
                decision_number=decision.number,
                decision_date=decision.date.isoformat(),
                award=key,
                award_name=award.name,
                kind=e.kind,
                name=e.name,
                unit_id=unit_id,
                unit_name=unit_name,
                position=position,
                achievement=" ".join(
                    part for part in (achievement, (reported or {}).get(e.key, "")) if part
                ),
            )
        )
    return rows


def main(args: Any) -> int:
    """``python -m pipeline finalize``: 0 done, 2 refused (nothing written), 3 cannot write."""
    import sqlite3
    import sys

    from pipeline.config import ConfigError
    from pipeline.register import AlreadyRecorded

    options = FinalizeOptions(
        outbox=args.outbox,
        number=args.number,
        date=args.date,
        config=args.config,
        draft=args.draft,
        register=args.register,
        signer=args.signer,
    )
    from pipeline.lock import FolderLock, LockBusy

    try:
        # The outbox's lock, as a run takes it: a run and a finalize never write it at once.
        with FolderLock(options.outbox):
            report = finalize(options)
    except LockBusy as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 4
    except DraftError as exc:
        print(f"Lỗi: {exc}. Không ghi gì.", file=sys.stderr)
        return 2
    except AlreadyRecorded as exc:
        print(f"Lỗi: {exc} Không ghi gì vào thư mục kết quả.", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as exc:
        print(
            f"Lỗi ghi kết quả hoặc sổ khen thưởng: {exc}. Thư mục kết quả giữ nguyên.",
            file=sys.stderr,
        )
        return 3
    print(difference_report(report.differences))
    if report.wording:
        print(
            f"Lưu ý: dự thảo có {len(report.wording)} dòng câu chữ sửa ngoài danh sách; quyết "
            f"định chính thức dùng câu chữ của mẫu templates/{DRAFT_NAME} (sửa mẫu nếu cần giữ):"
        )
        print("\n".join(f"  - {line}" for line in report.wording))
    awardees = count_phrase_of(report.entries)
    print(
        f"Quyết định số {options.number} {long_date(options.date)}: tặng Giấy khen cho {awardees}."
    )
    print(
        f"Đã ghi {FINAL_NAME} và {len(report.entries)} Giấy khen vào {options.outbox}/"
        f"{CERTIFICATE_DIR}/."
    )
    if report.pdf:
        print(f"Tệp in tất cả Giấy khen: {options.outbox}/{CERTIFICATE_DIR}/{PRINT_NAME}.")
    else:
        print(
            "Máy không có LibreOffice: chưa tạo được tệp PDF để in; in từng tệp .docx "
            f"(xem {CERTIFICATE_DIR}/{NO_PDF_NOTE})."
        )
    if not report.signer_name:
        print(
            "Lưu ý: chưa có tên người ký (gõ vào dự thảo, khai trong cấu hình hoặc dùng --signer)."
        )
    print(f"Đã ghi {report.recorded} khen thưởng vào sổ khen thưởng {report.register}.")
    return 0


def difference_report(found: list[Difference]) -> str:
    """The differences for the terminal, one per line, or a line saying there are none."""
    if not found:
        return "Dự thảo khớp với danh sách đủ điều kiện của chương trình: không có khác biệt."
    lines = [f"Dự thảo khác danh sách đủ điều kiện của chương trình ({len(found)} điểm):"]
    lines += [f"  - {d.message}" for d in found]
    return "\n".join(lines)


def count_phrase_of(entries: list[Entry]) -> str:
    from pipeline.render.drafts import count_phrase

    return count_phrase(
        sum(e.kind == "collective" for e in entries), sum(e.kind == "individual" for e in entries)
    )
