"""``fetch`` against a real IMAP server: Dovecot started on loopback for the session.

The server gets a self-signed CA and a certificate for 127.0.0.1/localhost made here with
``openssl``; messages are appended with IMAPClient, then fetch runs through the command line
as a clerk would run it, twice.  Skipped when the ``dovecot`` binary is absent (``.ci/run``
installs it).
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import io
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.fetch_cli import PASSWORD_ENV
from pipeline.ingest.fetch import (
    INDEX_NAME,
    Head,
    decode_subject,
    file_name,
    message_key,
    read_head,
    slug,
)
from pipeline.ingest.mail import read_mail

ROOT = Path(__file__).resolve().parents[1]
USER = "vanthu"
PASSWORD = "Mk-thu-nghiem-7f3a9c"  # a test password: must never appear in any output
LOCAL = dt.timezone(dt.timedelta(hours=7))
BIG_MB = 30
LIMIT_MB = 20  # the test config's mail.max_message_mb


# ------------------------------------------------------------------------------ naming, no server


def test_slug_is_ascii_bounded_and_cut_at_a_word() -> None:
    assert slug("Đăng ký thi đua – Trường THCS Lê Lợi", 60) == "dang-ky-thi-dua-truong-thcs-le-loi"
    cut = slug("Báo cáo thành tích " * 10, 30)
    assert len(cut) <= 30 and not cut.endswith("-") and cut.isascii()
    assert slug("…!!!", 10) == ""


def test_file_name_is_deterministic_safe_and_unique_by_key() -> None:
    head = Head("<a@x>", "thcs.lhp@gmail.com", "../../etc/passwd Tờ trình", None)
    name = file_name(head, "<a@x>")
    assert name == file_name(head, "<a@x>")
    assert name != file_name(head, "<b@x>")
    assert name.startswith("khong-ngay_thcs-lhp-gmail-com_etc-passwd-to-trinh_")
    assert "/" not in name and name.isascii() and len(name) < 140
    assert message_key(None, b"abc") == "sha256:" + hashlib.sha256(b"abc").hexdigest()


def test_subjects_in_other_charsets_are_read_with_a_note() -> None:
    word = "Tờ trình đề nghị khen thưởng"
    assert decode_subject(word.encode("utf-8")) == (word, None)
    assert decode_subject(to_cp1258(word))[0] == word
    assert "windows-1258" in str(decode_subject(to_cp1258(word))[1])
    encoded = b"=?windows-1258?Q?T=F4i?="
    assert decode_subject(encoded) == ("Tôi", None)
    text, note = decode_subject(b"=?x-nonsense?Q?abc=FF?=")
    assert note is not None and "x-nonsense" in note


def test_read_head_unfolds_and_converts_the_date() -> None:
    block = (
        b"Message-ID: <1@truong.edu.vn>\r\nFrom: =?utf-8?b?VHLGsOG7nW5n?= <A@Truong.edu.vn>\r\n"
        b"Subject: first\r\n second\r\nDate: Tue, 4 May 2021 22:30:00 +0000\r\n\r\n"
    )
    head = read_head(block, LOCAL)
    assert head.message_id == "<1@truong.edu.vn>"
    assert head.sender == "a@truong.edu.vn"
    assert head.subject == "first second"
    assert head.stamp == dt.datetime(2021, 5, 5, 5, 30, tzinfo=LOCAL)


def test_no_password_option_on_the_command_line() -> None:
    from pipeline.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(
            ["fetch", "--host", "h", "--user", "u", "--inbox", "i", "--password", "x"]
        )


def test_the_index_and_partial_files_are_not_inbox_documents(tmp_path: Path) -> None:
    from pipeline.ingest import inbox_files

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    (mail_dir / INDEX_NAME).write_text("{}")
    (mail_dir / ".tmp-abc.part").write_bytes(b"half a message")
    (mail_dir / "a.eml").write_bytes(b"From: a@b\r\n\r\nhi\r\n")
    assert [rel for rel, _ in inbox_files(tmp_path)] == ["mail/a.eml"]


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere() -> None:
    from rich.console import Console

    from pipeline.ingest.fetch import RichReporter

    screen = io.StringIO()
    reporter = RichReporter(Console(file=screen, force_terminal=True, width=100))
    with reporter.progress(3) as advance:
        for _ in range(3):
            advance()
        reporter.note("Bỏ qua thư quá dung lượng")
    assert "Đang tải thư" in screen.getvalue() and "Bỏ qua thư" in screen.getvalue()
    plain = RichReporter(Console(file=io.StringIO(), force_terminal=False))
    with plain.progress(3) as advance:
        advance()


def test_a_bad_mail_limit_in_the_config_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "campaign.yaml"
    config.write_text("mail:\n  max_message_mb: -1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "fetch", "--host", "127.0.0.1", "--user", USER,
         "--inbox", str(tmp_path / "inbox"), "--config", str(config)],
        cwd=ROOT, env={**os.environ, PASSWORD_ENV: PASSWORD}, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Lỗi cấu hình" in result.stderr and "max_message_mb" in result.stderr
    assert not (tmp_path / "inbox").exists()


def test_a_missing_ca_file_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "fetch", "--host", "127.0.0.1", "--user", USER,
         "--inbox", str(tmp_path / "inbox"), "--cafile", str(tmp_path / "absent.pem")],
        cwd=ROOT, env={**os.environ, PASSWORD_ENV: PASSWORD}, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert "Không đọc được tệp chứng chỉ CA" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------------------ the server


@dataclass(frozen=True)
class Server:
    imaps: int
    imap: int
    cafile: Path
    root: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dovecot exited: {log.read_text(errors='replace') if log.exists() else ''}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail("dovecot did not start listening within 15 s")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _certificates(where: Path) -> Path:
    """A CA and a server certificate it signs, for 127.0.0.1 and localhost."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
             "/CN=Thidua Test CA", "-keyout", "ca.key", "-out", "ca.pem",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=where)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
             "-keyout", "server.key", "-out", "server.csr", cwd=where)
    (where / "ext.cnf").write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", "ext.cnf", "-out", "server.crt",
             cwd=where)
    return where / "ca.pem"


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    binary = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if binary is None:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)")
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    # Not under pytest's private (0700) temporary folder: dovecot's login processes run as
    # another user when the tests run as root, and must reach the sockets in base_dir.
    root = Path(tempfile.mkdtemp(prefix="thidua-dovecot-"))
    root.chmod(0o755)
    try:
        yield from _serve(binary, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _accounts() -> tuple[str, str, str, int, int]:
    """(internal user, its group, login user, mail uid, mail gid): dovecot's own when the
    tests run as root (dovecot refuses root for all of them), else ours."""
    import grp
    import pwd

    if os.getuid() != 0:
        me = pwd.getpwuid(os.getuid()).pw_name
        return me, grp.getgrgid(os.getgid()).gr_name, me, os.getuid(), os.getgid()
    try:
        internal = pwd.getpwnam("dovecot")
        login = pwd.getpwnam("dovenull")
    except KeyError:
        pytest.skip("running as root without the dovecot and dovenull users")
    group = grp.getgrgid(internal.pw_gid).gr_name
    return internal.pw_name, group, login.pw_name, internal.pw_uid, internal.pw_gid


def _serve(binary: str, root: Path) -> Iterator[Server]:
    cafile = _certificates(root)
    internal, group, login, uid, gid = _accounts()
    (root / "passwd").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{root}/home/{USER}::\n"
    )
    for sub in ("run", "state", "home", "mail"):
        (root / sub).mkdir()
    for sub in ("home", "mail"):
        os.chown(root / sub, uid, gid)
    imaps, imap = _free_port(), _free_port()
    conf = root / "dovecot.conf"
    conf.write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
