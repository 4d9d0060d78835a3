"""``python -m pipeline init-campaign PLAN --out config/NEW.yaml``: a plan into a draft config."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any, default_model: Path) -> None:
    """The ``init-campaign`` sub-command."""
    init = sub.add_parser(
        "init-campaign",
        help="read a campaign plan (DOCX, PDF or text) into a draft campaign YAML with TODOs",
    )
    init.add_argument("plan", type=Path, help="the campaign plan (kế hoạch phát động)")
    init.add_argument("--out", type=Path, required=True, help="the draft config to write")
    init.add_argument(
        "--model", type=Path, default=default_model,
        help="the config whose generic parts (rules, messages, document types) are copied",
    )  # fmt: skip
    init.add_argument("--force", action="store_true", help="overwrite --out if it exists")


def main(args: argparse.Namespace) -> int:
    """Write the draft; list its TODOs.  Exit 0 when written, 2 when it cannot be."""
    from pipeline.config import todo_keys
    from pipeline.plan.reader import read_plan_file
    from pipeline.plan.writer import write_config

    if args.out.exists() and not args.force:
        print(f"Lỗi: {args.out} đã có; dùng --force để ghi đè.", file=sys.stderr)
        return 2
    try:
        model_text = args.model.read_text(encoding="utf-8")
        facts = read_plan_file(args.plan)
    except (OSError, ValueError) as exc:
        print(f"Lỗi: không đọc được {exc}", file=sys.stderr)
        return 2
    text, reasons = write_config(facts, model_text, str(args.model), args.plan.name)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"Đã ghi bản nháp cấu hình: {args.out}")
    print(
        f"Đọc được: {len(facts.references)} kế hoạch cấp trên, {len(facts.contents)} nội dung thi "
        f"đua, {len(facts.deadlines)} hạn, {len(facts.awards)} hình thức khen thưởng."
    )
    for note in facts.notes:
        print(f"Chưa hiểu: {note}")
    todos = todo_keys(text)
    if todos:
        print(f"Còn {len(todos)} mục TODO cần điền (run sẽ từ chối cấu hình đến khi hết TODO):")
        why = dict(reason.split(": ", 1) for reason in reasons if ": " in reason)
        for key, line in todos:
            print(f"  dòng {line}: {key}" + (f" — {why[key]}" if key in why else ""))
    return 0
