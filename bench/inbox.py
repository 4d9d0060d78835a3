"""A campaign inbox of any size, from a seed: the benchmark's corpus and the promises tests'.

Every document is built with the builders of ``tests/corpus.py``: registration forms, launch
plans, result reports, proposals, council minutes and achievement reports of the roster's
units, one sub-folder per unit.  Half are DOCX, each generated on its own (different unit,
number, date, rows, run splits).  The other half are PDF: LibreOffice is slow (about a second
a document), so a modest pool of distinct documents is converted once, cached, and each PDF
of the inbox is a copy of one of them whose trailer ``/ID`` is rewritten in place, same length,
from its index — a valid PDF with a sha256 of its own, but the text of its pool original.
``describe`` says so in the benchmark's output.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Content, Unit, load_config, load_roster
from tests import corpus as c

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "campaign_2021.yaml"
ROSTER = ROOT / "config" / "units.csv"
PDF_POOL = 48  # distinct documents converted by LibreOffice, reused by every PDF
PDF_EVERY = 2  # every second document is a PDF
GIVEN = ("Văn An", "Thị Mai", "Minh Tuấn", "Thị Hồng Nhung", "Quốc Bảo", "Thanh Hà", "Đức Thắng")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


@dataclass(frozen=True)
class Planned:
    """One document of the inbox: where it goes and how to build it."""

    index: int
    unit: Unit
    kind: str
    path: str  # relative to the inbox: "<unit_id>/<kind>_<index>.docx"


def senders(seed: int) -> list[tuple[Unit, c.Sender]]:
    """The roster's units as they write themselves, with a head's name from the seed."""
    rng = random.Random(seed)
    result = []
    for unit in load_roster(ROSTER):
        head = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
        deputy = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
        title = "Giám đốc" if unit.kind in ("trung_tam", "doanh_nghiep") else "Hiệu trưởng"
        code = "".join(word[0] for word in unit.name.split()).upper()
        email = unit.emails[0] if unit.emails else ""
        sender = c.Sender(name=unit.name, header=unit.name.upper(), code=code, head=head,
                          head_title=title, deputy=deputy, deputy_title=f"Phó {title}",
                          email=email)
        result.append((unit, sender))
    return result


KINDS = ("registration", "launch", "result_report", "proposal", "minutes", "achievement")


def plan(size: int, seed: int) -> list[Planned]:
    """The first ``size`` documents of the seed's endless inbox (sizes share their prefix)."""
    units = [unit for unit, _ in senders(seed)]
    planned = []
    for index in range(size):
        unit = units[index % len(units)]
        kind = KINDS[(index // len(units)) % len(KINDS)]
        ext = "pdf" if index % PDF_EVERY == PDF_EVERY - 1 else "docx"
        planned.append(Planned(index, unit, kind, f"{unit.unit_id}/{kind}_{index:05d}.{ext}"))
    return planned


@functools.lru_cache(maxsize=1)
def _contents() -> list[Content]:
    return list(load_config(CONFIG).contents)


def spec_for(index: int, kind: str, sender: c.Sender, seed: int) -> c.DocSpec:
    """The document ``index`` of ``kind`` from ``sender``: numbers and dates vary by index."""
    rng = random.Random(c.seed_for(seed, f"spec:{index}"))
    contents = _contents()
    day = dt.date(2021, 5, 3) + dt.timedelta(days=rng.randrange(0, 50))
    number = f"{index + 1}/{sender.code}"
    district = "Giấy khen của Ủy ban nhân dân quận"
    if kind == "registration":
        chosen = rng.sample(contents, k=rng.randint(2, 4))
        rows = [
            c.FormRow(f"{item.number}.", item.title,
                      (f"Công trình {item.number}.{index}: {rng.choice(PROJECTS)}",),
                      f"Tháng {rng.choice((5, 6))} năm 2021")
            for item in sorted(chosen, key=lambda x: x.number)
        ]
        return c.registration_form(sender, f"{number}/ĐK", day, rows)
    if kind == "launch":
        return c.launch_plan(sender, f"{number}/KH", day)
    if kind == "result_report":
        results = [f"- Hoàn thành công trình số {i}: {rng.choice(PROJECTS)}." for i in range(1, 4)]
        return c.result_report(sender, f"{number}/BC", day, results)
    teacher = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
    if kind == "proposal":
        nominees = [c.Proposed(f"Tập thể {sender.name}", "", district),
                    c.Proposed(f"Bà {teacher}", "Giáo viên", district)]
        return c.proposal(sender, f"{number}/TTr", day, nominees,
                          council_date=day - dt.timedelta(days=2))
    if kind == "minutes":
        votes = [c.Vote(f"Tập thể {sender.name}", "", district, "15/17", "Đạt"),
                 c.Vote(teacher, "Giáo viên", district, "16/17", "Đạt")]
        return c.council_minutes(sender, f"{number}/BB", day, votes, present=17, members=17,
                                 secretary=sender.deputy)
    return c.achievement_report(
        sender, day, district,
        [f"- Chủ trì sáng kiến “{rng.choice(PROJECTS)}” được Hội đồng khoa học công nhận."],
        person=c.Person(teacher, "Giáo viên"),
    )


PROJECTS = (
    "Xây dựng thư viện xanh thân thiện",
    "Ứng dụng công nghệ thông tin trong dạy học trực tuyến",
    "Trường học an toàn phòng chống dịch Covid-19",
    "Cải tạo sân chơi cho học sinh",
    "Mô hình lớp học hạnh phúc",
    "Số hoá hồ sơ quản lý học sinh",
)


def with_pdf_id(data: bytes, tag: str) -> bytes:
    """``data`` with its trailer /ID replaced, same length, by a digest of ``tag``."""
    digest = hashlib.sha256(tag.encode()).hexdigest().upper().encode()

    def ident(m: re.Match[bytes]) -> bytes:
        a, b = m.group(1), m.group(2)
        new = b"/ID [ <" + digest[: len(a)] + b"> <" + digest[: len(b)] + b"> ]"
        return new.ljust(len(m.group(0)))[: len(m.group(0))]

    out, count = _PDF_ID.subn(ident, data)
    if count == 0:
        raise ValueError("no /ID in the PDF trailer")
    return out


def pdf_pool(cache: Path, seed: int, count: int = PDF_POOL) -> list[bytes]:
    """``count`` distinct PDFs made by LibreOffice, converted once and kept under ``cache``.

    Document ``i`` is of kind ``KINDS[i % len(KINDS)]``; ``count`` is a multiple of that.
    """
    folder = cache / f"pdf-pool-{seed}-{count}"
    done = folder / "done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        docx_dir = folder / "docx"
        docx_dir.mkdir(parents=True)
        people = senders(seed)
        paths = []
        for i in range(count):
            kind = KINDS[i % len(KINDS)]
            unit, sender = people[(i // len(KINDS)) % len(people)]
            path = docx_dir / f"pool_{i:03d}.docx"
            path.write_bytes(c.build_docx(spec_for(10_000 + i, kind, sender, seed), seed=i))
            paths.append(path)
        for pdf in c.docx_to_pdf(paths, folder):
            pdf.write_bytes(c.normalize_pdf(pdf.read_bytes()))
        done.touch()
    return [(folder / f"pool_{i:03d}.pdf").read_bytes() for i in range(count)]


def pool_pdf(pdfs: list[bytes], item: Planned) -> bytes:
    """A pool PDF of the item's kind (pool document ``i`` is of kind ``KINDS[i % 6]``)."""
    kind = KINDS.index(item.kind)
    per_kind = max(1, len(pdfs) // len(KINDS))
    return pdfs[kind + len(KINDS) * (item.index % per_kind)]


def build_inbox(
    inbox: Path,
    size: int,
    seed: int,
    cache: Path,
    *,
    pdf: bool = True,
    pool: int = PDF_POOL,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the seed's first ``size`` documents into ``inbox`` (kept when already complete).

    DOCX are built once into ``cache`` and hard-linked into each inbox, so corpora of several
    sizes share their files.  Without ``pdf`` (no LibreOffice) every document is a DOCX.
    """
    done = inbox.with_name(inbox.name + ".complete")
    if done.exists() and inbox.is_dir():
        return
    shutil.rmtree(inbox, ignore_errors=True)
    people = {unit.unit_id: sender for unit, sender in senders(seed)}
    pdfs = pdf_pool(cache, seed, pool) if pdf else []
    store = cache / f"docs-{seed}"
    for item in plan(size, seed):
        target = inbox / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        is_pdf = item.path.endswith(".pdf")
        source = store / (item.path if pdf or not is_pdf else item.path[:-3] + "docx")
        if not source.exists():
            source.parent.mkdir(parents=True, exist_ok=True)
            if is_pdf and pdf:
                data = with_pdf_id(pool_pdf(pdfs, item), f"{seed}:{item.index}")
            else:
                spec = spec_for(item.index, item.kind, people[item.unit.unit_id], seed)
                data = c.build_docx(spec, seed=c.seed_for(seed, str(item.index)))
            source.write_bytes(data)
        os.link(source, target.with_suffix(source.suffix))
        if progress is not None:
            progress(item.index + 1)
    done.touch()


def describe(pool: int = PDF_POOL) -> str:
    """How the corpus was made, for the benchmark's output."""
    return (
        f"Corpus: every 2nd document a PDF. DOCX generated one by one (tests/corpus.py, distinct "
        f"unit/number/date/rows/run splits). PDFs: {pool} distinct DOCX converted once by "
        "LibreOffice, each inbox PDF a copy with its trailer /ID rewritten (own sha256, same "
        "text as its pool original)."
    )
