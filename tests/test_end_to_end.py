"""The whole pipeline through its command line, read back through the outbox as a user would.

The sample inbox (samples/inbox, built by tests/make_samples.py from tests/scenario.py) holds
DOCX, LibreOffice PDFs, e-mails, a zip bundle and the register; the expected unit statuses and
nominee verdicts in tests/expected/ were written by hand from the plan's rules.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "inbox"
EXPECTED = ROOT / "tests" / "expected"
AS_OF = "2021-07-10"


def run_cli(inbox: Path, outbox: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox), "--outbox", str(outbox),
         "--as-of", AS_OF, *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def outbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("e2e") / "outbox"
    before = tree_hashes(SAMPLES)
    proc = run_cli(SAMPLES, out)
    assert proc.returncode == 0, proc.stderr
    assert "Đã đọc" in proc.stdout and "Phát hiện" in proc.stdout
    stages = re.search(r"Thời gian: đối chiếu đầu vào [\d,]+ giây, đọc tệp [\d,]+ giây, "
                       r"kiểm tra [\d,]+ giây, lập kết quả [\d,]+ giây\.", proc.stderr)
    assert stages is not None, proc.stderr
    assert tree_hashes(SAMPLES) == before, "the inbox must never be modified"
    return out


def test_units_match_hand_written_statuses(outbox: Path) -> None:
    got = {r["unit_id"]: r for r in read_csv((outbox / "units.csv").read_bytes())}
    expected = read_csv((EXPECTED / "sample_units.csv").read_bytes())
    assert len(got) == len(expected)
    for row in expected:
        unit = got[row["unit_id"]]
        assert (unit["registration"], unit["launch"], unit["result_report"]) == (
            row["registration"], row["launch"], row["result_report"]), row["unit_id"]


def test_nominees_match_hand_written_verdicts(outbox: Path) -> None:
    def key(r: dict[str, str]) -> tuple[str, ...]:
        return (r["unit_id"], r["kind"], r["name"], r["position"], r["award"], r["verdict"],
                r["reasons"])
    got = sorted(key(r) for r in read_csv((outbox / "nominees.csv").read_bytes()))
    expected = sorted(key(r) for r in read_csv((EXPECTED / "sample_nominees.csv").read_bytes()))
    assert got == expected


def test_findings_cover_every_document_rule_with_clause_and_evidence(outbox: Path) -> None:
    findings = [json.loads(line) for line in (outbox / "findings.jsonl").read_text("utf-8").splitlines()]
    rules = {f["rule"] for f in findings}
    for code in ["UNREADABLE", "UNKNOWN_DOCUMENT", "UNKNOWN_UNIT", "RECEIVED_DATE_UNKNOWN",
                 "REGISTRATION_LATE", "REGISTRATION_MISSING", "LAUNCH_LATE", "LAUNCH_MISSING",
                 "RESULT_REPORT_LATE", "RESULT_REPORT_MISSING", "REGISTRATION_PLACEHOLDER",
                 "CONTENT_INVALID", "COMPLETION_AFTER_PERIOD"]:
        assert code in rules, code
    for f in findings:
        assert f["message"] == unicodedata.normalize("NFC", f["message"])
        assert set(f) >= {"rule", "severity", "unit_id", "nominee", "award", "source", "message",
                          "clause", "evidence"}
    late = next(f for f in findings if f["rule"] == "REGISTRATION_LATE" and f["unit_id"] == "thcs_tan_tao")
    assert late["clause"] == "§IV.2" and "07/05/2021" in late["message"]
    assert late["evidence"]["source"].endswith(".docx")
    invalid = next(f for f in findings if f["rule"] == "CONTENT_INVALID")
    assert "12" in invalid["evidence"]["quote"]


def test_records_follow_the_spec(outbox: Path) -> None:
    records = [json.loads(line) for line in (outbox / "records.jsonl").read_text("utf-8").splitlines()]
    assert [r["source"] for r in records] == sorted(r["source"] for r in records)
    for r in records:
        assert r["received_source"] in {"eml", "register", "doc_date", "none"}
        assert r["text_source"] in {"text", "ocr", "legacy"}
        assert len(r["sha256"]) == 64
    registration = next(r for r in records if r["source"].startswith("THCS_Huynh_Van_Nghe/Dang ky"))
    assert registration["doc_type"] == "registration" and registration["unit_id"] == "thcs_huynh_van_nghe"
    assert registration["received_source"] == "register"
    assert any(e["field"] == "unit" for e in registration["evidence"])


def test_registrations_csv_resolves_same_as_above_and_splits_cells(outbox: Path) -> None:
    rows = read_csv((outbox / "registrations.csv").read_bytes())
    assert list(rows[0]) == ["unit_id", "content_no", "project", "expected_completion",
                             "expected_completion_raw", "source"]
    by_unit: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_unit.setdefault(row["unit_id"], []).append(row)
    assert by_unit["thcs_binh_tan"], "the official form gives entries"
    assert by_unit["thcs_ly_thuong_kiet"], "the free-form letter (PDF) gives entries"
    assert all(r["expected_completion"] == "" or r["expected_completion"][:4] == "2021" for r in rows)


def test_outputs_for_people_exist_and_manifest_hashes_them(outbox: Path) -> None:
    manifest = json.loads((outbox / "manifest.json").read_text("utf-8"))
    assert manifest["as_of"] == AS_OF
    outputs = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    for name in ["validation_log.html", "tong_hop_dang_ky.docx", "tong_hop_dang_ky.xlsx",
                 "du_thao_quyet_dinh_giay_khen.docx", "du_thao_to_trinh_bang_khen.docx",
                 "bao_cao_tong_hop.docx", "bao_cao_tong_hop.xlsx", "records.jsonl"]:
        assert outputs[name] == hashlib.sha256((outbox / name).read_bytes()).hexdigest()
    inputs = {i["source"] for i in manifest["inputs"]}
    assert "so_den.csv" in inputs and len(inputs) == len(tree_hashes(SAMPLES))
    html = (outbox / "validation_log.html").read_text("utf-8")
    assert "http://" not in html and "https://" not in html and "<script src" not in html
    assert "Trường THCS Tân Tạo" in html and "§IV.2" in html


def test_second_run_is_byte_identical(outbox: Path, tmp_path: Path) -> None:
    again = tmp_path / "outbox"
    proc = run_cli(SAMPLES, again, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert tree_hashes(again) == tree_hashes(outbox)


def test_bad_config_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ncampaign: {}\n", encoding="utf-8")
    proc = run_cli(SAMPLES, tmp_path / "out", "--config", str(bad))
    assert proc.returncode == 2
    assert "campaign" in proc.stderr and not (tmp_path / "out").exists()
