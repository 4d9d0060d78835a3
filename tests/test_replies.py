"""A reply per unit (issue 17): outbox/phan_hoi/<unit_id>.docx and .eml, read as a clerk would."""

from __future__ import annotations

import csv
import email
import hashlib
import io
import json
import subprocess
import sys
import unicodedata
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import docx
import pytest

from pipeline.config import load_config, load_roster
from pipeline.model import Finding, RunResult
from pipeline.render.replies import reply_files, reply_inputs

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "campaign_2021.yaml"
SAMPLES = ROOT / "samples" / "inbox"
AS_OF = "2021-07-10"


def squash(text: str) -> str:
    return " ".join(text.split())


def run_cli(outbox: Path, jobs: int) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--inbox", str(SAMPLES), "--outbox",
         str(outbox), "--as-of", AS_OF, "--jobs", str(jobs)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return done.stdout


STDOUT: dict[str, str] = {}


@pytest.fixture(scope="module")
def outboxes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("replies")
    STDOUT["one"] = run_cli(base / "one", jobs=2)
    run_cli(base / "two", jobs=1)
    return base / "one", base / "two"


@pytest.fixture(scope="module")
def outbox(outboxes: tuple[Path, Path]) -> Path:
    return outboxes[0]


def owed(outbox: Path) -> dict[str, list[dict[str, Any]]]:
    """Each unit's findings of the rules the config marks ``reply: true`` (from findings.jsonl)."""
    config = load_config(CONFIG)
    replying = {rule.code for rule in config.rules if rule.reply}
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for line in (outbox / "findings.jsonl").read_text("utf-8").splitlines():
        finding = json.loads(line)
        if finding["rule"] in replying and finding["unit_id"] and finding["severity"] != "info":
            by_unit.setdefault(finding["unit_id"], []).append(finding)
    return by_unit


def roster() -> dict[str, dict[str, str]]:
    with open(ROOT / "config" / "units.csv", encoding="utf-8", newline="") as fh:
        return {row["unit_id"]: row for row in csv.DictReader(fh)}


def points_table(document: Any) -> list[list[str]]:
    """The rows (Stt, point, file, deadline) of a letter's table of points."""
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if "Nội dung cần bổ sung, hoàn chỉnh" in header:
            return [[cell.text for cell in row.cells] for row in table.rows[1:]]
    raise AssertionError("no table of points")