instance_name = thidua-test-{os.getpid()}
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = {uid}
first_valid_gid = {gid}
ssl = yes
ssl_cert = <{root}/server.crt
ssl_key = <{root}/server.key
disable_plaintext_auth = yes
auth_mechanisms = plain
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""
    )
    log = root / "dovecot.log"
    with (root / "stderr.log").open("wb") as errors:
        process = subprocess.Popen(
            [binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=errors
        )
    try:
        _wait_port(imaps, process, log)
        _wait_port(imap, process, log)
        yield Server(imaps, imap, cafile, root)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)



# ------------------------------------------------------------------------------ the messages

DOCX_NAME = "Đăng ký thi đua THCS Lê Lợi.docx"


def _mail(
    subject: str, sender: str, message_id: str | None, day: int, body: str = "Kính gửi Phòng."
) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = "thidua@pgd.binhtan.edu.vn"
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(dt.datetime(2021, 5, day, 9, 15, tzinfo=LOCAL))
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    return message


def _messages() -> dict[str, bytes]:
    from tests.docx_builders import paragraphs_docx

    docx = paragraphs_docx(["TRƯỜNG THCS LÊ LỢI", "ĐĂNG KÝ THI ĐUA NĂM 2021"])
    with_files = _mail("Đăng ký thi đua – THCS Lê Lợi", "THCS Lê Lợi <thcs.leloi@truong.edu.vn>",
                       "<dk-1@truong.edu.vn>", 5)
    with_files.add_attachment(docx, maintype="application",
                              subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                              filename=DOCX_NAME)
    with_files.add_attachment(b"unit,count\nleloi,3\n", maintype="text", subtype="csv",
                              filename="danh_sach.csv")

    inner = _mail("Tờ trình đề nghị khen thưởng", "hieutruong@truong.edu.vn", "<inner@x>", 6)
    inner.add_attachment(docx, maintype="application", subtype="octet-stream",
                         filename="to_trinh.docx")
    forwarded = _mail("Fwd: Tờ trình đề nghị khen thưởng", "thcs.leloi@truong.edu.vn",
                      "<fwd-1@truong.edu.vn>", 7)
    forwarded.add_attachment(inner)  # message/rfc822

    duplicate = _mail("Đăng ký thi đua (gửi lại)", "thcs.leloi@truong.edu.vn",
                      "<dk-1@truong.edu.vn>", 8)

    big = _mail("Hồ sơ ảnh hoạt động", "th.anlac@truong.edu.vn", "<big-1@truong.edu.vn>", 9)
    big.add_attachment(b"\x00" * (BIG_MB << 20), maintype="application",
                       subtype="octet-stream", filename="anh.zip")

    no_id = _mail("Báo cáo kết quả", "mn.hoasen@truong.edu.vn", None, 10)

    legacy_subject = to_cp1258("Báo cáo thành tích tập thể")
    legacy = (
        b"From: TH Binh Tri <th.binhtri@truong.edu.vn>\r\n"
        b"To: thidua@pgd.binhtan.edu.vn\r\n"
        b"Subject: " + legacy_subject + b"\r\n"
        b"Date: Tue, 11 May 2021 08:00:00 +0700\r\n"
        b"Message-ID: <legacy-1@truong.edu.vn>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=windows-1258\r\n\r\n"
        + to_cp1258("Kính gửi Phòng Giáo dục.") + b"\r\n"
    )
    broken = (
        b"From: thcs.x@truong.edu.vn\r\nSubject: Ho so\r\nMessage-ID: <broken-1@x>\r\n"
        b"Date: Wed, 12 May 2021 08:00:00 +0700\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="BOUNDARY"\r\n\r\n'
        b"no boundary ever starts here\r\n"
    )
    return {
        "with_files": with_files.as_bytes(),
        "forwarded": forwarded.as_bytes(),
        "duplicate": duplicate.as_bytes(),
        "big": big.as_bytes(),
        "no_id": no_id.as_bytes(),
        "legacy": legacy,
        "broken": broken,
    }


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Vietnamese as windows-1258 writes it: a base letter (â, ơ, …) then a combining tone."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def _client(server: Server):  # type: ignore[no-untyped-def]
    from imapclient import IMAPClient

    context = ssl.create_default_context(cafile=str(server.cafile))
    client = IMAPClient("127.0.0.1", port=server.imaps, ssl_context=context, timeout=30)
    try:
        client.login(USER, PASSWORD)
    except Exception:
        client.shutdown()
        raise
    return client


