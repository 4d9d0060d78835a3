"""Build the committed sample inbox from ``tests/scenario.py``.

    python -m tests.make_samples --out samples/inbox [--seed 2021]

Writes the DOCX, LibreOffice PDFs, saved e-mails, the zip bundle and the clerk's register
``so_den.csv`` under ``--out``, and ``samples/README.md`` (every case, the file that carries
it and the rule it should raise, with the hand-written expectations of ``tests/expected/``).
DOCX, EML, ZIP and CSV bytes are reproducible for a seed; PDFs have their dates and /ID
normalised, which makes them reproducible on one LibreOffice version.
"""

from __future__ import annotations

import argparse
import csv
import email
import email.policy
import io
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from email.message import EmailMessage
from pathlib import Path

from tests.corpus import build_docx, build_eml, build_zip, docx_to_pdf, normalize_pdf, seed_for
from tests.corpus import truncate as cut_short
from tests.scenario import (
    AS_OF,
    NOMINEE_NOTES,
    OFFICE_EMAIL,
    REPO,
    STRAY_FILES,
    UNIT_NOTES,
    Bundle,
    Delivery,
    Doc,
    Filed,
    Mail,
    deliveries,
    docs_of,
)

DEFAULT_SEED = 2021
EXPECTED_DIR = REPO / "tests" / "expected"
REGISTER = "so_den.csv"


def all_docs(items: Iterable[Delivery]) -> list[Doc]:
    """Every document of the scenario, in delivery order."""
    return [doc for item in items for _, doc in docs_of(item)]


def render_docx(docs: Iterable[Doc], seed: int) -> dict[str, bytes]:
    """DOCX bytes of every document, by document id (each with its own stable seed)."""
    return {doc.id: build_docx(doc.spec, seed_for(seed, doc.id)) for doc in docs}


def convert_pdfs(docx: Mapping[str, bytes], ids: Sequence[str]) -> dict[str, bytes]:
    """The documents ``ids`` converted by LibreOffice (one call), dates and /ID normalised."""
    if not ids:
        return {}
    with tempfile.TemporaryDirectory(prefix="samples_pdf_") as tmp:
        folder = Path(tmp)
        paths = []
        for doc_id in ids:
            path = folder / f"{doc_id}.docx"
            path.write_bytes(docx[doc_id])
            paths.append(path)
        pdfs = docx_to_pdf(paths, folder / "pdf")
        return {doc_id: normalize_pdf(p.read_bytes()) for doc_id, p in zip(ids, pdfs, strict=True)}


def committed_pdfs(inbox: Path, items: Iterable[Delivery]) -> dict[str, bytes]:
    """The PDF bytes already in a built inbox, by document id (to rebuild without soffice)."""
    found: dict[str, bytes] = {}
    for item in items:
        if isinstance(item, Filed) and item.doc.pdf:
            found[item.doc.id] = (inbox / item.path).read_bytes()
        elif isinstance(item, Mail):
            wanted = {a.name: a.doc.id for a in item.attachments if a.doc.pdf}
            if wanted:
                for name, data in _mail_attachments((inbox / item.path).read_bytes()):
                    if name in wanted:
                        found[wanted[name]] = data
        elif isinstance(item, Bundle):
            with zipfile.ZipFile(inbox / item.path) as bundle:
                for member in item.members:
                    if member.doc.pdf:
                        found[member.doc.id] = bundle.read(member.name)
    return found


def _mail_attachments(raw: bytes) -> list[tuple[str, bytes]]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    out = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            out.append((part.get_filename() or "", payload))
    return out


def assemble(
    items: Sequence[Delivery], docx: Mapping[str, bytes], pdfs: Mapping[str, bytes]
) -> dict[str, bytes]:
    """Every file of the inbox (path relative to it → bytes), the register included."""

    def content(doc: Doc) -> bytes:
        if doc.pdf:
            return pdfs[doc.id]
        return cut_short(docx[doc.id]) if doc.truncated else docx[doc.id]

    files: dict[str, bytes] = {}
    register: list[tuple[str, str, str]] = []
    for item in items:
        if isinstance(item, Mail):
            attachments = [(a.name, content(a.doc)) for a in item.attachments]
            files[item.path] = build_eml(
                item.sender, OFFICE_EMAIL, item.date, item.subject, attachments, item.body
            )
        elif isinstance(item, Filed):
            files[item.path] = content(item.doc)
            if item.received:
                register.append((item.path, item.received, item.register_sender))
        else:
            files[item.path] = build_zip([(m.name, content(m.doc)) for m in item.members])
            if item.received:
                register.append((item.path, item.received, item.register_sender))
    for path, data, _why in STRAY_FILES:
        files[path] = data
    files[REGISTER] = _register_csv(sorted(register))
    return files


