"""Ingest: the inbox walk, e-mails, zip bundles, the register and format sniffing.

Every fixture is a real file built here: DOCX with python-docx, PDF with matplotlib's PDF
backend, XLSX with openpyxl, e-mails with the stdlib EmailMessage, zips with zipfile.
"""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import subprocess
import time
import types
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import docx
import openpyxl
import pytest
from matplotlib.figure import Figure

from pipeline.ingest import (
    IngestLimits,
    inbox_files,
    iter_inbox,
    read_register,
    register_problems,
    with_data,
)
from pipeline.ingest.archive import is_junk, safe_member_path
from pipeline.ingest.mail import safe_name
from pipeline.ingest.sniff import sniff
from pipeline.ingest.walk import MSG_CHANGED
from pipeline.model import InboxItem

MIB = 1 << 20
DATE_LATE_UTC = "Tue, 04 May 2021 22:30:00 +0000"  # 05:30 on 5 May in Vietnam

# ------------------------------------------------------------------------------ builders


def make_docx(*paragraphs: str) -> bytes:
    """A real DOCX holding the given paragraphs."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(text: str) -> bytes:
    """A real one-page PDF with a line of text."""
    figure = Figure(figsize=(3, 2))
    figure.text(0.1, 0.5, text)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf", metadata={"CreationDate": None})
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Bảng tính"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_mail(
    *,
    sender: str = "Trường THCS Tân Tạo <THCS.TanTao@Example.edu.vn>",
    date: str | None = DATE_LATE_UTC,
    body: str = "Kính gửi Phòng Giáo dục và Đào tạo,\nđơn vị gửi văn bản kèm theo.",
    attachments: dict[str, bytes] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "thidua@pgd.binhtan.edu.vn"
    message["Subject"] = "Đăng ký thi đua"
    if date is not None:
        message["Date"] = date
    message.set_content(body)
    for name, data in (attachments or {}).items():
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message


def write(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def items_of(
    inbox: Path, utc_offset: str = "+07:00", limits: IngestLimits | None = None
) -> dict[str, InboxItem]:
    found = list(iter_inbox(inbox, utc_offset, limits))
    by_source = {item.source: item for item in found}
    assert len(by_source) == len(found), "sources must be unique"
    return by_source


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """sha256, size and mtime of every file under root (hidden ones included)."""
    return {
        path.relative_to(root).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_size,
            path.stat().st_mtime_ns,
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def docx_bytes() -> bytes:
    return make_docx("BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA", "Trường THCS Tân Tạo")


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    return make_pdf("Bao cao ket qua thi dua")


@pytest.fixture(scope="session")
def bomb_member() -> tuple[str, bytes]:
    """A zip holding 300 MB of zeros (about 300 KB compressed), written in a stream."""
    buffer = io.BytesIO()
    zeros = bytes(MIB)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        info = zipfile.ZipInfo("bom.docx", date_time=(2021, 5, 4, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as stream:
            for _ in range(300):
                stream.write(zeros)
    return "bom.docx", buffer.getvalue()


# -------------------------------------------------------------------------------- e-mail


def test_eml_with_two_attachments_is_dated_in_vietnam(
    tmp_path: Path, docx_bytes: bytes, pdf_bytes: bytes
) -> None:
    mail = make_mail(attachments={"dang_ky.docx": docx_bytes, "bao_cao.pdf": pdf_bytes})
    write(tmp_path, "mail.eml", mail.as_bytes())

    items = items_of(tmp_path)

    assert sorted(items) == ["mail.eml#bao_cao.pdf", "mail.eml#dang_ky.docx"]
    registration = items["mail.eml#dang_ky.docx"]
    assert registration.format == "docx"
    assert registration.data == docx_bytes
    assert registration.sha256 == hashlib.sha256(docx_bytes).hexdigest()
    assert items["mail.eml#bao_cao.pdf"].format == "pdf"
    for item in items.values():
        assert (item.received_at, item.received_time) == ("2021-05-05", "05:30")
        assert item.received_source == "eml"
        assert item.sender == "thcs.tantao@example.edu.vn"
        assert item.folder == ""
        assert item.errors == []


def test_eml_date_in_other_offsets(tmp_path: Path, docx_bytes: bytes) -> None:
    write(
        tmp_path,
        "a.eml",
        make_mail(date=DATE_LATE_UTC, attachments={"a.docx": docx_bytes}).as_bytes(),
    )
    write(
        tmp_path,
        "b.eml",
        make_mail(
            date="Wed, 05 May 2021 23:59:00 +0700", attachments={"b.docx": docx_bytes}
        ).as_bytes(),
    )
    write(
        tmp_path,
        "c.eml",
        make_mail(
            date="Wed, 05 May 2021 23:59:00 -0000", attachments={"c.docx": docx_bytes}
        ).as_bytes(),
    )

    local = items_of(tmp_path)
    utc = items_of(tmp_path, utc_offset="+00:00")

    assert local["a.eml#a.docx"].received_at == "2021-05-05"
    assert utc["a.eml#a.docx"].received_at == "2021-05-04"
    assert local["b.eml#b.docx"].received_at == "2021-05-05"
    # -0000 means "offset unknown": the clock time is read as the campaign's local time.
    assert (local["c.eml#c.docx"].received_at, local["c.eml#c.docx"].received_time) == (
        "2021-05-05",
        "23:59",
    )


def test_attachment_names_are_decoded_normalised_and_made_safe(
    tmp_path: Path, docx_bytes: bytes
) -> None:
    decomposed = unicodedata.normalize("NFD", "Đăng ký thi đua.docx")
    mail = make_mail(attachments={decomposed: docx_bytes})
    mail.add_attachment(
        docx_bytes,
        maintype="application",
        subtype="octet-stream",
        filename="..\\..\\Windows\\x.docx",
    )
    mail.add_attachment(
        docx_bytes, maintype="application", subtype="octet-stream", filename="Đăng ký thi đua.docx"
    )
    raw = mail.as_bytes()
    assert b"filename*=utf-8''" in raw  # RFC 2231, as the stdlib writes non-ASCII names
    write(tmp_path, "thu.eml", raw)

    items = items_of(tmp_path)

    assert sorted(items) == [
        "thu.eml#x.docx",
        "thu.eml#Đăng ký thi đua (2).docx",
        "thu.eml#Đăng ký thi đua.docx",
    ]
    assert all(unicodedata.is_normalized("NFC", source) for source in items)


def test_encoded_word_filename_and_inline_part(tmp_path: Path) -> None:
    raw = (
        b"From: Truong MN Hoa Sen <mn.hoasen@example.edu.vn>\r\n"
        b"Date: Mon, 03 May 2021 08:00:00 +0700\r\n"
        b"Subject: =?UTF-8?B?VMOgaSBsaeG7h3U=?=\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nXin g\xe1\xbb\xadi.\r\n"
        b"--b1\r\nContent-Type: application/pdf\r\n"
        b'Content-Disposition: inline; filename="=?UTF-8?B?QsOhbyBjw6FvLnBkZg==?="\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJSVFT0YK\r\n"
        b"--b1--\r\n"
    )
    write(tmp_path, "mn.eml", raw)

    items = items_of(tmp_path)

    assert list(items) == ["mn.eml#Báo cáo.pdf"]
    item = items["mn.eml#Báo cáo.pdf"]
    assert item.format == "pdf"
    assert item.data == b"%PDF-1.4\n%%EOF\n"
    assert item.received_at == "2021-05-03"


def test_forwarded_message_keeps_outer_date_and_inner_sender(
    tmp_path: Path, docx_bytes: bytes, pdf_bytes: bytes
) -> None:
    inner = make_mail(
        sender="THCS Bình Trị Đông <thcs.btd@example.edu.vn>",
        date="Sat, 01 May 2021 09:00:00 +0700",
        attachments={"ke_hoach.docx": docx_bytes},
    )
    outer = make_mail(
        sender="Văn thư <VANTHU@pgd.example.vn>",
        date="Thu, 06 May 2021 10:15:00 +0700",
        body="Chuyển tiếp thư của trường.",
    )
    outer.add_attachment(inner)  # message/rfc822
    saved = make_mail(
        sender="THCS An Lạc <thcs.anlac@example.edu.vn>",
        date="Sun, 02 May 2021 07:00:00 +0700",
        attachments={"bao_cao.pdf": pdf_bytes},
    )
    outer.add_attachment(
        saved.as_bytes(), maintype="application", subtype="octet-stream", filename="thu_goc.eml"
    )
    write(tmp_path, "Văn thư/chuyen_tiep.eml", outer.as_bytes())

    items = items_of(tmp_path)

    assert sorted(items) == [
        "Văn thư/chuyen_tiep.eml#forwarded.eml#ke_hoach.docx",
        "Văn thư/chuyen_tiep.eml#thu_goc.eml#bao_cao.pdf",
    ]
    forwarded = items["Văn thư/chuyen_tiep.eml#forwarded.eml#ke_hoach.docx"]
    assert forwarded.data == docx_bytes
    assert forwarded.received_at == "2021-05-06"
    assert forwarded.sender == "thcs.btd@example.edu.vn"
    assert forwarded.folder == "Văn thư"
    attached = items["Văn thư/chuyen_tiep.eml#thu_goc.eml#bao_cao.pdf"]
    assert attached.received_at == "2021-05-06"
    assert attached.sender == "thcs.anlac@example.edu.vn"


def test_outer_mail_without_date_does_not_borrow_the_inner_date(
    tmp_path: Path, docx_bytes: bytes
) -> None:
    inner = make_mail(date="Sat, 01 May 2021 09:00:00 +0700", attachments={"a.docx": docx_bytes})
    outer = make_mail(date=None, sender="vanthu@pgd.example.vn")
    outer.add_attachment(inner)
    write(tmp_path, "fw.eml", outer.as_bytes())

    item = items_of(tmp_path)["fw.eml#forwarded.eml#a.docx"]

    assert (item.received_at, item.received_source) == (None, "none")
    assert item.sender == "thcs.tantao@example.edu.vn"


def test_eml_without_attachment_is_its_body(tmp_path: Path) -> None:
    write(
        tmp_path,
        "loi_nhan.eml",
        make_mail(body="Đơn vị đăng ký nội dung 1: Công trình Xanh.").as_bytes(),
    )
    html_only = make_mail(body="x")
    html_only.set_content(
        "<html><head><style>p{}</style></head><body><p>Đăng ký</p><p>nội dung&nbsp;2</p></body></html>",
        subtype="html",
    )
    write(tmp_path, "html.eml", html_only.as_bytes())

    items = items_of(tmp_path)

    plain = items["loi_nhan.eml"]
    assert plain.format == "text"
    assert plain.data.decode("utf-8") == "Đơn vị đăng ký nội dung 1: Công trình Xanh."
    assert plain.received_at == "2021-05-05"
    assert plain.errors == []
    html = items["html.eml"]
    assert html.format == "text"
    assert html.data.decode("utf-8").split("\n") == ["Đăng ký", "nội dung 2"]


def test_broken_eml_is_one_item_with_errors(tmp_path: Path) -> None:
    write(
        tmp_path,
        "hong.eml",
        b"From: a@b.vn\nSubject: x\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=zzz\n\nkhong co ranh gioi\n",
    )

    items = items_of(tmp_path)

    assert list(items) == ["hong.eml"]
    assert items["hong.eml"].errors
    assert "MIME" in items["hong.eml"].errors[0]


# ----------------------------------------------------------------------------------- zip


def test_zip_members_traversal_and_bomb_are_bounded(
    tmp_path: Path, docx_bytes: bytes, pdf_bytes: bytes, bomb_member: tuple[str, bytes]
) -> None:
    bomb_name, bomb_zip = bomb_member
    inner = make_zip({"sau/deep.docx": docx_bytes})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("THCS Tân Tạo/", b"")  # a directory entry
        archive.writestr("THCS Tân Tạo/dang_ky.docx", docx_bytes)
        archive.writestr("bao_cao.pdf", pdf_bytes)
        archive.writestr("../../x", b"evil")
        archive.writestr("__MACOSX/._bao_cao.pdf", b"\x00\x05\x16\x07")
        archive.writestr("long/inner.zip", inner)
        archive.writestr("bom.zip", bomb_zip, compress_type=zipfile.ZIP_STORED)
    write(tmp_path, "goi.zip", buffer.getvalue())

    started = time.monotonic()
    items = items_of(tmp_path)
    elapsed = time.monotonic() - started

    assert sorted(items) == [
        "goi.zip#../../x",
        "goi.zip#THCS Tân Tạo/dang_ky.docx",
        "goi.zip#bao_cao.pdf",
        "goi.zip#bom.zip#bom.docx",
        "goi.zip#long/inner.zip#sau/deep.docx",
    ]
    assert items["goi.zip#THCS Tân Tạo/dang_ky.docx"].data == docx_bytes
    assert items["goi.zip#bao_cao.pdf"].format == "pdf"
    assert items["goi.zip#long/inner.zip#sau/deep.docx"].format == "docx"
    traversal = items["goi.zip#../../x"]
    assert traversal.errors == [
        "Tên tệp trong gói nén không hợp lệ (trỏ ra ngoài thư mục): ../../x"
    ]
    assert traversal.data == b""
    bomb = items["goi.zip#bom.zip#bom.docx"]
    assert bomb.data == b""
    assert "bom nén" in bomb.errors[0] and "quá dung lượng" in bomb.errors[0]
    assert elapsed < 10
    assert not (tmp_path.parent / "x").exists()


def test_zip_total_budget_and_member_count(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 4096  # 1 MiB each
    write(tmp_path, "nhieu.zip", make_zip({f"f{i}.bin": payload for i in range(5)}))
    write(tmp_path, "qua_nhieu.zip", make_zip({f"t{i}.txt": b"x" for i in range(12)}))
    limits = IngestLimits(
        max_member_bytes=2 * MIB, max_archive_total_bytes=3 * MIB, max_archive_members=10
    )

    items = items_of(tmp_path, limits=limits)

    budgeted = [items[f"nhieu.zip#f{i}.bin"] for i in range(5)]
    assert [len(item.data) for item in budgeted] == [MIB, MIB, MIB, 0, 0]
    assert "Tổng dung lượng giải nén" in budgeted[3].errors[0]
    assert "quá dung lượng" in budgeted[4].errors[0]
    assert list(k for k in items if k.startswith("qua_nhieu")) == ["qua_nhieu.zip"]
    assert "quá nhiều tệp" in items["qua_nhieu.zip"].errors[0]


def test_duplicate_member_names_are_made_unique(tmp_path: Path, docx_bytes: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("a.docx", docx_bytes)
        archive.writestr("A.DOCX", docx_bytes)
        archive.writestr("a.docx", b"%PDF-1.4")
    write(tmp_path, "trung.zip", buffer.getvalue())

    items = items_of(tmp_path)

    # Members in name order; names equal but for case count as duplicates (Windows).
    assert list(items) == ["trung.zip#A.DOCX", "trung.zip#a (2).docx", "trung.zip#a (3).docx"]
    assert items["trung.zip#a (3).docx"].format == "pdf"


def test_zip_nesting_stops_at_max_depth(tmp_path: Path, docx_bytes: bytes) -> None:
    data = make_zip({"cuoi.docx": docx_bytes})
    for level in range(4, 0, -1):
        data = make_zip({f"cap{level}.zip": data})
    write(tmp_path, "long.zip", data)

    items = items_of(tmp_path)

    assert list(items) == ["long.zip#cap1.zip#cap2.zip#cap3.zip"]
    deep = items["long.zip#cap1.zip#cap2.zip#cap3.zip"]
    assert deep.format == "zip"
    assert "lồng nhau quá sâu" in deep.errors[0]
    shallow = items_of(tmp_path, limits=IngestLimits(max_depth=5))
    assert list(shallow) == ["long.zip#cap1.zip#cap2.zip#cap3.zip#cap4.zip#cuoi.docx"]


def test_corrupt_and_empty_zip(tmp_path: Path, docx_bytes: bytes) -> None:
    good = make_zip({"a.bin": bytes(5000), "b.bin": b"y" * 5000})
    write(tmp_path, "hong.zip", good[: len(good) // 2])
    write(tmp_path, "rong.zip", make_zip({}))

    items = items_of(tmp_path)

    assert sorted(items) == ["hong.zip", "rong.zip"]
    assert items["hong.zip"].format == "zip"
    assert "bị hỏng" in items["hong.zip"].errors[0]
    assert items["rong.zip"].errors == ["Gói nén không chứa tệp nào."]


@pytest.mark.skipif(shutil.which("zip") is None, reason="the zip tool is not installed")
def test_encrypted_zip_member(tmp_path: Path, docx_bytes: bytes) -> None:
    work = tmp_path / "work"
    write(work, "mat.docx", docx_bytes)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    subprocess.run(
        ["zip", "-q", "-P", "matkhau", str(inbox / "mat.zip"), "mat.docx"], cwd=work, check=True
    )

    items = items_of(inbox)

    assert list(items) == ["mat.zip#mat.docx"]
    assert "mật khẩu" in items["mat.zip#mat.docx"].errors[0]


def _clear_utf8_flags(data: bytes) -> bytes:
    """The zip with the UTF-8 name flag cleared, as tools that write raw UTF-8 names leave it."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = patched.find(signature)
        while start != -1:
            flags = int.from_bytes(patched[start + offset : start + offset + 2], "little")
            patched[start + offset : start + offset + 2] = (flags & ~0x800).to_bytes(2, "little")
            start = patched.find(signature, start + 4)
    return bytes(patched)