@pytest.fixture(scope="session")
def mailbox(dovecot: Server) -> dict[str, bytes]:
    """The test messages appended to INBOX (once per session), unseen."""
    messages = _messages()
    client = _client(dovecot)
    try:
        for data in messages.values():
            client.append("INBOX", data, flags=())
    finally:
        client.logout()
    return messages


def _flags(server: Server) -> dict[int, tuple[bytes, ...]]:
    client = _client(server)
    try:
        client.select_folder("INBOX", readonly=True)
        return {uid: tuple(v[b"FLAGS"]) for uid, v in client.fetch(client.search(["ALL"]), ["FLAGS"]).items()}
    finally:
        client.logout()


def _config(where: Path) -> Path:
    """A config with the test's limit: fetch reads only ``mail`` and the UTC offset."""
    path = where / "campaign.yaml"
    path.write_text(
        f"campaign:\n  utc_offset: '+07:00'\nmail:\n  max_message_mb: {LIMIT_MB}\n",
        encoding="utf-8",
    )
    return path


def _fetch(
    server: Server, inbox: Path, *extra: str, port: int | None = None, cafile: bool = True
) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "pipeline", "fetch", "--host", "127.0.0.1",
        "--port", str(port or server.imaps), "--user", USER, "--folder", "INBOX",
        "--since", "2021-05-01", "--inbox", str(inbox), "--config", str(_config(inbox.parent)),
    ]
    if cafile:
        command += ["--cafile", str(server.cafile)]
    env = {**os.environ, PASSWORD_ENV: PASSWORD}
    result = subprocess.run(
        [*command, *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert PASSWORD not in result.stdout + result.stderr
    return result


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ------------------------------------------------------------------------------ server tests


def test_fetch_twice_saves_each_message_once_and_leaves_the_server_unseen(
    dovecot: Server, mailbox: dict[str, bytes], tmp_path: Path
) -> None:
    before = _flags(dovecot)
    assert len(before) == len(mailbox)
    inbox = tmp_path / "inbox"

    first = _fetch(dovecot, inbox)
    assert first.returncode == 0, first.stderr
    mail_dir = inbox / "mail"
    saved = sorted(p.name for p in mail_dir.glob("*.eml"))
    # one per Message-ID: the duplicate and the 30 MB message are not saved
    assert len(saved) == 5, (saved, first.stderr)
    for name in saved:
        assert name.isascii() and len(name) <= 140 and "/" not in name
        assert all(c.isalnum() or c in "._-" for c in name), name
    assert any(n.startswith("20210505-0915_thcs-leloi-truong-edu-vn_dang-ky-thi-dua-thcs-le-loi_")
               for n in saved), saved
    assert "lưu mới 5" in first.stdout and "trùng Message-ID 1" in first.stdout
    assert "quá dung lượng 1" in first.stdout
    assert "Bỏ qua thư quá dung lượng (41,1 MB" in first.stderr  # 30 MB in base64
    assert f"tối đa {LIMIT_MB},0 MB" in first.stderr and "Hồ sơ ảnh hoạt động" in first.stderr
    assert "trùng Message-ID" in first.stderr
    assert "windows-1258" in first.stderr and "Báo cáo thành tích tập thể" in first.stderr
    assert "không có Message-ID" in first.stderr
    assert "cấu trúc MIME" in first.stderr

    # the saved bytes are the server's bytes, and the pipeline's mail reader reads them
    files = {p.name: p.read_bytes() for p in mail_dir.glob("*.eml")}
    assert sorted(files.values()) == sorted(
        data for key, data in mailbox.items() if key not in ("duplicate", "big")
    )
    with_files = next(d for d in files.values() if b"<dk-1@truong.edu.vn>" in d)
    mail = read_mail(with_files, LOCAL, 50 << 20, 100)
    assert mail.errors == [] and mail.received_at == "2021-05-05"
    assert [p.name for p in mail.parts] == [DOCX_NAME, "danh_sach.csv"]
    import docx

    text = [p.text for p in docx.Document(io.BytesIO(mail.parts[0].data)).paragraphs]
    assert "ĐĂNG KÝ THI ĐUA NĂM 2021" in text
    forwarded = read_mail(next(d for d in files.values() if b"<fwd-1@" in d), LOCAL, 50 << 20, 100)
    assert [p.is_message for p in forwarded.parts] == [True]
    inner = read_mail(forwarded.parts[0].data, LOCAL, 50 << 20, 100)
    assert [p.name for p in inner.parts] == ["to_trinh.docx"]

    tree = _tree(inbox)
    assert INDEX_NAME in {Path(k).name for k in tree}
    second = _fetch(dovecot, inbox)
    assert second.returncode == 0, second.stderr
    assert "lưu mới 0" in second.stdout and "đã có từ trước 6" in second.stdout
    assert _tree(inbox) == tree  # the same inbox, byte for byte
    assert "quá dung lượng" in second.stderr  # still said: the clerk must fetch it by hand

    after = _flags(dovecot)
    assert after == before
    assert all(b"\\Seen" not in flags for flags in after.values())

    # a saved file the clerk deleted comes back, under the same name
    victim = mail_dir / saved[0]
    victim.unlink()
    third = _fetch(dovecot, inbox)
    assert third.returncode == 0 and "lưu mới 1" in third.stdout, third.stderr
    assert _tree(inbox) == tree


def test_certificate_is_verified_unless_insecure(
    dovecot: Server, mailbox: dict[str, bytes], tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    refused = _fetch(dovecot, inbox, cafile=False)
    assert refused.returncode == 3
    assert "Chứng chỉ TLS của máy chủ 127.0.0.1" in refused.stderr
    assert not list((inbox / "mail").glob("*.eml"))

    insecure = _fetch(dovecot, inbox, "--insecure", cafile=False)
    assert insecure.returncode == 0, insecure.stderr
    assert "CẢNH BÁO: --insecure TẮT KIỂM TRA CHỨNG CHỈ TLS" in insecure.stderr
    assert "lưu mới 5" in insecure.stdout

    starttls = _fetch(dovecot, inbox, "--starttls", port=dovecot.imap)
    assert starttls.returncode == 0, starttls.stderr
    assert "lưu mới 0" in starttls.stdout
    assert all(b"\\Seen" not in flags for flags in _flags(dovecot).values())


def test_wrong_password_and_missing_password_are_clear(
    dovecot: Server, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    secret = tmp_path / "pw"
    secret.write_text("not-the-password\n")
    wrong = _fetch(dovecot, inbox, "--password-file", str(secret))
    assert wrong.returncode == 3 and "từ chối đăng nhập" in wrong.stderr
    assert "not-the-password" not in wrong.stdout + wrong.stderr
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    missing = subprocess.run(
        [sys.executable, "-m", "pipeline", "fetch", "--host", "127.0.0.1", "--user", USER,
         "--inbox", str(inbox)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert missing.returncode == 2 and PASSWORD_ENV in missing.stderr


def test_a_second_fetch_waits_or_exits_and_a_killed_ones_lock_does_not_block(
    dovecot: Server, mailbox: dict[str, bytes], tmp_path: Path
) -> None:
    from pipeline.lock import FolderLock

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with FolderLock(inbox, wait=False):
        busy = _fetch(dovecot, inbox, "--no-wait")
    assert busy.returncode == 4 and "đang được một lần tải thư" in busy.stderr
    assert not (inbox / "mail").exists()

    script = (
        "import sys, time\nfrom pathlib import Path\nfrom pipeline.lock import FolderLock\n"
        "lock = FolderLock(Path(sys.argv[1]), wait=False)\nlock.acquire()\n"
        "print('held', flush=True)\ntime.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script, str(inbox)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        holder.kill()
        holder.wait(timeout=10)
    after_kill = _fetch(dovecot, inbox, "--no-wait")
    assert after_kill.returncode == 0, after_kill.stderr
    assert "lưu mới 5" in after_kill.stdout


def test_a_second_fetch_waits_with_a_message_until_the_first_is_done(
    dovecot: Server, mailbox: dict[str, bytes], tmp_path: Path
) -> None:
    from pipeline.lock import FolderLock

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    command = [
        sys.executable, "-m", "pipeline", "fetch", "--host", "127.0.0.1",
        "--port", str(dovecot.imaps), "--user", USER, "--inbox", str(inbox),
        "--cafile", str(dovecot.cafile), "--config", str(_config(tmp_path)),
    ]
    env = {**os.environ, PASSWORD_ENV: PASSWORD}
    with FolderLock(inbox, wait=False):
        waiting = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert "Đang chờ" in line and "đang được một lần tải thư" in line
        assert not (inbox / "mail").exists()  # nothing done while it waits
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert "lưu mới 5" in out


def test_a_lost_or_damaged_index_is_rebuilt_from_the_saved_files(
    dovecot: Server, mailbox: dict[str, bytes], tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    assert _fetch(dovecot, inbox).returncode == 0
    tree = _tree(inbox)
    index = inbox / "mail" / INDEX_NAME
    index.write_text("{ not json", encoding="utf-8")
    again = _fetch(dovecot, inbox)
    assert again.returncode == 0 and "lưu mới 0" in again.stdout, again.stderr
    assert _tree(inbox) == tree
    index.unlink()
    again = _fetch(dovecot, inbox)
    assert again.returncode == 0 and "lưu mới 0" in again.stdout, again.stderr
    assert _tree(inbox) == tree
