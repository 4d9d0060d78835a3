"""init-campaign: a campaign plan read into a draft config (issue 15, SPEC §8)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from pipeline.cli import main
from pipeline.config import ConfigError, load_config, todo_keys

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "plans" / "ke_hoach_701_2021.txt"  # shared/seeds/000_0dbcd0f10eed6c90.txt
WARD = ROOT / "samples" / "plans" / "ke_hoach_2026_phuong.docx"
MODEL = ROOT / "config" / "campaign_2021.yaml"

# What the seed plan's clerk reads from it, and what the hand-written config says.
SEED_DEADLINES = {
    "launch": ("2021-05-05", "trước ngày 05 tháng 5 năm 2021", "§IV.2"),
    "registration": ("2021-05-05", "trước ngày 05 tháng 5 năm 2021", "§IV.2"),
    "proposal": ("2021-06-20", "trước ngày 20 tháng 6 năm 2021", "§III.3.1"),
    "result_report": ("2021-06-22", "trước ngày 22 tháng 6 năm 2021", "§IV.2"),
}
SEED_AWARDS = {
    "city_merit": ("Bằng khen của Ủy ban nhân dân Thành phố Hồ Chí Minh", True),
    "district_merit": ("Giấy khen của Ủy ban nhân dân quận", True),
    "ward_merit": ("Giấy khen của Chủ tịch Ủy ban nhân dân phường", False),
}
# What the plan cannot say: the only TODOs of the seed's draft outside `drafts`, whose
# authority, legal bases and signers are the law's and the office's, never the plan's.
SEED_TODOS = {
    "campaign.short_name", "campaign.roster", "campaign.organiser.parent",
    "campaign.organiser.name",
}  # fmt: skip


def seed_docx(path: Path) -> Path:
    """The seed plan as a clerk's Word file: its paragraphs, and its tab-separated rows as tables."""
    document = docx.Document()
    table = None
    for raw in SEED.read_text("utf-8").splitlines():
        line = raw.replace("**", "").replace("<i>", "").replace("</i>", "")
        if "\t" not in line:
            if line.strip():
                table = None
                document.add_paragraph(line.strip().strip("*"))
            continue
        cells = [c.strip() for c in line.split("\t")]
        if table is None or cells[0].lower() == "stt":
            table = document.add_table(rows=0, cols=len(cells))
            table.style = "Table Grid"  # ruled, as plans print their tables
        row = table.add_row().cells
        for i, text in enumerate(cells[: len(row)]):
            row[i].text = text
    document.save(str(path))
    return path