def read_mail(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_replies_only_for_units_that_owe_something(outbox: Path) -> None:
    owing = owed(outbox)
    files = sorted(p.name for p in (outbox / "phan_hoi").iterdir())
    assert files == sorted(f"{unit}.{ext}" for unit in owing for ext in ("docx", "eml"))
    assert len(owing) >= 10
    quiet = set(roster()) - set(owing)
    assert quiet, "the samples have units that owe nothing"
    for unit in quiet:
        assert not (outbox / "phan_hoi" / f"{unit}.docx").exists()
    assert f"Công văn đề nghị bổ sung, hoàn chỉnh hồ sơ: {len(owing)} đơn vị" in STDOUT["one"]


def test_each_letter_names_every_point_with_its_file_and_deadline(outbox: Path) -> None:
    config = load_config(CONFIG)
    units = roster()
    for unit_id, findings in owed(outbox).items():
        letter = docx.Document(str(outbox / "phan_hoi" / f"{unit_id}.docx"))
        rows = points_table(letter)
        text = "\n".join(p.text for p in letter.paragraphs)
        assert f"Kính gửi: {units[unit_id]['name']}." in text
        assert "V/v bổ sung, hoàn chỉnh hồ sơ thi đua" in "\n".join(
            cell.text for table in letter.tables for row in table.rows for cell in row.cells
        )
        assert len(rows) == len({squash(f["message"]) for f in findings})  # repeats once
        listed = {squash(row[1]): row for row in rows}
        for finding in findings:
            row = listed[squash(finding["message"])]
            source = finding["source"] or (finding["evidence"] or {}).get("source")
            assert row[2] == (source or "Chưa nhận được")
            rule = config.rule(finding["rule"])
            assert rule is not None
            key = rule.params.get("deadline") or (
                config.awards[finding["award"]].deadline if finding["award"] else None
            ) or rule.reply_deadline
            assert row[3] == (config.deadlines[key].date.strftime("%d/%m/%Y") if key else "—")
        assert [row[0] for row in rows] == [str(i) for i in range(1, len(rows) + 1)]


def test_each_email_goes_to_the_roster_address_with_the_letter_attached(outbox: Path) -> None:
    config = load_config(CONFIG)
    units = roster()
    ids = set()
    for unit_id, findings in owed(outbox).items():
        message = read_mail(outbox / "phan_hoi" / f"{unit_id}.eml")
        to = [address.addr_spec for address in message["To"].addresses]
        assert to == [e.strip().lower() for e in units[unit_id]["emails"].split("|") if e.strip()]
        assert message["From"].addresses[0].addr_spec == config.campaign.organiser.emails[0]
        subject = str(message["Subject"])
        assert subject == f"Đề nghị bổ sung, hoàn chỉnh hồ sơ thi đua – {units[unit_id]['name']}"
        assert subject.isascii() is False and "=?utf-8?" in (
            outbox / "phan_hoi" / f"{unit_id}.eml"
        ).read_bytes().decode("ascii")
        assert message["Date"] == "Sat, 10 Jul 2021 08:00:00 +0700"
        ids.add(message["Message-ID"])
        body = message.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        assert unicodedata.is_normalized("NFC", text)
        assert f"Kính gửi: {units[unit_id]['name']}." in text
        attachments = list(message.iter_attachments())
        assert len(attachments) == 1
        attached = attachments[0].get_content()
        assert attached == (outbox / "phan_hoi" / f"{unit_id}.docx").read_bytes()
        rows = points_table(docx.Document(io.BytesIO(attached)))
        for finding in findings:
            assert squash(finding["message"]) in squash(text)
            assert any(squash(row[1]) == squash(finding["message"]) for row in rows)
        for row in rows:  # the same points, in the same order
            assert f"{row[0]}. {squash(row[1])}" in squash(text)
    assert len(ids) == len(owed(outbox))


def test_replies_are_in_the_manifest_and_the_same_bytes_across_runs(
    outboxes: tuple[Path, Path],
) -> None:
    one, two = outboxes
    manifest = json.loads((one / "manifest.json").read_text("utf-8"))
    listed = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    replies = sorted(p for p in (one / "phan_hoi").iterdir())
    assert replies
    for path in replies:
        name = path.relative_to(one).as_posix()
        assert listed[name] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert path.read_bytes() == (two / name).read_bytes(), f"{name} differs between runs"
    assert (one / "manifest.json").read_bytes() == (two / "manifest.json").read_bytes()


# ------------------------------------------------------------------ from the config alone


def result_with(findings: list[Finding]) -> RunResult:
    return RunResult(AS_OF, [], findings, [], [])


def test_what_a_reply_lists_is_decided_by_the_config() -> None:
    config = load_config(CONFIG)
    units = load_roster(ROOT / "config" / "units.csv")
    unit = units[0]
    missing = Finding("REGISTRATION_MISSING", "error", "Chưa gửi bản đăng ký.", unit_id=unit.unit_id)
    doubt = Finding("EXTRACTION_DOUBT", "warning", "Đọc chưa chắc.", unit_id=unit.unit_id,
                    source="a.pdf")
    letters = reply_inputs(result_with([missing, doubt]), config, units)["letters"]
    assert [p["text"] for p in letters[0]["context"]["points"]] == ["Chưa gửi bản đăng ký."]
    assert letters[0]["context"]["points"][0]["file"] == "Chưa nhận được"
    assert letters[0]["context"]["points"][0]["deadline"] == "05/05/2021"
    # a rule the config does not mark, no letter; no `replies` section, no letters at all
    quiet = config.model_copy(update={"rules": [
        r.model_copy(update={"reply": False}) if r.code == "REGISTRATION_MISSING" else r
        for r in config.rules
    ]})
    assert reply_inputs(result_with([missing, doubt]), quiet, units)["letters"] == []
    none = config.model_copy(update={"replies": None})
    assert reply_inputs(result_with([missing]), none, units)["letters"] == []


def test_a_unit_without_an_address_still_gets_its_letter_and_an_unaddressed_mail() -> None:
    config = load_config(CONFIG)
    unit = load_roster(ROOT / "config" / "units.csv")[0].model_copy(update={"emails": ()})
    missing = Finding("LAUNCH_MISSING", "error", "Chưa gửi văn bản phát động.",
                      unit_id=unit.unit_id)
    files = reply_files(reply_inputs(result_with([missing]), config, [unit]))
    assert sorted(files) == [f"phan_hoi/{unit.unit_id}.docx", f"phan_hoi/{unit.unit_id}.eml"]
    message = email.message_from_bytes(files[f"phan_hoi/{unit.unit_id}.eml"],
                                       policy=policy.default)
    assert message["To"] is None and message["X-Unsent"] == "1"
