"""``python -m pipeline fetch``: options, password, config limits, the inbox lock, progress.

The work is in ``pipeline.ingest.fetch``; this module is imported whenever the command line's
parser is built (``run`` too), so it imports nothing heavy before ``main``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

PASSWORD_ENV = "THIDUA_IMAP_PASSWORD"
EXIT_OK = 0
EXIT_USAGE = 2  # bad option, config or password source
EXIT_SERVER = 3  # connection, TLS, login or folder
EXIT_BUSY = 4  # another fetch holds the inbox and --no-wait was given
EXIT_INTERRUPTED = 130  # Ctrl+C: what was saved stays, the index with it

INSECURE_WARNING = (
    "!!! CẢNH BÁO: --insecure TẮT KIỂM TRA CHỨNG CHỈ TLS CỦA MÁY CHỦ THƯ. !!!\n"
    "!!! Kẻ gian trên đường truyền có thể giả làm máy chủ, đọc trộm mật khẩu và thư. !!!\n"
    "!!! Chỉ dùng khi thử nghiệm; hãy dùng --cafile với chứng chỉ CA của máy chủ. !!!"
)
WAITING = (
    "Hộp thư đến {folder} đang được một lần tải thư hoặc lần chạy khác sử dụng ({holder}). "
    "Đang chờ… (nhấn Ctrl+C để dừng)"
)
BUSY = (
    "Hộp thư đến {folder} đang được một lần tải thư hoặc lần chạy khác sử dụng ({holder}). "
    "Hãy chạy lại sau."
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``fetch`` sub-command's options."""
    cmd = sub.add_parser(
        "fetch",
        allow_abbrev=False,  # "--password SECRET" must not pass for "--password-file"
        help="copy the office mailbox's messages into inbox/mail/ (read-only IMAP)",
        description="Read-only IMAP intake: one .eml per Message-ID under INBOX/mail/. The "
        f"password comes from the environment variable {PASSWORD_ENV} or --password-file "
        "(or a prompt on a terminal), never from the command line.",
    )
    cmd.add_argument("--host", required=True, help="IMAP server name")
    cmd.add_argument("--port", type=int, help="port (default 993, or 143 with --starttls)")
    cmd.add_argument("--user", required=True, help="mailbox user name")
    cmd.add_argument("--folder", default="INBOX", help="mailbox folder (default INBOX)")
    cmd.add_argument("--since", type=_date, help="only messages received on or after this day")
    cmd.add_argument("--inbox", type=Path, required=True, help="the inbox folder to save into")
    cmd.add_argument("--password-file", type=Path, help="file holding the password")
    cmd.add_argument("--cafile", type=Path, help="CA certificate(s) to verify the server with")
    cmd.add_argument("--starttls", action="store_true", help="plain IMAP upgraded by STARTTLS")
    cmd.add_argument(
        "--insecure", action="store_true", help="do not verify the server certificate (unsafe)"
    )
    cmd.add_argument("--no-wait", action="store_true", help="exit if another fetch holds the inbox")
    cmd.add_argument("--config", type=Path, help="campaign YAML (for mail.max_message_mb)")


def main(args: argparse.Namespace, default_config: Path) -> int:
    """Run ``fetch`` as the command line asked; the exit code."""
    from pipeline.ingest.fetch import MAIL_DIR, FetchError, FetchOptions, RichReporter, fetch
    from pipeline.lock import FolderLock, LockBusy

    password = _password(args.password_file)
    if password is None:
        return EXIT_USAGE
    limits = _limits(args.config, default_config)
    if limits is None:
        return EXIT_USAGE
    max_mb, local = limits
    if args.insecure:
        print(INSECURE_WARNING, file=sys.stderr, flush=True)
    options = FetchOptions(
        host=args.host,
        user=args.user,
        password=password,
        inbox=args.inbox,
        folder=args.folder,
        port=args.port,
        since=args.since,
        cafile=args.cafile,
        insecure=args.insecure,
        starttls=args.starttls,
        max_message_bytes=int(max_mb * (1 << 20)),
        local=local,
    )
    args.inbox.mkdir(parents=True, exist_ok=True)
    try:
        with FolderLock(args.inbox, wait=not args.no_wait, message=WAITING, busy_message=BUSY):
            report = fetch(options, RichReporter())
    except LockBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    except FetchError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_SERVER
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; các thư đã lưu vẫn được giữ.", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(report.summary())
    print(f"Thư được lưu ở thư mục: {args.inbox / MAIL_DIR}")
    return EXIT_OK


def _password(path: Path | None) -> str | None:
    """From --password-file, else the environment, else a prompt on a terminal."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"Lỗi: không đọc được tệp mật khẩu {path}: {exc}", file=sys.stderr)
            return None
        return text.rstrip("\r\n")
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if sys.stdin.isatty():
        with contextlib.suppress(EOFError, KeyboardInterrupt):
            return getpass.getpass("Mật khẩu hộp thư: ")
    print(
        f"Lỗi: thiếu mật khẩu hộp thư. Đặt biến môi trường {PASSWORD_ENV} hoặc dùng "
        "--password-file TỆP (không ghi mật khẩu trên dòng lệnh).",
        file=sys.stderr,
    )
    return None


def _limits(path: Path | None, default: Path) -> tuple[float, dt.timezone] | None:
    """``mail.max_message_mb`` and ``campaign.utc_offset`` of the config, the rest unread (a
    draft config still full of TODO lets the mail in); the defaults when no config is given
    and the default one is absent."""
    import yaml

    from pipeline.config import MailSpec
    from pipeline.ingest.fetch import DEFAULT_MAX_MESSAGE_MB
    from pipeline.ingest.mail import parse_utc_offset

    if path is None and not default.is_file():
        return DEFAULT_MAX_MESSAGE_MB, parse_utc_offset("+07:00")
    config = path or default
    try:
        raw = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise ValueError("the file is not a YAML mapping")
        mail = MailSpec.model_validate(raw.get("mail") or {})
        campaign = raw.get("campaign")
        offset = campaign.get("utc_offset", "+07:00") if isinstance(campaign, dict) else "+07:00"
        return mail.max_message_mb, parse_utc_offset(str(offset))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        print(
            f"Lỗi cấu hình {config}: không đọc được mục mail hoặc campaign.utc_offset: {exc}",
            file=sys.stderr,
        )
        return None