def to_pdf(document: Path) -> Path:
    """The Word file printed to PDF by LibreOffice, as an office would send it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(document.parent), str(document)],
                   check=True, capture_output=True, timeout=180)
    return document.with_suffix(".pdf")


def init(plan: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict, str]:
    assert main(["init-campaign", str(plan), "--out", str(out), "--model", str(MODEL)]) == 0
    text = out.read_text("utf-8")
    return text, yaml.safe_load(text), capsys.readouterr().out


def line_of(text: str, pattern: str) -> str:
    return next(line for line in text.splitlines() if re.search(pattern, line))


@pytest.fixture(params=["text", "docx", "pdf"])
def seed_draft(request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict, str]:
    plan = SEED if request.param == "text" else seed_docx(tmp_path / "ke_hoach.docx")
    if request.param == "pdf":
        plan = to_pdf(plan)
    return init(plan, tmp_path / "campaign_new.yaml", capsys)


def test_seed_plan_contents_and_agencies(seed_draft: tuple[str, dict, str]) -> None:
    text, data, _ = seed_draft
    model = yaml.safe_load(MODEL.read_text("utf-8"))
    assert [c["number"] for c in data["contents"]] == list(range(1, 12))
    assert [c["agency"] for c in data["contents"]] == [c["agency"] for c in model["contents"]]
    assert data["contents"][0]["title"].startswith("Thực hiện tốt các bước chuẩn bị")
    assert data["contents"][3]["title"].endswith("theo chỉ đạo của Ủy ban nhân dân thành phố.")  # a broken line joined
    number_line = line_of(text, r"- number: 11\b")
    assert '"Nội dung 11: Đảm bảo quốc phòng' in number_line and "(§II.3)" in number_line
    agency_line = line_of(text, r"agency: Thanh tra Quận")
    assert "BẢNG PHÂN CÔNG" in agency_line and "| Thanh tra Quận" in agency_line


def test_seed_plan_deadlines_with_clause_and_quote(seed_draft: tuple[str, dict, str]) -> None:
    text, data, _ = seed_draft
    for key, (day, words, clause) in SEED_DEADLINES.items():
        assert str(data["deadlines"][key]["date"]) == day, key
        assert clause in data["deadlines"][key]["clause"], key
        block = text[text.index(f"\n  {key}:\n") :]
        date_line = line_of(block, r"^\s+date: ")
        assert words in date_line and f"({clause})" in date_line, date_line
    assert data["deadlines"]["proposal"]["clause"] == "§III.3.1, §III.3.2"
    assert "gửi văn bản phát động" in line_of(text, r"date: 2021-05-05").lower()
    city = line_of(text, r"city_deadline:")
    assert str(data["drafts"]["submission"]["city_deadline"]) == "2021-07-05"
    assert "Hồ sơ gửi về Ủy ban nhân dân Thành phố Hồ Chí Minh" in city and "trước ngày 05 tháng 7 năm 2021" in city
    assert "(§III.3.1)" in city


def test_seed_plan_award_levels_and_dossiers(seed_draft: tuple[str, dict, str]) -> None:
    text, data, _ = seed_draft
    assert set(data["awards"]) == set(SEED_AWARDS)
    for key, (name, handled) in SEED_AWARDS.items():
        award = data["awards"][key]
        assert award["name"] == name and award["handled"] is handled
        assert f'"- {name}' in line_of(text, rf"name: {re.escape(name)}\s+#")
    assert data["awards"]["city_merit"]["parts"] == ["proposal", "council_minutes", "achievement_report", "tax_confirmation"]
    assert data["awards"]["district_merit"]["parts"] == ["proposal", "council_minutes", "achievement_report"]
    assert data["awards"]["district_merit"]["deadline"] == "proposal"
    assert data["awards"]["ward_merit"]["parts"] == []
    rules = {r["code"]: r for r in data["rules"]}
    assert rules["REGISTRATION_LATE"]["params"]["deadline"] == "registration"
    assert rules["REGISTRATION_LATE"]["clause"] == "§IV.2"
    assert rules["MISSING_TAX_CONFIRMATION"]["applies_to"]["awards"] == ["city_merit"]
    assert rules["MISSING_MINUTES"]["applies_to"]["awards"] == ["city_merit", "district_merit"]


def test_seed_plan_references_and_period(seed_draft: tuple[str, dict, str]) -> None:
    text, data, _ = seed_draft
    refs = {r["number"]: r for r in data["references"]}
    assert set(refs) == {"1125/KH-UBND", "293/KH-UBND", "701/KH-GDDT"}
    assert str(refs["1125/KH-UBND"]["date"]) == "2021-04-13"
    assert refs["293/KH-UBND"]["issuer"] == "Ủy ban nhân dân quận Bình Tân"
    period = data["campaign"]["period"]
    assert (str(period["start"]), str(period["end"]), period["clause"]) == ("2021-05-04", "2021-07-02", "§II.1")
    assert "Từ ngày ban hành Kế hoạch" in line_of(text, r"start: 2021-05-04")
    assert data["campaign"]["organiser"]["short"] == "Phòng Giáo dục và Đào tạo quận"


def test_seed_draft_todos_are_listed_and_the_only_gaps(seed_draft: tuple[str, dict, str], tmp_path: Path) -> None:
    text, _, terminal = seed_draft
    keys = {key for key, _ in todo_keys(text)}
    assert {k for k in keys if not k.startswith("drafts.")} == SEED_TODOS
    model = yaml.safe_load(MODEL.read_text("utf-8"))
    drafts = {f"drafts.{s}.{k}" for s, keys_ in model["drafts"].items() for k in keys_}
    assert {k for k in keys if k.startswith("drafts.")} <= drafts
    assert {"drafts.decision.legal_bases", "drafts.decision.authority"} <= keys
    assert "drafts.submission.city_deadline" not in keys and "drafts.submission.addressee" not in keys
    for key, line in todo_keys(text):
        assert f"dòng {line}: {key}" in terminal
    draft = tmp_path / "resolved.yaml"
    draft.write_text(resolve(text), "utf-8")
    config = load_config(draft)
    assert len(config.contents) == 11 and config.deadlines["result_report"].date.isoformat() == "2021-06-22"


def resolve(text: str) -> str:
    """Every TODO of a draft filled in, as a clerk would."""
    values = {"roster": "units.csv", "legal_bases": "[]", "instruments": "[]", "recipients": "[]"}
    return re.sub(r"^(\s*)([\w]+): TODO\b.*$", lambda m: f"{m.group(1)}{m.group(2)}: {values.get(m.group(2), 'X')}",
                  text, flags=re.MULTILINE)


def test_todo_keys_name_key_and_line() -> None:
    text = "a:\n  b: TODO  # why\n  c: [x, TODO]\nd: 'TODO later'\ne:\n  - f: 1\n    g: TODO\n"
    assert todo_keys(text) == [("a.b", 2), ("a.c.1", 3), ("e.0.g", 7)]


def test_run_refuses_a_config_with_todos(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = MODEL.read_text("utf-8")
    text = text.replace("  short_name: ", "  short_name: TODO  # ", 1).replace("    end: 2021-07-02", "    end: TODO", 1)
    config = tmp_path / "campaign.yaml"
    config.write_text(text, "utf-8")
    (tmp_path / "units.csv").write_text((ROOT / "config" / "units.csv").read_text("utf-8"), "utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    code = main(["run", "--inbox", str(inbox), "--outbox", str(tmp_path / "out"), "--config", str(config), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "còn 2 mục TODO chưa điền" in err and "still has 2 TODO" in err
    lines = text.splitlines()
    for key in ("campaign.short_name", "campaign.period.end"):
        line = next(i for i, s in enumerate(lines, 1) if re.match(rf"\s+{key.rsplit('.', 1)[1]}: TODO", s))
        assert f"line {line}: {key}" in err
    with pytest.raises(ConfigError, match="TODO"):
        load_config(config)


@pytest.mark.skipif(not WARD.exists(), reason="the ward's 2026 plan is not in samples/plans yet")
@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_second_plan_by_another_office(form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The ward's 2026 plan: contents numbered under their section, the agencies in a table of
    §VI.1, deadlines as "chậm nhất ngày", award levels as a) b), one dossier for both."""
    plan = WARD
    if form == "pdf":
        plan = to_pdf(Path(shutil.copy(WARD, tmp_path / WARD.name)))
    text, data, terminal = init(plan, tmp_path / "campaign_ward.yaml", capsys)
    assert data["references"] == [{"key": "plan_office", "number": "27/KH-UBND", "date": data["references"][0]["date"],
                                   "issuer": "Ủy ban nhân dân phường Bình Trị Đông",
                                   "title": data["references"][0]["title"]}]
    assert str(data["references"][0]["date"]) == "2026-01-16"
    assert "Nghị định số 152/2025/NĐ-CP" in text  # cited, listed as a comment, not a reference
    period = data["campaign"]["period"]
    assert (str(period["start"]), str(period["end"])) == ("2026-01-16", "2026-11-15")
    assert len(data["contents"]) == 7
    assert data["contents"][1]["title"].startswith("Đẩy mạnh chuyển đổi số")
    assert data["contents"][1]["labels"] == ["Chuyển đổi số trong quản lý và dạy học"]  # the table's words
    assert {r["code"]: r["clause"] for r in data["rules"]}["HEAD_WITHOUT_COLLECTIVE"] == "§V.2"
    assert [c["agency"] for c in data["contents"]] == [
        "Phòng Văn hóa – Xã hội", "Phòng Văn hóa – Xã hội", "Phòng Văn hóa – Xã hội",
        "Phòng Văn hóa – Xã hội", "Phòng Kinh tế, Hạ tầng và Đô thị", "Công an phường",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường",
    ]
    expected = {"launch": ("2026-01-30", "§IV.1"), "registration": ("2026-02-06", "§IV.2"),
                "proposal": ("2026-11-02", "§IV.3"), "result_report": ("2026-11-10", "§IV.4")}
    for key, (day, clause) in expected.items():
        assert (str(data["deadlines"][key]["date"]), data["deadlines"][key]["clause"]) == (day, clause)
    assert "chậm nhất ngày 06/02/2026" in line_of(text, r"date: 2026-02-06")
    assert str(data["drafts"]["submission"]["city_deadline"]) == "2026-11-20"
    assert data["drafts"]["submission"]["addressee"] == "Ủy ban nhân dân Thành phố (qua Sở Nội vụ)"
    assert data["campaign_markers"]["phrases"] == ["Dạy tốt – Học tốt, xây dựng trường học hạnh phúc"]
    awards = data["awards"]
    assert {k: (a["name"], a["handled"]) for k, a in awards.items()} == {
        "ward_merit": ("Giấy khen của Chủ tịch Ủy ban nhân dân phường", True),
        "city_merit": ("Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố", True),
    }
    for award in awards.values():
        assert award["parts"] == ["proposal", "council_minutes", "achievement_report"]
        assert award["deadline"] == "proposal"
    assert data["drafts"]["decision"]["authority"] == "ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TRỊ ĐÔNG"
    organiser = data["campaign"]["organiser"]  # the ward issues; its standing office runs it (§VI.2)
    assert (organiser["parent"], organiser["name"], organiser["short"]) == (
        "ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TRỊ ĐÔNG", "PHÒNG VĂN HÓA – XÃ HỘI", "Phòng Văn hóa – Xã hội phường")
    keys = {key for key, _ in todo_keys(text)}
    assert {"campaign.short_name", "campaign.roster", "drafts.decision.legal_bases"} <= keys
    assert not any(k.startswith(("contents", "deadlines", "awards", "references", "campaign.period")) for k in keys)
    assert "campaign.roster" in terminal
    draft = tmp_path / "resolved.yaml"
    draft.write_text(resolve(text), "utf-8")
    assert load_config(draft).awards["ward_merit"].handled