def test_zip_member_names_decoded_and_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Bình Tân.txt")
    write(tmp_path, "nfd.zip", make_zip({decomposed: b"a"}))  # UTF-8 flagged by zipfile
    write(tmp_path, "utf8.zip", _clear_utf8_flags(make_zip({"Đăng ký.txt": b"b"})))
    # A real CP437 name: byte 0x82 is "é" in CP437 and is not valid UTF-8.
    write(tmp_path, "cp437.zip", make_zip({"cafX.txt": b"c"}).replace(b"cafX", b"caf\x82"))

    items = items_of(tmp_path)

    assert "nfd.zip#Bình Tân.txt" in items
    assert "utf8.zip#Đăng ký.txt" in items  # raw UTF-8 without the flag, as many tools write
    assert "cp437.zip#café.txt" in items


def test_safe_member_path() -> None:
    assert safe_member_path("a/../b.docx") == "b.docx"
    assert safe_member_path("../../x") is None
    assert safe_member_path("/etc/passwd") is None
    assert safe_member_path("C:/Windows/x") is None
    assert safe_member_path("dir/./a.pdf") == "dir/a.pdf"


# ------------------------------------------------------------------------------ register


def test_register_precedence_and_formats(tmp_path: Path, docx_bytes: bytes) -> None:
    write(tmp_path, "mail.eml", make_mail(attachments={"dang_ky.docx": docx_bytes}).as_bytes())
    write(
        tmp_path,
        "khong_ngay.eml",
        make_mail(date=None, attachments={"phat_dong.docx": docx_bytes}).as_bytes(),
    )
    write(tmp_path, "THCS Tân Tạo/to_trinh.docx", docx_bytes)
    write(tmp_path, "THCS An Lạc/bien_ban.docx", docx_bytes)
    write(tmp_path, "goi.zip", make_zip({"thanh_tich.docx": docx_bytes}))
    write(tmp_path, "khong_so.docx", docx_bytes)
    register = (
        "\ufefffile;received_at;sender\n"
        "mail.eml#dang_ky.docx;01/5/2021;Văn thư\n"
        "khong_ngay.eml#phat_dong.docx;2021-05-03 16:45;Văn thư\n"
        "thcs tân tạo/TO_TRINH.DOCX;7/5/2021;THCS Tân Tạo\n"
        "bien_ban.docx;2021-05-08;THCS An Lạc\n"
        "goi.zip;09/05/2021;Trường TH Lê Lợi\n"
        "sai.docx;31/02/2021;X\n"
        ";2021-05-01;Y\n"
        "bien_ban.docx;2021-05-09;lặp lại\n"
    )
    write(tmp_path, "so_den.csv", register.encode("utf-8"))

    items = items_of(tmp_path)

    assert "so_den.csv" not in items
    emailed = items["mail.eml#dang_ky.docx"]
    assert (emailed.received_at, emailed.received_source) == ("2021-05-05", "eml")
    undated = items["khong_ngay.eml#phat_dong.docx"]
    assert (undated.received_at, undated.received_time) == ("2021-05-03", "16:45")
    assert undated.received_source == "register"
    assert undated.sender == "thcs.tantao@example.edu.vn"  # the e-mail's own sender is kept
    proposal = items["THCS Tân Tạo/to_trinh.docx"]
    assert (proposal.received_at, proposal.received_source) == ("2021-05-07", "register")
    assert (proposal.sender, proposal.folder) == ("THCS Tân Tạo", "THCS Tân Tạo")
    assert items["THCS An Lạc/bien_ban.docx"].received_at == "2021-05-08"  # by bare name
    zipped = items["goi.zip#thanh_tich.docx"]
    assert (zipped.received_at, zipped.sender) == ("2021-05-09", "Trường TH Lê Lợi")
    unlisted = items["khong_so.docx"]
    assert (unlisted.received_at, unlisted.received_source) == (None, "none")

    entries, problems = read_register(tmp_path / "so_den.csv")
    assert len(entries) == 5
    assert len(problems) == 3
    assert "dòng 7" in problems[0] and "31/02/2021" in problems[0]
    assert "dòng 8" in problems[1] and "thiếu tên tệp" in problems[1]
    assert "dòng 9" in problems[2] and "đã ghi ở dòng 5" in problems[2]
    assert register_problems(tmp_path) == problems


