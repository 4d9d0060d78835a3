"""Mutation fuzzing: broken DOCX, PDF, EML and ZIP through ingest, parse and extract (issue 6).

``python -m tests.fuzz --seconds 600`` (``make fuzz``) mutates valid inputs with a seeded loop —
byte flips, truncation, corruption inside a zip member, damaged XML tags, entity declarations,
deep nesting, broken PDF objects and e-mail structure, splices between files — and runs each
mutant in the pipeline's hardened worker (the same pool, time and memory limits as a real run).
A mutant fails the fuzz when:

- an exception escapes ingest, ``parse_item`` or ``extract_record`` (a crash of the batch);
- it runs past the time limit (a hang) or its worker dies (a segfault, a kill);
- it yields no record at all (a lost file: every input must end as a record or a finding).

Failing inputs are saved for a regression test; the count of inputs tried is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.config import load_config, load_roster
from pipeline.extract import ExtractContext, extract_record
from pipeline.ingest import iter_inbox
from pipeline.parse import parse_item
from pipeline.workers import TIME_LIMIT_S, Outcome, WorkerPool
from tests import corpus as c

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "campaign_2021.yaml"
DEFAULT_SEEDS = ROOT / ".cache" / "fuzz" / "seeds"
DEFAULT_FAILURES = ROOT / ".cache" / "fuzz" / "failures"
MAX_STACKED = 3  # mutations applied to one input
EXTENSIONS = {"docx": ".docx", "pdf": ".pdf", "eml": ".eml", "zip": ".zip"}

# A one-page PDF written by hand: small, so mutations hit its structure often.
TINY_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R
/Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 88 >> stream
BT /F1 14 Tf 72 760 Td (UBND QUAN BINH TAN) Tj 0 -20 Td (BAN DANG KY THI DUA) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R /Size 6 >>
%%EOF
"""


@dataclass(frozen=True)
class Seed:
    """A valid input the mutants start from."""

    name: str
    kind: str  # docx | pdf | eml | zip
    data: bytes


@dataclass(frozen=True)
class Case:
    """One mutant: its file name in the inbox, its bytes and how it was made."""

    name: str
    data: bytes
    recipe: str


@dataclass
class Report:
    """What a fuzz run tried and what failed."""

    tried: int = 0
    seconds: float = 0.0
    records: int = 0
    unreadable: int = 0  # records that ended as "cannot be read" findings
    by_seed: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[Case, str]] = field(default_factory=list)


# ------------------------------------------------------------------------------ seeds


def build_seeds(folder: Path) -> list[Seed]:
    """The valid inputs, built once into ``folder`` (a LibreOffice PDF when soffice exists)."""
    sender = c.Sender(name="Trường THCS Tân Tạo", header="TRƯỜNG THCS TÂN TẠO", code="THCSTT",
                      head="Lê Văn Hải", deputy="Trần Thị Thu")
    rows = [c.FormRow("1.", "Thực hiện tốt bầu cử", ("Công trình 1: thư viện xanh",), "Tháng 6/2021"),
            c.FormRow("3.", "Chính quyền đô thị", ("1. Số hoá hồ sơ", "2. Như trên"), "Quý II/2021")]
    form = c.build_docx(c.registration_form(sender, "5/ĐK-THCSTT", dt.date(2021, 5, 4), rows))
    award = "Giấy khen của Ủy ban nhân dân quận"
    proposal = c.build_docx(c.proposal(
        sender, "9/TTr-THCSTT", dt.date(2021, 6, 15),
        [c.Proposed("Tập thể Trường THCS Tân Tạo", "", award),
         c.Proposed("Bà Trần Thị Thu", "Phó Hiệu trưởng", award)],
        council_date=dt.date(2021, 6, 12)))
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [Seed("form.docx", "docx", form), Seed("proposal.docx", "docx", proposal),
             Seed("tiny.pdf", "pdf", TINY_PDF)]
    pdf = folder / "form.pdf"
    if not pdf.exists() and shutil.which("soffice"):
        (folder / "form.docx").write_bytes(form)
        [made] = c.docx_to_pdf([folder / "form.docx"], folder)
        made.write_bytes(c.normalize_pdf(made.read_bytes()))
    if pdf.exists():
        seeds.append(Seed("form.pdf", "pdf", pdf.read_bytes()))
    attachments = [("dang_ky.docx", form)] + ([("dang_ky.pdf", seeds[-1].data)]
                                               if seeds[-1].kind == "pdf" else [])
    seeds.append(Seed("thu.eml", "eml", c.build_eml(
        "c2tantao.binhtan@hcm.edu.vn", "tanxuanma@gmail.com", "Tue, 04 May 2021 09:15:00 +0700",
        "Đăng ký thi đua", attachments)))
    seeds.append(Seed("goi.zip", "zip", c.build_zip([("tan_tao/de_nghi.docx", proposal),
                                                      ("tan_tao/dang_ky.docx", form)])))
    return seeds


