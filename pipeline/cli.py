"""The command line: ``python -m pipeline run --inbox DIR --outbox DIR …`` (SPEC §6)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import Counter
from pathlib import Path

from pipeline.config import ConfigError
from pipeline.model import RunResult
from pipeline.render.labels import SEVERITIES

DEFAULT_CONFIG = Path("config/campaign_2021.yaml")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help for every command and option."""
    parser = argparse.ArgumentParser(
        prog="thidua",
        description="Emulation-campaign document pipeline: inbox → checked records, reports, "
        "draft decisions and an auditor's log.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="process every file of the inbox and rebuild the outbox")
    run.add_argument(
        "--inbox", type=Path, required=True, help="folder of received files (read only)"
    )
    run.add_argument(
        "--outbox", type=Path, required=True, help="folder to (re)write the outputs to"
    )
    run.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="campaign YAML")
    run.add_argument("--roster", type=Path, help="roster CSV (default: the one the config names)")
    run.add_argument(
        "--as-of", type=_date, help="judge missing documents as of this day (default: today)"
    )
    run.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="parallel parser processes"
    )
    return parser


def summary(result: RunResult) -> str:
    """A short Vietnamese summary of a run for the terminal."""
    registration = Counter(u.registration for u in result.units)
    severities = Counter(f.severity for f in result.findings)
    verdicts = Counter(v.verdict for v in result.verdicts)
    lines = [
        f"Đã đọc {len(result.records)} văn bản (đối chiếu đến ngày "
        f"{dt.date.fromisoformat(result.as_of):%d/%m/%Y}).",
        f"Đăng ký thi đua: {registration['on_time']} đơn vị đúng hạn, "
        f"{registration['late']} trễ hạn, "
        f"{registration['missing']} chưa gửi, {registration['pending']} chưa đến hạn.",
        "Phát hiện: "
        + ", ".join(f"{severities[k]} {label.lower()}" for k, label in SEVERITIES.items())
        + ".",
        f"Đề nghị khen thưởng: {len(result.verdicts)} (đủ điều kiện {verdicts['eligible']}, "
        f"không đủ {verdicts['ineligible']}, cần xem xét {verdicts['needs_review']}).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit 0 when the run completed, whatever it found."""
    args = build_parser().parse_args(argv)
    from pipeline.run import RunOptions, run

    options = RunOptions(
        inbox=args.inbox,
        outbox=args.outbox,
        config=args.config,
        roster=args.roster,
        as_of=args.as_of,
        jobs=max(1, args.jobs),
    )
    if not args.inbox.is_dir():
        print(f"Lỗi: không tìm thấy thư mục hộp thư đến {args.inbox}", file=sys.stderr)
        return 2
    try:
        result = run(options)
    except ConfigError as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Lỗi ghi kết quả: {exc}", file=sys.stderr)
        return 3
    print(summary(result))
    print(f"Kết quả ở thư mục: {args.outbox}")
    return 0