def test_register_bare_name_must_be_unambiguous(tmp_path: Path, docx_bytes: bytes) -> None:
    write(tmp_path, "A/dang_ky.docx", docx_bytes)
    write(tmp_path, "B/dang_ky.docx", docx_bytes)
    write(tmp_path, "so_den.csv", b"file,received_at,sender\ndang_ky.docx,2021-05-02,X\n")

    items = items_of(tmp_path)

    assert items["A/dang_ky.docx"].received_source == "none"
    assert items["B/dang_ky.docx"].received_source == "none"


def test_register_problems_missing_columns_and_absent_file(tmp_path: Path) -> None:
    assert register_problems(tmp_path) == []
    write(tmp_path, "so_den.csv", "tệp,ngày\nx.docx,2021-05-01\n".encode())
    problems = register_problems(tmp_path)
    assert problems == [
        "Sổ đến so_den.csv thiếu cột: file, received_at, sender; không dùng sổ đến."
    ]


# ------------------------------------------------------------------------------- sniffing


def test_format_comes_from_bytes_not_name(tmp_path: Path, docx_bytes: bytes) -> None:
    write(tmp_path, "la_docx.pdf", docx_bytes)
    write(
        tmp_path, "trang_web.doc", b"\xef\xbb\xbf\r\n<!DOCTYPE HTML>\n<HTML><body>Hi</body></HTML>"
    )
    write(tmp_path, "rong.docx", b"")
    write(tmp_path, "ngau_nhien.docx", random.Random(7).randbytes(4096))
    write(tmp_path, "bang_tinh.docx", make_xlsx())
    write(tmp_path, "trinh_chieu.docx", make_zip({"[Content_Types].xml": b"<T/>", "ppt/presentation.xml": b"<p/>"}))

    items = items_of(tmp_path)

    assert items["la_docx.pdf"].format == "docx"
    assert items["trang_web.doc"].format == "html"
    assert items["trang_web.doc"].errors == []
    assert items["rong.docx"].format == "empty"
    assert items["rong.docx"].errors == ["Tệp rỗng (0 byte), không có nội dung để đọc."]
    assert items["ngau_nhien.docx"].format == "unknown"
    assert "không được hỗ trợ" in items["ngau_nhien.docx"].errors[0]
    assert items["bang_tinh.docx"].format == "xlsx"  # a workbook is read, whatever its name
    assert items["bang_tinh.docx"].errors == []
    assert items["trinh_chieu.docx"].format == "unknown"
    assert "PowerPoint" in items["trinh_chieu.docx"].errors[0]