# -------------------------------------------------------------------------- mutations


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    """A few bytes replaced by random ones."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    """The file cut short anywhere."""
    return data[: rng.randrange(len(data) + 1)]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A slice of another file pasted over part of this one."""
    if not other or not data:
        return data
    start = rng.randrange(len(other))
    chunk = other[start : start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return data[:at] + chunk + data[at + rng.randint(0, len(chunk)) :]


def damage_xml(rng: random.Random, xml: bytes) -> bytes:
    """XML made malformed or hostile: a tag cut, a closing tag gone, entities, deep nesting."""
    choice = rng.randrange(6)
    tags = [m.start() for m in re.finditer(rb"<", xml)] or [0]
    at = rng.choice(tags)
    if choice == 0:  # a tag cut in the middle
        return xml[:at] + xml[at + rng.randint(1, 12) :]
    if choice == 1:  # a closing tag removed
        closing = [m.span() for m in re.finditer(rb"</[^>]+>", xml)]
        if closing:
            s, e = rng.choice(closing)
            return xml[:s] + xml[e:]
        return xml
    if choice == 2:  # an entity bomb declared and used
        head = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">'
                b'<!ENTITY x SYSTEM "file:///etc/passwd">]>')
        body = xml.split(b"?>", 1)[-1]
        return head + body.replace(b"<w:t>", b"<w:t>&c;&x;", 1)
    if choice == 3:  # deep nesting
        depth = rng.choice((100, 5000, 50000))
        return xml[:at] + b"<w:tbl>" * depth + b"</w:tbl>" * depth + xml[at:]
    if choice == 4:  # invalid UTF-8 in text
        return xml[:at] + b"\xff\xfe\xc3" + xml[at:]
    return xml[:at] + xml[at : at + 4096] * rng.randint(2, 50) + xml[at:]  # a run repeated


# Text that stresses the extractors while keeping the document readable.
ODD_TEXT = (
    "ngày 31 tháng 02 năm 2021", "ngày 99 tháng 99 năm 99999", "Quý V/2021", "tháng 13/2021",
    "Số: /KH-", "Nội dung thi đua số 999999999999999999999", "1. 2. 3. 4. 5. 6.",
    "Như trên", "Tên Công trình, dự án", "Bằng khen Giấy khen GK UBND TP BKTP",
    "Ông Bà Ông Bà Nguyễn", "HIỆU TRƯỞNG KT. HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG", "TM. HỘI ĐỒNG",
    "Trường THCS THCS THCS", "́̀̃" * 50, "á" * 500, "Trường",
    "Tr­êng THCS B×nh T©n", "Tr¦ềng", "{{ 7*7 }} {% for x in y %}", "=HYPERLINK(\"x\")",
    "‮đảo chiều‬", "﻿​‍", "x" * 20000, "ngày " * 2000,
    "15/17 15/17 Đạt Không đạt Thông qua", "../../etc/passwd",
)


def odd_text(rng: random.Random, xml: bytes) -> bytes:
    """Some text runs of a WordprocessingML part replaced by odd but well-formed text."""
    runs = list(re.finditer(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)", xml))
    if not runs:
        return xml
    out, last = [], 0
    chosen = set(rng.sample(range(len(runs)), k=min(len(runs), rng.randint(1, 6))))
    for i, match in enumerate(runs):
        if i in chosen:
            text = rng.choice(ODD_TEXT).replace("&", "&amp;").replace("<", "&lt;")
            out += [xml[last : match.start(2)], text.encode("utf-8")]
            last = match.end(2)
    out.append(xml[last:])
    return b"".join(out)


def replace_text(rng: random.Random, data: bytes) -> bytes:
    """A DOCX (or a zip of DOCX) still valid, with odd text in its document part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in src.infolist():
                    blob = src.read(info.filename)
                    if info.filename == "word/document.xml":
                        blob = odd_text(rng, blob)
                    elif info.filename.endswith(".docx"):
                        blob = replace_text(rng, blob)
                    dst.writestr(info, blob)
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError, NotImplementedError):
        return data
    return out.getvalue()


def damage_zip_member(rng: random.Random, data: bytes) -> bytes:
    """A valid zip whose one member is damaged (XML members: tag damage; others: flips)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            infos = src.infolist()
            victim = rng.choice(infos).filename
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in infos:
                    blob = src.read(info.filename)
                    if info.filename == victim:
                        xml = victim.endswith((".xml", ".rels"))
                        blob = damage_xml(rng, blob) if xml else flip_bytes(rng, blob)
                    dst.writestr(info, blob)
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError, NotImplementedError):
        return flip_bytes(rng, data)  # already too broken to unpack: damage the bytes instead
    return out.getvalue()


