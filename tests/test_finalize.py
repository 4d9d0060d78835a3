"""After signing: the clerk's edited draft read back, the final decision, the certificates.

The draft comes from a real run of the command line on the sample inbox; the clerk's edits
are made with python-docx as Word would leave them (a row deleted, a row typed in).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.finalize import (
    CERTIFICATE_DIR,
    DRAFT_NAME,
    FINAL_NAME,
    NO_PDF_NOTE,
    PRINT_NAME,
    FinalizeOptions,
    finalize,
    leftover_blanks,
    read_draft,
    slug,
)
from pipeline.register import awards, decisions

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "inbox"
CONFIG = ROOT / "config" / "campaign_2021.yaml"
NUMBER = "123/QĐ-UBND"
REMOVED = "Nguyễn Thị Mai"
ADDED = ("Nguyễn Văn Mới", "Giáo viên, Trường THCS Bình Tân")
CHANGED = "Trường THCS Bình Tân"  # eligible for the city's Bằng khen, given Giấy khen instead


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def run_outbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("finalize") / "outbox"
    proc = cli("run", "--inbox", str(SAMPLES), "--outbox", str(out), "--as-of", "2021-07-10")
    assert proc.returncode == 0, proc.stderr
    assert (out / DRAFT_NAME).is_file()
    return out


@pytest.fixture
def outbox(run_outbox: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "outbox"
    shutil.copytree(run_outbox, copy)
    return copy


def finalize_cli(outbox: Path, register: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli("finalize", "--outbox", str(outbox), "--number", NUMBER, "--date", "2021-07-05",
               "--register", str(register), "--config", str(CONFIG), *extra)


def edit_draft(path: Path) -> None:
    """What the clerk does in Word: one name removed, one typed in, one award changed."""
    doc = Document(str(path))
    collectives, individuals = (t for t in doc.tables if t.rows[0].cells[0].text == "Stt")
    row = next(r for r in individuals.rows if r.cells[1].text == REMOVED)
    row._tr.getparent().remove(row._tr)
    new = individuals.add_row().cells
    new[0].text, new[1].text, new[2].text = "9", *ADDED
    new = collectives.add_row().cells
    new[0].text, new[1].text = "2", CHANGED
    doc.save(str(path))


def text_of(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return "\n".join(parts)


def test_edited_draft_gives_exactly_the_edits(outbox: Path, tmp_path: Path) -> None:
    edit_draft(outbox / DRAFT_NAME)
    register = tmp_path / "register.sqlite"
    report = finalize(FinalizeOptions(outbox, NUMBER, _date(), CONFIG, register=register,
                                      pdf=False))
    assert {(d.change, d.name) for d in report.differences} == {
        ("removed", REMOVED),
        ("added", ADDED[0]),
        ("award_changed", CHANGED),
    }
    assert len(report.differences) == 3
    assert report.wording == [], "editing the list is not a change of wording"
    changed = next(d for d in report.differences if d.change == "award_changed")
    assert "Bằng khen" in changed.message and "Giấy khen" in changed.message

    final = outbox / FINAL_NAME
    text = text_of(final)
    assert "Số: 123/QĐ-UBND" in text
    assert "Bình Tân, ngày 05 tháng 7 năm 2021" in text
    assert "Kèm theo Quyết định số 123/QĐ-UBND ngày 05 tháng 7 năm 2021" in text
    assert "02 tập thể và 05 cá nhân" in text
    assert leftover_blanks(final.read_bytes()) == []
    assert "…" not in text and "Số:      /" not in text
    names = [e.name for e in read_draft(final).entries]
    assert names == [e.name for e in report.entries]
    assert ADDED[0] in names and CHANGED in names and REMOVED not in names
    rows = awards(register)
    assert sorted(r.name for r in rows) == sorted(names)
    assert {r.decision_number for r in rows} == {NUMBER}
    added = next(r for r in rows if r.name == ADDED[0])
    assert (added.position, added.unit_name, added.unit_id) == (
        "Giáo viên", "Trường THCS Bình Tân", None)
    assert next(r for r in rows if r.name == CHANGED).unit_id == "thcs_binh_tan"
    manifest = json.loads((outbox / "manifest.json").read_text("utf-8"))
    finalized = manifest["finalized"]
    assert (finalized["decision_number"], finalized["awards"]) == (NUMBER, 7)
    assert {o["file"] for o in finalized["outputs"]} >= {FINAL_NAME}
    assert manifest["outputs"], "the run's own outputs are kept"
    trang = next(r for r in rows if r.name == "Huỳnh Thị Thu Trang")
    assert trang.achievement.startswith("Đã có thành tích xuất sắc trong đợt thi đua")
    assert "Phiếu học tập điện tử môn Tiếng Việt lớp 2" in trang.achievement


def test_unedited_draft_has_no_differences_and_cli_reports(outbox: Path, tmp_path: Path) -> None:
    proc = finalize_cli(outbox, tmp_path / "reg.sqlite")
    assert proc.returncode == 0, proc.stderr
    assert "không có khác biệt" in proc.stdout
    assert "tặng Giấy khen cho 01 tập thể và 05 cá nhân" in proc.stdout


def test_cli_prints_the_differences(outbox: Path, tmp_path: Path) -> None:
    edit_draft(outbox / DRAFT_NAME)
    proc = finalize_cli(outbox, tmp_path / "reg.sqlite", "--signer", "Nguyễn Văn Ký")
    assert proc.returncode == 0, proc.stderr
    assert "(3 điểm)" in proc.stdout
    assert f"Bỏ khỏi danh sách: cá nhân {REMOVED}" in proc.stdout
    assert f"Thêm vào danh sách: cá nhân {ADDED[0]}" in proc.stdout
    assert f"Đổi hình thức khen thưởng: tập thể {CHANGED}" in proc.stdout
    assert "Nguyễn Văn Ký" in text_of(outbox / FINAL_NAME)


def test_draft_that_is_not_ours_is_refused(outbox: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.docx"
    doc = Document()
    doc.add_paragraph("QUYẾT ĐỊNH")  # a decision, but not one of ours: no annex tables
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Họ tên", "Ghi chú"
    doc.save(str(other))
    not_docx = tmp_path / "ghi_chu.docx"
    not_docx.write_text("không phải Word", encoding="utf-8")
    register = tmp_path / "reg.sqlite"
    before = tree(outbox)
    for draft in (other, not_docx):
        proc = finalize_cli(outbox, register, "--draft", str(draft))
        assert proc.returncode == 2, proc.stdout
        assert "Lỗi:" in proc.stderr and "Không ghi gì" in proc.stderr
    assert "không phải dự thảo do chương trình lập" in finalize_cli(
        outbox, register, "--draft", str(other)).stderr
    submission = finalize_cli(outbox, register, "--draft",
                              str(outbox / "du_thao_to_trinh_bang_khen.docx"))
    assert submission.returncode == 2 and "không phải dự thảo quyết định" in submission.stderr
    assert tree(outbox) == before
    assert not register.exists()


def test_reordered_and_corrected_rows(outbox: Path, tmp_path: Path) -> None:
    doc = Document(str(outbox / DRAFT_NAME))
    individuals = [t for t in doc.tables if t.rows[0].cells[0].text == "Stt"][1]
    first, second = individuals.rows[1], individuals.rows[2]
    first._tr.addprevious(second._tr)  # two names swapped
    cell = second.cells[2]
    cell.paragraphs[0].runs[0].text = "Phó Hiệu trưởng, Trường THCS Bình Tân"
    signature = next(c for t in doc.tables for c in t.rows[0].cells if "PHÓ CHỦ TỊCH" in c.text)
    signature.paragraphs[-1].add_run("Lê Văn Ký")  # the clerk types the signer's name
    doc.save(str(outbox / DRAFT_NAME))
    report = finalize(FinalizeOptions(outbox, NUMBER, _date(), CONFIG,
                                      register=tmp_path / "reg.sqlite", pdf=False))
    changes = sorted((d.change, d.name) for d in report.differences)
    assert changes == [("changed", second.cells[1].text), ("reordered", "")]
    final = text_of(outbox / FINAL_NAME)
    assert "Phó Hiệu trưởng, Trường THCS Bình Tân" in final
    assert report.signer_name == "Lê Văn Ký" and "Lê Văn Ký" in final


def test_duplicates_and_tracked_changes_are_refused(outbox: Path, tmp_path: Path) -> None:
    path = outbox / DRAFT_NAME
    original = path.read_bytes()
    doc = Document(str(path))
    individuals = [t for t in doc.tables if t.rows[0].cells[0].text == "Stt"][1]
    copy = individuals.add_row().cells
    copy[1].text, copy[2].text = individuals.rows[1].cells[1].text, "Giáo viên"
    doc.save(str(path))
    before = tree(outbox)
    proc = finalize_cli(outbox, tmp_path / "reg.sqlite")
    assert proc.returncode == 2 and "hai lần" in proc.stderr
    assert tree(outbox) == before
    path.write_bytes(original)
    doc = Document(str(path))
    individuals = [t for t in doc.tables if t.rows[0].cells[0].text == "Stt"][1]
    run = individuals.rows[1].cells[1].paragraphs[0].runs[0]._r  # a name typed, tracked
    inserted = OxmlElement("w:ins")
    for attr, value in (("w:id", "1"), ("w:author", "Văn thư"), ("w:date", "2021-07-01T00:00:00Z")):
        inserted.set(qn(attr), value)
    run.addprevious(inserted)
    inserted.append(run)
    doc.save(str(path))
    proc = finalize_cli(outbox, tmp_path / "reg.sqlite")
    assert proc.returncode == 2 and "Track Changes" in proc.stderr
    assert not (outbox / FINAL_NAME).exists() and not (tmp_path / "reg.sqlite").exists()


def test_second_finalize_of_the_number_is_refused(outbox: Path, tmp_path: Path) -> None:
    register = tmp_path / "reg.sqlite"
    assert finalize_cli(outbox, register).returncode == 0
    rows, recorded, files = awards(register), decisions(register), tree(outbox)
    edit_draft(outbox / DRAFT_NAME)
    files = tree(outbox)
    proc = cli("finalize", "--outbox", str(outbox), "--number", " 123/qđ-ubnd ", "--date",
               "2021-07-06", "--register", str(register), "--config", str(CONFIG))
    assert proc.returncode == 2
    assert "đã được ghi vào sổ khen thưởng" in proc.stderr
    assert awards(register) == rows and decisions(register) == recorded
    assert tree(outbox) == files


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and pdftotext are needed to print certificates")
def test_certificates_one_per_awardee_and_printable(outbox: Path, tmp_path: Path) -> None:
    edit_draft(outbox / DRAFT_NAME)
    report = finalize(FinalizeOptions(outbox, NUMBER, _date(), CONFIG,
                                      register=tmp_path / "reg.sqlite"))
    folder = outbox / CERTIFICATE_DIR
    certificates = sorted(folder.glob("*.docx"))
    assert len(certificates) == len(report.entries) == 7
    for path in certificates:
        assert path.name.isascii() and path.name[:3].rstrip("_").isdigit()
    pdf_dir = tmp_path / "pdf"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(pdf_dir), *map(str, certificates)],
        capture_output=True, timeout=600, check=True,
    )
    for path, entry in zip(certificates, report.entries, strict=True):
        text = pdftotext(pdf_dir / (path.stem + ".pdf"))
        assert entry.name in text and "GIẤY KHEN" in text and NUMBER in text
    whole = pdftotext(folder / PRINT_NAME)
    assert whole.count("GIẤY KHEN") == len(report.entries)
    positions = [whole.index(e.name) for e in report.entries]
    assert positions == sorted(positions)


def test_without_libreoffice_the_docx_files_and_a_note(
    outbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    report = finalize(FinalizeOptions(outbox, NUMBER, _date(), CONFIG,
                                      register=tmp_path / "reg.sqlite"))
    assert not report.pdf
    folder = outbox / CERTIFICATE_DIR
    assert not (folder / PRINT_NAME).exists()
    assert "LibreOffice" in (folder / NO_PDF_NOTE).read_text(encoding="utf-8")
    assert len(list(folder.glob("*.docx"))) == len(report.entries)


def test_file_names_are_ascii_slugs() -> None:
    assert slug("Đặng Thị Lan") == "dang_thi_lan"
    assert slug("Trường THCS Bình Hưng Hòa") == "truong_thcs_binh_hung_hoa"
    assert slug("../../etc/passwd") == "etc_passwd"
    assert slug("…") == "khong_ten"


def pdftotext(path: Path) -> str:
    proc = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return proc.stdout


def _date() -> dt.date:
    return dt.date(2021, 7, 5)


def test_register_named_by_the_config_and_never_inside_the_outbox(
    outbox: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    shutil.copy(CONFIG, folder / CONFIG.name)
    shutil.copy(CONFIG.parent / "units.csv", folder / "units.csv")
    before = tree(outbox)
    inside = cli("finalize", "--outbox", str(outbox), "--number", NUMBER, "--date", "2021-07-05",
                 "--config", str(folder / CONFIG.name), "--register", str(outbox / "so.sqlite"))
    assert inside.returncode == 2 and "nằm trong thư mục kết quả" in inside.stderr
    assert tree(outbox) == before
    proc = cli("finalize", "--outbox", str(outbox), "--number", NUMBER, "--date", "2021-07-05",
               "--config", str(folder / CONFIG.name))
    assert proc.returncode == 0, proc.stderr
    register = folder / "register" / "khen_thuong.sqlite"
    assert str(register) in proc.stdout
    assert len(awards(register)) == 6


def test_a_number_recorded_meanwhile_leaves_the_outbox_as_it_was(
    outbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another clerk records the number between the check and the write: nothing changes."""
    import pipeline.register as register_module

    register = tmp_path / "reg.sqlite"
    assert finalize_cli(outbox, register).returncode == 0
    rows, files = awards(register), tree(outbox)
    monkeypatch.setattr(register_module, "decisions", lambda db: [])  # the check sees nothing
    with pytest.raises(register_module.AlreadyRecorded):
        finalize(FinalizeOptions(outbox, NUMBER, _date(), CONFIG, register=register, pdf=False))
    assert awards(register) == rows and tree(outbox) == files
    assert not list(outbox.parent.glob(".outbox.new-*")), "the staged outbox is removed"


def test_wording_edited_outside_the_list_is_pointed_out(outbox: Path, tmp_path: Path) -> None:
    doc = Document(str(outbox / DRAFT_NAME))
    article = next(p for p in doc.paragraphs if p.text.startswith("Điều 3."))
    article.runs[-1].text = "Văn phòng Ủy ban nhân dân quận thi hành Quyết định này./."
    doc.save(str(outbox / DRAFT_NAME))
    proc = finalize_cli(outbox, tmp_path / "reg.sqlite")
    assert proc.returncode == 0, proc.stderr
    assert "1 dòng câu chữ sửa ngoài danh sách" in proc.stdout
    assert "Văn phòng Ủy ban nhân dân quận thi hành Quyết định này" in proc.stdout
    assert "không có khác biệt" in proc.stdout