def test_pipeline_plan_holds_no_campaign() -> None:
    """The reader's vocabulary is generic: no campaign's date, place or authority in its code."""
    code = "".join(p.read_text("utf-8") for p in (ROOT / "pipeline" / "plan").glob("*.py"))
    for word in ("Bình Tân", "Bình Trị Đông", "Hồ Chí Minh", "Giáo dục và Đào tạo", "2021", "2026", "701", "1125"):
        assert word not in code, word


def test_what_a_plan_does_not_say_is_todo_not_invented(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "ke_hoach_ngan.txt"
    plan.write_text(
        "Số: 12/KH-THCS\nAn Khánh, ngày 03 tháng 3 năm 2025\nKẾ HOẠCH\nPhát động thi đua học kỳ II\n"
        "I. NỘI DUNG THI ĐUA\nNội dung 1: Nâng cao chất lượng dạy học.\nNội dung 2: Xây dựng trường xanh.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Các tổ chuyên môn gửi bản đăng ký thi đua về Ban Giám hiệu chậm nhất ngày 10/3/2025.\n",
        "utf-8",
    )
    text, data, terminal = init(plan, tmp_path / "draft.yaml", capsys)
    keys = {key for key, _ in todo_keys(text)}
    assert str(data["deadlines"]["registration"]["date"]) == "2025-03-10"
    assert {"deadlines.launch.date", "deadlines.proposal.date", "deadlines.result_report.date",
            "campaign.period.start", "campaign.period.end", "awards",
            "contents.0.agency", "contents.1.agency"} <= keys
    launch = text[text.index("\n  launch:\n") :]
    assert "LAUNCH_LATE, LAUNCH_MISSING" in line_of(launch, r"^\s+date: TODO")  # or delete them
    for key, line in todo_keys(text):
        assert f"dòng {line}: {key}" in terminal
    assert [c["title"] for c in data["contents"]] == ["Nâng cao chất lượng dạy học.", "Xây dựng trường xanh."]
