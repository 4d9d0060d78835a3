"""The command line: every command and option documented, here and in the README."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from pipeline.cli import build_parser, main, timing

ROOT = Path(__file__).resolve().parents[1]


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_has_help() -> None:
    parser = build_parser()
    assert parser.description
    for name, sub in subcommands(parser).items():
        for action in sub._actions:
            if action.dest == "help":
                continue
            assert action.help, f"{name} {action.option_strings} lacks help"


def test_readme_names_every_option() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for sub in subcommands(build_parser()).values():
        for action in sub._actions:
            for option in action.option_strings:
                if option not in {"-h", "--help"}:
                    assert option in readme, option


def test_help_runs_as_a_module() -> None:
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    assert "--as-of" in proc.stdout


def test_missing_inbox_is_a_clear_error(tmp_path: Path, capsys: object) -> None:
    code = main(["run", "--inbox", str(tmp_path / "none"), "--outbox", str(tmp_path / "out")])
    assert code == 2
    assert not (tmp_path / "out").exists()


def test_stage_times_are_one_vietnamese_line_with_decimal_commas() -> None:
    line = timing({"check_inputs": 0.25, "read": 7.0, "validate": 0.2, "render": 1.555})
    assert line == ("Thời gian: đối chiếu đầu vào 0,25 giây, đọc tệp 7,00 giây, "
                    "kiểm tra 0,20 giây, lập kết quả 1,55 giây.")
