"""The auditor's HTML log, opened in headless Chromium: its filters change what is shown."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "outbox"
    subprocess.run([sys.executable, "-m", "pipeline", "run", "--inbox", str(ROOT / "samples" / "inbox"),
                    "--outbox", str(out), "--as-of", "2021-07-10", "--jobs", "1"],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    return out / "validation_log.html"


def dom(page: Path, fragment: str, profile: Path) -> str:
    """The page's DOM after its scripts ran, as Chromium sees it."""
    assert CHROMIUM is not None
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                           page.as_uri() + fragment],
                          capture_output=True, text=True, timeout=120, check=True)
    return proc.stdout


def visible_findings(html: str) -> list[tuple[str, str, str]]:
    rows = re.findall(r'<tr class="finding" data-unit="([^"]*)" data-rule="([^"]*)" '
                      r'data-severity="([^"]*)"( hidden="")?', html)
    return [(u, r, s) for u, r, s, hidden in rows if not hidden]


def test_filters_narrow_the_findings(log: Path, tmp_path: Path) -> None:
    everything = visible_findings(dom(log, "", tmp_path / "a"))
    assert len(everything) > 20
    assert len({u for u, _, _ in everything}) > 5

    one_unit = visible_findings(dom(log, "#unit=thcs_tan_tao", tmp_path / "b"))
    assert one_unit and {u for u, _, _ in one_unit} == {"thcs_tan_tao"}
    assert len(one_unit) < len(everything)

    one_rule = visible_findings(dom(log, "#rule=REGISTRATION_MISSING", tmp_path / "c"))
    assert one_rule and {r for _, r, _ in one_rule} == {"REGISTRATION_MISSING"}

    warnings = visible_findings(dom(log, "#severity=warning", tmp_path / "d"))
    assert warnings and {s for _, _, s in warnings} == {"warning"}

    both = visible_findings(dom(log, "#unit=thcs_tan_tao&severity=warning", tmp_path / "e"))
    assert all(u == "thcs_tan_tao" and s == "warning" for u, _, s in both)


def test_counter_and_dossiers_follow_the_filter(log: Path, tmp_path: Path) -> None:
    html = dom(log, "#unit=thcs_binh_tan", tmp_path / "f")
    shown = int(re.search(r"Đang hiện (\d+) phát hiện", html).group(1))  # type: ignore[union-attr]
    assert shown == len(visible_findings(html))
    dossiers = re.findall(r'<section class="dossier" data-unit="([^"]*)"[^>]*?( hidden="")?>', html)
    assert {u for u, hidden in dossiers if not hidden} == {"thcs_binh_tan"}


def test_log_is_self_contained(log: Path) -> None:
    html = log.read_text("utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "sha256" in html and "Ngày đối chiếu: <b>10/07/2021</b>" in html