def test_sniff_signatures(docx_bytes: bytes, pdf_bytes: bytes) -> None:
    assert sniff(pdf_bytes) == "pdf"
    assert sniff(b"garbage line\n" * 10 + b"%PDF-1.7\n") == "pdf"
    assert sniff(docx_bytes, "x.zip") == "docx"
    assert sniff(make_zip({"a.pdf": b"%PDF-1.4"})) == "zip"
    assert sniff(make_zip({"a.docx": docx_bytes})) == "zip"  # a bundle holding a DOCX
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")) == "doc"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le")) == "xls"
    assert sniff(make_xlsx()) == "xlsx"
    assert sniff(make_xlsx(), complete=False) == "xlsx"
    assert sniff(b"\x89PNG\r\n\x1a\n" + bytes(64)) == "image"
    assert sniff(b"\xff\xd8\xff\xe0" + bytes(64)) == "image"
    assert sniff(b"II*\x00" + bytes(64)) == "image"
    assert sniff(b"From: a@b.vn\nSubject: x\n\nbody") == "eml"
    assert sniff(b"Subject: x\n\nbody") == "unknown"
    assert sniff(b"Subject: x\n\nbody", "thu.EML") == "eml"
    assert sniff(b"<p>no html tag</p>") == "unknown"


# ----------------------------------------------------------------------------- the walk