def corrupt_zip_bytes(rng: random.Random, data: bytes) -> bytes:
    """Flips inside the compressed data of one member (CRC and inflate errors)."""
    headers = [m.start() for m in re.finditer(rb"PK\x03\x04", data)]
    if not headers:
        return flip_bytes(rng, data)
    start = rng.choice(headers) + 30
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        pos = min(len(out) - 1, start + rng.randrange(512))
        out[pos] ^= 1 << rng.randrange(8)
    return bytes(out)


def damage_pdf(rng: random.Random, data: bytes) -> bytes:
    """PDF structure broken: lengths, references, keywords, loops between objects."""
    choice = rng.randrange(5)
    if choice == 0:  # a stream length lies
        return re.sub(rb"/Length \d+", b"/Length " + str(rng.choice((0, 1, 10**9))).encode(),
                      data, count=1)
    if choice == 1:  # a keyword removed
        word = rng.choice((b"endobj", b"endstream", b"stream", b"xref", b"trailer", b"obj"))
        return data.replace(word, b"", rng.randint(1, 3))
    if choice == 2:  # the page tree loops back to itself
        return re.sub(rb"/Parent \d+ 0 R", b"/Parent 3 0 R", data).replace(
            b"/Kids [3 0 R]", b"/Kids [2 0 R 3 0 R]")
    if choice == 3:  # references to objects that do not exist
        return re.sub(rb"(\d+) 0 R", lambda m: b"%d 0 R" % rng.randrange(1, 10**6), data, count=5)
    return re.sub(rb"startxref\s+\d+", b"startxref\n" + str(rng.randrange(10**7)).encode(), data)


def pdf_text(rng: random.Random, data: bytes) -> bytes:
    """Odd text in the literal strings of an uncompressed content stream (the tiny PDF)."""
    def swap(match: re.Match[bytes]) -> bytes:
        text = rng.choice(ODD_TEXT).encode("latin-1", "replace")[:200]
        return b"(" + re.sub(rb"([()\\])", rb"\\\1", text) + b")"

    return re.sub(rb"\((?:[^()\\]|\\.)*\)", swap, data, count=rng.randint(1, 3))


def damage_mail(rng: random.Random, data: bytes) -> bytes:
    """E-mail structure broken: boundaries, base64, headers, charsets."""
    choice = rng.randrange(4)
    if choice == 0:
        return re.sub(rb"boundary=\"?([^\"\r\n;]+)", b"boundary=\"other\"", data, count=1)
    if choice == 1:  # base64 damaged
        lines = data.split(b"\r\n")
        long = [i for i, line in enumerate(lines) if len(line) > 60]
        for i in rng.sample(long, k=min(len(long), rng.randint(1, 5))):
            lines[i] = flip_bytes(rng, lines[i])
        return b"\r\n".join(lines)
    if choice == 2:
        return data.replace(b"Date:", b"Date: 99 Foo 20210 99:99:99 +9999\r\nX-Old:", 1)
    return data.replace(b"utf-8", b"x-unknown-charset").replace(b"filename=", b"filename=../../")


def mutate(rng: random.Random, seeds: list[Seed]) -> Case:
    """One mutant of a random seed, with up to ``MAX_STACKED`` mutations."""
    seed = rng.choice(seeds)
    data = seed.data
    steps = []
    for _ in range(rng.randint(1, MAX_STACKED)):
        name, operation = rng.choice(_operations(seed.kind))
        data = operation(rng, data, rng.choice(seeds).data)
        steps.append(name)
    extension = EXTENSIONS[seed.kind] if rng.random() < 0.9 else rng.choice(list(EXTENSIONS.values()))
    return Case(name=f"{seed.name.rsplit('.', 1)[0]}{extension}", data=data,
                recipe=f"{seed.name}: {' + '.join(steps)}")


Operation = Callable[[random.Random, bytes, bytes], bytes]


def _operations(kind: str) -> list[tuple[str, Operation]]:
    common: list[tuple[str, Operation]] = [
        ("flip", lambda r, d, o: flip_bytes(r, d)),
        ("truncate", lambda r, d, o: truncate(r, d)),
        ("splice", splice),
    ]
    special: dict[str, list[tuple[str, Operation]]] = {
        "docx": [("zip-member", lambda r, d, o: damage_zip_member(r, d)),
                 ("zip-bytes", lambda r, d, o: corrupt_zip_bytes(r, d)),
                 *[("text", lambda r, d, o: replace_text(r, d))] * 4],
        "zip": [("zip-member", lambda r, d, o: damage_zip_member(r, d)),
                ("zip-bytes", lambda r, d, o: corrupt_zip_bytes(r, d)),
                *[("text", lambda r, d, o: replace_text(r, d))] * 3],
        "pdf": [("pdf", lambda r, d, o: damage_pdf(r, d)), ("pdf", lambda r, d, o: damage_pdf(r, d)),
                ("pdf-text", lambda r, d, o: pdf_text(r, d))],
        "eml": [("mail", lambda r, d, o: damage_mail(r, d))],
    }
    return common + special[kind]


