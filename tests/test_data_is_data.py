"""Text from documents and the roster is data in every output: never markup, template or formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests import corpus
from tests.corpus import FormRow, Sender

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = 'Trường "A & B" <Tiểu học> {{ 7*7 }}'
FORMULAS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd"]


@pytest.fixture(scope="module")
def outbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    roster = base / "units.csv"
    source = (ROOT / "config" / "units.csv").read_text("utf-8")
    roster.write_text(source + f'hostile,"{HOSTILE.replace(chr(34), chr(34) * 2)}",,th,An Lạc,,x@y.vn,false\n',
                      encoding="utf-8")
    sender = Sender(name=HOSTILE, header="TRƯỜNG A VÀ B", code="AB", head="Nguyễn Văn Tư",
                    email="x@y.vn")
    rows = [FormRow(f"{i}.", "Nội dung", (project,), "Tháng 6/2021")
            for i, project in enumerate([*FORMULAS, "{{ 7*7 }} & <b>đậm</b>"], start=1)]
    docx = corpus.build_docx(corpus.registration_form(sender, "1/ĐK", dt.date(2021, 5, 4), rows))
    inbox = base / "inbox"
    inbox.mkdir()
    (inbox / "mail.eml").write_bytes(corpus.build_eml(
        "x@y.vn", "tanxuanma@gmail.com", "Tue, 04 May 2021 09:00:00 +0700", "Đăng ký", [("dk.docx", docx)]))
    out = base / "outbox"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox), "--outbox",
                           str(out), "--roster", str(roster), "--as-of", "2021-07-10", "--jobs", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


def test_csv_cells_cannot_run_as_formulas(outbox: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((outbox / "registrations.csv").read_text("utf-8"))))
    projects = {r["project"] for r in rows if r["unit_id"] == "hostile"}
    for formula in FORMULAS:
        assert "'" + formula in projects
    units = (outbox / "units.csv").read_text("utf-8")
    assert HOSTILE.replace('"', '""') in units


def test_xlsx_holds_text_not_formulas(outbox: Path) -> None:
    for name in ["tong_hop_dang_ky.xlsx", "bao_cao_tong_hop.xlsx"]:
        book = openpyxl.load_workbook(outbox / name)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, cell.coordinate, cell.value)
    values = [c.value for s in openpyxl.load_workbook(outbox / "tong_hop_dang_ky.xlsx").worksheets
              for r in s.iter_rows() for c in r]
    assert "'=1+1" in values and HOSTILE in values


def test_docx_shows_the_name_literally(outbox: Path) -> None:
    for name in ["tong_hop_dang_ky.docx", "bao_cao_tong_hop.docx"]:
        with zipfile.ZipFile(outbox / name) as package:
            xml = package.read("word/document.xml").decode("utf-8")
        assert 'Trường "A &amp; B" &lt;Tiểu học&gt; {{ 7*7 }}' in xml, name
        assert ">49<" not in xml


def test_html_escapes_and_never_evaluates(outbox: Path) -> None:
    html = (outbox / "validation_log.html").read_text("utf-8")
    assert "<Tiểu học>" not in html and "&lt;Tiểu học&gt;" in html
    assert "{{ 7*7 }}" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("soffice") is None,
                    reason="LibreOffice and poppler are needed to read the DOCX as a person would")
def test_registration_table_reads_literally_as_pdf(outbox: Path, tmp_path: Path) -> None:
    docx = tmp_path / "t.docx"
    docx.write_bytes((outbox / "tong_hop_dang_ky.docx").read_bytes())
    pdf = corpus.docx_to_pdf([docx], tmp_path)[0]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "{{ 7*7 }}" in flat and '"A & B"' in flat and "<Tiểu học>" in flat


# ---- the campaigns are data: none of their facts in pipeline/ (issue 15) ----------------

CAMPAIGN_CONFIGS = ["campaign_2021.yaml", "campaign_2026_phuong.yaml"]


def _campaign_facts(name: str) -> set[str]:
    """Dates, names and authorities of one campaign, as code could hard-wire them."""
    from pipeline.config import load_config, load_roster, roster_path

    path = ROOT / "config" / name
    config = load_config(path)
    days = [config.campaign.period.start, config.campaign.period.end,
            *(d.date for d in config.deadlines.values()), *(r.date for r in config.references)]
    facts = {d.isoformat() for d in days}
    facts |= {f"{d.day:02d}/{d.month:02d}/{d.year}" for d in days}
    facts |= {f"{d.day}/{d.month}/{d.year}" for d in days}
    organiser = config.campaign.organiser
    facts |= {config.campaign.place, organiser.parent, organiser.short, config.campaign.id}
    facts |= {r.number for r in config.references} | {r.issuer for r in config.references}
    facts |= {a.decided_by for a in config.awards.values()}
    for draft in config.drafts.values():
        facts |= {str(draft[k]) for k in ("authority", "addressee", "submitter") if draft.get(k)}
    facts |= {u.name for u in load_roster(roster_path(path, config))}
    return {f for f in facts if f}


def _code_strings() -> list[tuple[str, str]]:
    """Every string literal of pipeline/ that is not a docstring (examples live in those)."""
    import ast

    out: list[tuple[str, str]] = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body
                if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                    docstrings.add(id(body[0].value))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                out.append((str(path.relative_to(ROOT)), node.value))
    return out


@pytest.mark.parametrize("name", CAMPAIGN_CONFIGS)
def test_no_date_name_or_authority_of_the_campaign_in_pipeline_code(name: str) -> None:
    import unicodedata

    facts = {unicodedata.normalize("NFC", f).casefold() for f in _campaign_facts(name)}
    assert len(facts) > 20
    hits = [(where, fact) for where, value in _code_strings()
            for fact in facts if fact in unicodedata.normalize("NFC", value).casefold()]
    assert hits == []