def test_hidden_files_are_skipped_and_system_files_kept(tmp_path: Path, docx_bytes: bytes) -> None:
    for rel in (".an.docx", ".git/config", ".gitkeep", "README.md"):
        write(tmp_path, rel, b"junk")
    system = {
        "THCS A/.DS_Store": b"\x00\x00\x00\x01Bud1" + bytes(64),
        "THCS A/~$dang_ky.docx": bytes([6]) + b"nguyen" + bytes(155),
        "THCS A/Thumbs.db": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "THCS A/desktop.ini": b"[.ShellClassInfo]\r\n",
    }
    for rel, data in system.items():
        write(tmp_path, rel, data)
    write(tmp_path, "THCS A/README.md", docx_bytes)
    write(tmp_path, "THCS A/dang_ky.docx", docx_bytes)
    write(tmp_path, "so_den.csv", b"file,received_at,sender\n")

    items = items_of(tmp_path)
    listed = inbox_files(tmp_path)

    assert sorted(items) == sorted(["THCS A/README.md", "THCS A/dang_ky.docx", *system])
    for rel in system:
        assert items[rel].format == "not_document" and items[rel].errors == []
    assert [rel for rel, _ in listed] == sorted(
        ["THCS A/README.md", "THCS A/dang_ky.docx", "so_den.csv", *system]
    )
    assert dict(listed)["THCS A/dang_ky.docx"] == hashlib.sha256(docx_bytes).hexdigest()
    assert is_junk("__MACOSX/._a.docx") and not is_junk("../a.docx")
    assert is_junk(".git/Thumbs.db") and not is_junk("a/Thumbs.db")