# ------------------------------------------------------------------ the worker's check


@lru_cache(maxsize=1)
def _context() -> ExtractContext:
    config = load_config(CONFIG)
    return ExtractContext.build(config, load_roster(ROOT / "config" / "units.csv"))


def check(case: Case) -> tuple[int, int]:
    """Run one mutant through ingest, parse and extract: (records it gave, those unreadable).

    Runs in a worker.  Raises (a failure of the fuzz) when a stage raises or the file is lost.
    """
    with tempfile.TemporaryDirectory(prefix="fuzz_") as tmp:
        inbox = Path(tmp)
        (inbox / case.name).write_bytes(case.data)
        records = [extract_record(item, parse_item(item), _context())
                   for item in iter_inbox(inbox)]
    mine = [r for r in records if r.source == case.name or r.source.startswith(case.name + "#")]
    if not mine:
        raise AssertionError(f"lost file: {case.name} gave no record")
    return len(mine), sum(1 for r in mine if r.errors)


# ------------------------------------------------------------------------ the fuzz loop


def run_fuzz(
    seconds: float,
    seed: int = 0,
    jobs: int = 2,
    seeds_dir: Path = DEFAULT_SEEDS,
    time_limit: float = TIME_LIMIT_S,
) -> Report:
    """Mutate and check inputs for ``seconds``; every failure is in the report."""
    rng = random.Random(seed)
    seeds = build_seeds(seeds_dir)
    report = Report()
    cases: dict[int, Case] = {}
    submitted = 0
    started = time.monotonic()
    end = started + seconds
    with WorkerPool(check, jobs, time_limit=time_limit) as pool:
        while time.monotonic() < end or pool.in_flight():
            while time.monotonic() < end and pool.has_room():
                cases[submitted] = mutate(rng, seeds)
                pool.submit(submitted, cases[submitted])
                submitted += 1
            for key, outcome in pool.collect():
                case = cases.pop(key)
                report.tried += 1
                report.by_seed[case.recipe.split(":", 1)[0]] += 1
                if outcome.failure is not None or outcome.value is None:
                    report.failures.append((case, describe(outcome)))
                else:
                    report.records += outcome.value[0]
                    report.unreadable += outcome.value[1]
    report.seconds = time.monotonic() - started
    return report


def describe(outcome: Outcome[tuple[int, int]]) -> str:
    """A failure in one line (the traceback's last line for an exception)."""
    if outcome.failure == "exception":
        lines = outcome.detail.strip().splitlines()
        return f"exception: {lines[-1] if lines else '?'}\n{outcome.detail}"
    if outcome.failure == "timeout":
        return f"hang: over {outcome.seconds:.0f} s"
    return f"{outcome.failure}: {outcome.detail}"


def save_failures(report: Report, folder: Path) -> list[Path]:
    """Write each failing input (and how it failed) for a regression test."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for i, (case, reason) in enumerate(report.failures):
        path = folder / f"{i:04d}_{case.name}"
        path.write_bytes(case.data)
        path.with_name(path.name + ".txt").write_text(f"{case.recipe}\n{reason}\n", "utf-8")
        saved.append(path)
    return saved


def main(argv: list[str] | None = None) -> int:
    """``make fuzz``: exit 1 when any input crashed, hung or was lost."""
    parser = argparse.ArgumentParser(description="Fuzz ingest, parse and extract.")
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    report = run_fuzz(args.seconds, args.seed, args.jobs)
    rate = report.tried / max(report.seconds, 1e-9)
    print(f"Fuzz (seed {args.seed}): đã thử {report.tried} tệp trong {report.seconds:.0f} giây "
          f"({rate:.1f} tệp/giây); theo tệp gốc: {dict(sorted(report.by_seed.items()))}; "
          f"{report.records} văn bản, trong đó {report.unreadable} không đọc được.")
    if not report.failures:
        print("Không có lỗi: không crash, không treo, không mất tệp.")
        return 0
    for path, (case, reason) in zip(save_failures(report, DEFAULT_FAILURES), report.failures,
                                    strict=True):
        print(f"LỖI {path.name} ({case.recipe}): {reason.splitlines()[0]}")
    print(f"{len(report.failures)} lỗi; các tệp gây lỗi lưu ở {DEFAULT_FAILURES}.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