def _register_csv(rows: Sequence[tuple[str, str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "received_at", "sender"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def build_inbox(seed: int, pdfs: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """The whole sample inbox; PDFs are converted with soffice unless ``pdfs`` supplies them."""
    items = deliveries()
    docs = all_docs(items)
    docx = render_docx(docs, seed)
    if pdfs is None:
        pdfs = convert_pdfs(docx, [d.id for d in docs if d.pdf])
    return assemble(items, docx, pdfs)


def write_inbox(files: Mapping[str, bytes], out: Path) -> None:
    """Write ``files`` under ``out``; stale files of an earlier build there are removed."""
    out.mkdir(parents=True, exist_ok=True)
    for old in sorted(out.rglob("*"), reverse=True):
        rel = old.relative_to(out).as_posix()
        if old.is_file() and rel not in files:
            old.unlink()
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)


# -------------------------------------------------------------------------------- README


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _arrival(item: Delivery) -> str:
    if isinstance(item, Mail):
        return f"e-mail, Date {item.date}"
    if item.received:
        return f"register: {item.received}"
    return "no e-mail, not in the register"


def readme(items: Sequence[Delivery], files: Mapping[str, bytes], expected: Path) -> str:
    """samples/README.md: the cases, the files, the expected rules and outcomes."""
    lines = [README_HEAD.format(as_of=AS_OF, size=sum(len(b) for b in files.values()) // 1024)]
    lines += ["| case | file (source) | arrives by | expected |", "| --- | --- | --- | --- |"]
    for item in items:
        for source, doc in docs_of(item):
            lines.append(
                f"| {_cell(doc.case)} | `{_cell(source)}` | {_cell(_arrival(item))} "
                f"| {_cell(doc.expect)} |"
            )
    lines += ["", UNITS_HEAD, "| unit_id | registration | launch | result_report | why |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for row in _read_csv(expected / "sample_units.csv"):
        note = UNIT_NOTES.get(row["unit_id"], "")
        lines.append(
            f"| {row['unit_id']} | {row['registration']} | {row['launch']} "
            f"| {row['result_report']} | {_cell(note)} |"
        )
    lines += ["", NOMINEES_HEAD, "| unit_id | name | award | verdict | reasons | why |"]
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for row in _read_csv(expected / "sample_nominees.csv"):
        note = NOMINEE_NOTES.get((row["unit_id"], row["name"]), "")
        lines.append(
            f"| {row['unit_id']} | {row['name']} | {row['award'] or '(none)'} "
            f"| {row['verdict']} | {row['reasons'] or '—'} | {_cell(note)} |"
        )
    lines += ["", README_TAIL]
    return "\n".join(lines) + "\n"


README_HEAD = """# Sample inbox

`samples/inbox/` is a made-up but realistic inbox of the campaign in `config/campaign_2021.yaml`
(Kế hoạch 701/KH-GDĐT, Bình Tân, 2021), sent by the units of the roster `config/units.csv`
(the samples use that roster as it is). `make demo` runs the pipeline on it with
`--as-of {as_of}`, after every deadline, so nothing is `pending`.

It is generated, never edited by hand:

    python -m tests.make_samples --out samples/inbox --seed 2021     # needs soffice for the PDFs

The documents are built by `tests/corpus.py` from the data in `tests/scenario.py`: DOCX as
Word saves them (Times New Roman 13-14, text split into runs at arbitrary points, even
mid-word, with spelling marks between runs), some in Unicode NFD, some converted to PDF by
LibreOffice. They arrive as saved e-mails (`.eml`, the `Date` header is the receipt date), as
files in a school's sub-folder listed in the clerk's register `so_den.csv`, as files listed
nowhere, and as one zip bundle. About {size} KB in all.

The expected outcome, `tests/expected/sample_units.csv` and `tests/expected/sample_nominees.csv`,
was written by hand from the plan's rules (SPEC §4), not by running the pipeline. Readings of
the rules it relies on:

- A zip bundle's register line gives the receipt date of every member.
- A file with no e-mail and no register line is dated by its own date (ngày ký) and raises
  `RECEIVED_DATE_UNKNOWN`; a nominee whose only proposal is such a file is `needs_review`.
- `reasons` lists every code that applies to the nominee, errors, warnings and info alike,
  sorted. `DUPLICATE_NOMINEE` leaves no fact unproven, so alone it does not change the verdict.
- `PROPOSAL_LATE` stands instead of `MISSING_PROPOSAL` for a dossier that came late.
- `NOT_IN_MINUTES` and `NO_MODEL_OR_SOLUTION` judge a part that exists; a missing part is
  `MISSING_MINUTES` / `MISSING_ACHIEVEMENT_REPORT` only.
- Dossier rules apply to `city_merit` and `district_merit` only: a ward award is
  `not_handled` with `AWARD_NOT_HANDLED`, an award outside the plan is `ineligible` with
  `AWARD_UNKNOWN` and an empty `award`.
- Names are written as the proposal writes them without the honorific; positions likewise; a
  collective is named as the roster names the unit and has no position; a nominee in no
  proposal is named as the council minutes name them.
- Dates are Vietnam time (every e-mail here is `+0700`); deadlines are inclusive.

## Documents
"""

UNITS_HEAD = """## Expected unit statuses (`tests/expected/sample_units.csv`)
"""

NOMINEES_HEAD = """## Expected nominees (`tests/expected/sample_nominees.csv`)
"""

README_TAIL = """## Reproducibility

Running the generator twice gives identical DOCX, EML, ZIP and CSV bytes: zip members carry a
fixed timestamp, core properties carry the document's own date, e-mail boundaries and
Message-IDs derive from the content. LibreOffice stamps the conversion time and a random /ID
into each PDF; the generator overwrites both with fixed values of the same length, so the
PDFs are identical on one LibreOffice version (another version may lay fonts out differently).
`tests/test_corpus.py` rebuilds everything except the PDFs and compares it with the
committed files."""


def main(argv: Sequence[str] | None = None) -> int:
    """Build the sample inbox and README; exit 0 on success."""
    parser = argparse.ArgumentParser(description="Build the sample inbox of the 2021 campaign.")
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "samples" / "inbox",
        help="inbox folder to (re)write (default: samples/inbox)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="seed of the run splitting (default: 2021)"
    )
    parser.add_argument(
        "--readme",
        type=Path,
        default=None,
        help="where to write the README (default: next to --out)",
    )
    args = parser.parse_args(argv)
    files = build_inbox(args.seed)
    write_inbox(files, args.out)
    target = args.readme or args.out.parent / "README.md"
    target.write_text(readme(deliveries(), files, EXPECTED_DIR), encoding="utf-8")
    print(f"{len(files)} files, {sum(len(b) for b in files.values())} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