def test_a_system_file_that_is_a_document_is_read(tmp_path: Path, docx_bytes: bytes) -> None:
    write(tmp_path, "Thumbs.db", docx_bytes)  # the bytes win over the name
    write(tmp_path, "~$big.docx", b"x" * 10_000)  # too big to be an owner file

    items = items_of(tmp_path)

    assert items["Thumbs.db"].format == "docx"
    assert items["~$big.docx"].format == "unknown" and items["~$big.docx"].errors


def test_system_files_in_a_zip_are_records(tmp_path: Path, docx_bytes: bytes) -> None:
    bundle = make_zip(
        {"ho_so/dang_ky.docx": docx_bytes, "ho_so/Thumbs.db": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         "__MACOSX/ho_so/._dang_ky.docx": b"\x00\x05\x16\x07" + bytes(60)}
    )
    write(tmp_path, "ho_so.zip", bundle)

    items = items_of(tmp_path)

    assert sorted(items) == ["ho_so.zip#ho_so/Thumbs.db", "ho_so.zip#ho_so/dang_ky.docx"]
    assert items["ho_so.zip#ho_so/Thumbs.db"].format == "not_document"


def test_symlink_out_of_inbox_is_not_followed(tmp_path: Path, docx_bytes: bytes) -> None:
    outside = write(tmp_path, "ngoai/bi_mat.docx", docx_bytes)
    inbox = tmp_path / "inbox"
    write(inbox, "that.docx", docx_bytes)
    (inbox / "lien_ket.docx").symlink_to(outside)
    (inbox / "thu_muc").symlink_to(outside.parent, target_is_directory=True)

    assert list(items_of(inbox)) == ["that.docx"]


