"""``python -m pipeline register list|export``: the award register across campaigns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any, default_config: Path) -> None:
    """The ``register`` command and its ``list`` and ``export`` subcommands."""
    reg = sub.add_parser("register", help="the award register (sổ khen thưởng) across campaigns")
    actions = reg.add_subparsers(
        dest="register_command",
        required=True,
        help="list: print the rows; export: write them and the yearly counts to XLSX",
    )
    listing = actions.add_parser("list", help="print the register's rows")
    export = actions.add_parser(
        "export", help="write the rows and the yearly counts by level and kind to XLSX"
    )
    export.add_argument("--xlsx", type=Path, required=True, help="the workbook to write")
    for action in (listing, export):
        action.add_argument("--year", type=int, help="only decisions dated in this year")
        action.add_argument("--unit", help="only this unit (its id, or part of its name)")
        action.add_argument("--register", type=Path, help="the register (default: the config's)")
        action.add_argument("--config", type=Path, default=default_config, help="campaign YAML")


def main(args: argparse.Namespace) -> int:
    """Run ``register list`` or ``register export``; 2 when no register can be named."""
    from pipeline.config import ConfigError, load_config
    from pipeline.register.location import register_file
    from pipeline.register.store import awards

    path: Path | None = args.register
    if path is None:
        try:
            path = register_file(args.config, load_config(args.config))
        except ConfigError as exc:
            print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
            return 2
    if path is None:
        print(
            f"Lỗi: cấu hình {args.config} không nêu sổ khen thưởng (register.path); "
            "hãy chỉ ra bằng --register.",
            file=sys.stderr,
        )
        return 2
    if not path.is_file():
        print(f"Sổ khen thưởng {path} chưa có: chưa ghi quyết định nào.", file=sys.stderr)
    rows = awards(path, year=args.year, unit=args.unit)
    from pipeline.register import stats

    if args.register_command == "list":
        print(stats.terminal_table(rows))
        return 0
    stats.export_xlsx(rows, args.xlsx)
    print(f"Đã ghi {len(rows)} dòng và bảng thống kê theo năm vào {args.xlsx}.")
    return 0
