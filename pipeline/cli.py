"""The command line: ``python -m pipeline run --inbox DIR --outbox DIR …`` (SPEC §6)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

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
    from pipeline.fetch_cli import add_parser as add_fetch_parser

    add_fetch_parser(sub)  # issue 17: read-only IMAP intake into inbox/mail/
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
    run.add_argument(
        "--no-wait",
        action="store_true",
        help="when another run holds the outbox's lock, exit with code 4 instead of waiting",
    )
    fin = sub.add_parser(
        "finalize",
        help="after signing: the final decision from the (edited) draft, certificates, register",
    )
    fin.add_argument("--outbox", type=Path, required=True, help="the run's outbox")
    fin.add_argument("--number", required=True, help='the decision\'s number, e.g. "123/QĐ-UBND"')
    fin.add_argument("--date", type=_date, required=True, help="the decision's date YYYY-MM-DD")
    fin.add_argument("--draft", type=Path, help="the edited draft (default: the outbox's)")
    fin.add_argument("--register", type=Path, help="award register (default: the config's)")
    fin.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="campaign YAML")
    fin.add_argument("--signer", help="signer's name (default: typed in the draft, or config)")
    from pipeline.register.cli import add_parser as add_register_parser

    add_register_parser(sub, DEFAULT_CONFIG)  # issue 16: the award register
    from pipeline.plan.cli import add_parser as add_init_parser

    add_init_parser(sub, DEFAULT_CONFIG)  # issue 15: a campaign plan into a draft config
    return parser


def summary(counts: dict[str, Any], as_of: str) -> str:
    """A short Vietnamese summary of a run for the terminal."""
    from pipeline.render.labels import SEVERITIES

    registration = Counter(counts.get("registration", {}))
    severities = Counter(counts.get("severity", {}))
    verdicts = Counter(counts.get("verdicts", {}))
    lines = [
        f"Đã đọc {counts.get('documents', 0)} văn bản (đối chiếu đến ngày "
        f"{dt.date.fromisoformat(as_of):%d/%m/%Y}).",
        f"Đăng ký thi đua: {registration['on_time']} đơn vị đúng hạn, "
        f"{registration['late']} trễ hạn, "
        f"{registration['missing']} chưa gửi, {registration['pending']} chưa đến hạn.",
        "Phát hiện: "
        + ", ".join(f"{severities[k]} {label.lower()}" for k, label in SEVERITIES.items())
        + ".",
        f"Đề nghị khen thưởng: {counts.get('nominees', 0)} (đủ điều kiện {verdicts['eligible']}, "
        f"không đủ {verdicts['ineligible']}, cần xem xét {verdicts['needs_review']}).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit 0 when the run completed, whatever it found."""
    args = build_parser().parse_args(argv)
    if args.command == "init-campaign":
        from pipeline.plan.cli import main as init_main

        return init_main(args)
    if args.command == "register":
        from pipeline.register.cli import main as register_main

        return register_main(args)
    if args.command == "fetch":
        from pipeline.fetch_cli import main as fetch_main

        return fetch_main(args, DEFAULT_CONFIG)
    if args.command == "finalize":
        from pipeline.finalize import main as finalize_main

        return finalize_main(args)
    from pipeline.forkserver import start_for_first_run

    start_for_first_run(args.outbox)  # before the imports below: they take a fifth of a second
    from pipeline.config import ConfigError
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
    as_of = (args.as_of or dt.date.today()).isoformat()
    from pipeline.lock import FolderLock, LockBusy

    try:
        # Two clerks, one folder: the outbox's lock (.<outbox>.lock beside it), waited for
        # unless --no-wait; a lock left by a killed run is taken over with a note.
        with FolderLock(args.outbox, wait=not args.no_wait):
            report = run(options)
    except LockBusy as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 4
    except ConfigError as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Lỗi ghi kết quả: {exc}", file=sys.stderr)
        return 3
    if report.reused:
        print("Không có gì thay đổi từ lần chạy trước (hộp thư đến, cấu hình, ngày đối chiếu): "
              "giữ nguyên kết quả.")
    print(summary(report.summary, as_of))
    replies = len(list((args.outbox / "phan_hoi").glob("*.docx")))
    if replies:
        print(f"Công văn đề nghị bổ sung, hoàn chỉnh hồ sơ: {replies} đơn vị "
              f"(thư mục {args.outbox / 'phan_hoi'}, kèm thư .eml soạn sẵn).")
    print(f"Kết quả ở thư mục: {args.outbox}")
    print(timing(report.seconds), file=sys.stderr)
    return 0


def timing(seconds: dict[str, float]) -> str:
    """The stages' wall times as one line: "Thời gian: đọc tệp 7,0 giây, …"."""
    from pipeline.run import STAGES

    parts = [f"{STAGES[k]} {v:.2f}".replace(".", ",") + " giây" for k, v in seconds.items()]
    return "Thời gian: " + ", ".join(parts) + "."