def test_order_is_sorted_nfc_and_deterministic(tmp_path: Path, docx_bytes: bytes) -> None:
    write(tmp_path, "b/2.docx", docx_bytes)
    write(tmp_path, "a.docx", docx_bytes)
    write(tmp_path, unicodedata.normalize("NFD", "Trường B/Đăng ký.docx"), docx_bytes)
    write(
        tmp_path, "b/1.eml", make_mail(attachments={"z.docx": docx_bytes, "a.docx": b""}).as_bytes()
    )

    first = [(item.source, item.sha256) for item in iter_inbox(tmp_path)]
    second = [(item.source, item.sha256) for item in iter_inbox(tmp_path)]

    assert first == second
    # Files by code point of the NFC path; an e-mail's attachments in the order it carries them.
    assert [source for source, _ in first] == [
        "Trường B/Đăng ký.docx",
        "a.docx",
        "b/1.eml#z.docx",
        "b/1.eml#a.docx",
        "b/2.docx",
    ]


def test_oversized_file_is_hashed_not_read(tmp_path: Path) -> None:
    big = random.Random(1).randbytes(5000)
    write(tmp_path, "lon.pdf", b"%PDF-1.4\n" + big)

    items = items_of(tmp_path, limits=IngestLimits(max_file_bytes=1000))

    item = items["lon.pdf"]
    assert item.data == b""
    assert item.format == "pdf"
    assert item.sha256 == hashlib.sha256(b"%PDF-1.4\n" + big).hexdigest()
    assert "quá dung lượng" in item.errors[0]


def test_iter_inbox_is_lazy(tmp_path: Path, docx_bytes: bytes) -> None:
    missing = iter_inbox(tmp_path / "khong_co")
    assert isinstance(missing, types.GeneratorType)  # nothing is read before the first item
    with pytest.raises(NotADirectoryError):
        next(missing)

    write(tmp_path, "a.docx", docx_bytes)
    write(tmp_path, "b.docx", docx_bytes)
    stream: Iterator[InboxItem] = iter_inbox(tmp_path)
    assert next(stream).source == "a.docx"
    changed = make_docx("Đã sửa sau khi đọc tệp đầu")
    (tmp_path / "b.docx").write_bytes(changed)  # the test, not ingest, edits its own fixture
    assert next(stream).data == changed  # b.docx was read only when asked for


def test_inbox_is_never_changed(
    tmp_path: Path, docx_bytes: bytes, pdf_bytes: bytes, bomb_member: tuple[str, bytes]
) -> None:
    write(tmp_path, "mail.eml", make_mail(attachments={"a.docx": docx_bytes}).as_bytes())
    write(tmp_path, "THCS A/b.pdf", pdf_bytes)
    write(tmp_path, "goi.zip", make_zip({"../../thoat.docx": docx_bytes, "c.docx": docx_bytes}))
    write(tmp_path, "bom.zip", bomb_member[1])
    write(tmp_path, "so_den.csv", b"file,received_at,sender\nTHCS A/b.pdf,2021-05-01,A\nx,sai,y\n")
    write(tmp_path, ".an", b"hidden")
    before = snapshot(tmp_path)

    items = list(iter_inbox(tmp_path))
    listed = inbox_files(tmp_path)
    register_problems(tmp_path)

    assert snapshot(tmp_path) == before
    assert len(items) == 5
    assert [rel for rel, _ in listed] == [
        "THCS A/b.pdf",
        "bom.zip",
        "goi.zip",
        "mail.eml",
        "so_den.csv",
    ]
    assert all(sha == before[rel][0] for rel, sha in listed)
    for item in items:
        assert all(unicodedata.is_normalized("NFC", error) for error in item.errors)
        if item.data:
            assert item.sha256 == hashlib.sha256(item.data).hexdigest()


def test_safe_name() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\a\\Đăng ký.docx") == "Đăng ký.docx"
    assert safe_name("..") == "tep_dinh_kem"
    assert safe_name("a\x00b.pdf") == "ab.pdf"


def test_mangled_files_never_stop_the_walk(tmp_path: Path, docx_bytes: bytes) -> None:
    """Randomly damaged e-mails, zips and DOCX: every file still yields items, nothing raises."""
    mail = make_mail(attachments={"Đăng ký.docx": docx_bytes})
    mail.add_attachment(make_mail(date=None, body="chuyển tiếp"))
    bases = [
        mail.as_bytes(),
        make_zip({"a.docx": docx_bytes, "m.eml": mail.as_bytes()}),
        docx_bytes,
    ]
    rng = random.Random(2021)
    for index in range(120):
        data = bytearray(rng.choice(bases))
        for _ in range(rng.randint(1, 12)):
            at = rng.randrange(len(data))
            if rng.random() < 0.6:
                data[at] = rng.randrange(256)
            else:
                del data[at : at + rng.randint(1, 200)]
        write(tmp_path, f"hong_{index:03}.bin", bytes(data))

    items = list(iter_inbox(tmp_path))

    covered = {item.source.split("#", 1)[0] for item in items}
    assert covered == {f"hong_{index:03}.bin" for index in range(120)}
    assert all(isinstance(error, str) and error for item in items for error in item.errors)


# --------------------------------------------------------- bytes read again by a worker


def test_a_plain_file_names_its_path_and_its_bytes_can_be_read_again(
    tmp_path: Path, docx_bytes: bytes
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "thcs_an_lac").mkdir(parents=True)
    (inbox / "thcs_an_lac" / "dang_ky.docx").write_bytes(docx_bytes)
    (inbox / "thu.eml").write_bytes(make_mail(attachments={"a.docx": docx_bytes}).as_bytes())
    items = {item.source: item for item in iter_inbox(inbox)}
    plain, attached = items["thcs_an_lac/dang_ky.docx"], items["thu.eml#a.docx"]
    assert plain.path.endswith("dang_ky.docx") and attached.path == ""  # a member has none
    light = replace(plain, data=b"")
    assert with_data(light).data == docx_bytes
    assert with_data(attached) is attached  # bytes already there: nothing read


def test_a_file_changed_after_ingest_is_an_error_not_another_files_parse(
    tmp_path: Path, docx_bytes: bytes
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    target = inbox / "dang_ky.docx"
    target.write_bytes(docx_bytes)
    [item] = list(iter_inbox(inbox))
    target.write_bytes(docx_bytes + b"\0")  # the clerk saved it again meanwhile
    loaded = with_data(replace(item, data=b""))
    assert loaded.data == b"" and loaded.errors == [MSG_CHANGED]
    assert "thay đổi" in loaded.errors[0]
