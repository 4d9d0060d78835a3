"""Precision and recall of the extractors on corpora written by other authors.

A corpus is a folder with ``inbox/``, ``units.csv`` and ``expected.json`` (the facts a clerk
reads from each file, written by hand; see ``tests/fixtures/variety/README.md``).  This module
runs the real command line on the inbox, reads the outbox as a user would (``records.jsonl``,
``nominees.csv``) and scores every field against the expectations:

    python -m tests.accuracy [CORPUS ...] [--verbose] [--json FILE]

With no corpus it scores the variety corpus and, when it is beside the project, the outside
set (``../shared/outside``).  The scorer has its own small text normalisation on purpose: it
must not share the pipeline's matching rules, or it would forgive the pipeline's mistakes.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VARIETY = ROOT / "tests" / "fixtures" / "variety"
OUTSIDE = ROOT.parent / "shared" / "outside"
DEFAULT_AS_OF = "2021-06-28"
SIMILAR = 0.85  # project texts this similar (difflib ratio on normalised text) are one project

# The thresholds of issue 14, checked by tests/test_accuracy.py on the variety corpus.
THRESHOLDS = {
    "doc_type": 1.0,
    "unit": 1.0,
    "entries": 0.98,
    "nominee_names": 0.98,
    "verdicts": 1.0,
}

_ABBREVIATIONS = {
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "th": "tieu hoc",
    "mn": "mam non",
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
}
_HONORIFIC = re.compile(r"^(?:ong|ba|dong chi|d/c|dc|co|thay|ths|ts)\.?\s+")


def norm(text: str | None) -> str:
    """NFC, case folded, whitespace collapsed: how expected.json says to compare texts."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.replace("\u00a0", " ").split())


def bare(text: str | None) -> str:
    """Lower case without diacritics or punctuation, abbreviations of unit kinds expanded."""
    text = unicodedata.normalize("NFD", norm(text)).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[^\w/]+", " ", text).strip()
    words = [_ABBREVIATIONS.get(w, w) for w in text.split()]
    return " ".join(words)


def name_key(name: str | None) -> str:
    """A nominee's name for matching: no honorific, no "Tập thể", no leading "Trường"."""
    key = bare(name)
    key = _HONORIFIC.sub("", key)
    key = re.sub(r"^tap the\s+", "", key)
    key = re.sub(r"^truong\s+", "", key)
    return key


def similar(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1, on their bare forms."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, bare(a), bare(b)).ratio()


@dataclass
class Tally:
    """Counts for one field: right, wrong or extra (false positive), missed (false negative)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, expected: Any, got: Any, where: str, equal: bool | None = None) -> None:
        """Score one value: None on either side is a miss or an extra, not a wrong value."""
        same = (expected == got) if equal is None else equal
        if expected is None and got is None:
            return
        if same:
            self.tp += 1
            return
        if got is not None:
            self.fp += 1
        if expected is not None:
            self.fn += 1
        self.misses.append(f"{where}: expected {expected!r}, got {got!r}")


@dataclass
class Score:
    """Every field's tally for one corpus."""

    corpus: str
    fields: dict[str, Tally] = field(default_factory=dict)

    def tally(self, name: str) -> Tally:
        return self.fields.setdefault(name, Tally())


# ------------------------------------------------------------------------------ running


def run_pipeline(corpus: Path, outbox: Path, as_of: str) -> None:
    """The real command line on the corpus's inbox and roster, into ``outbox``."""
    cmd = [
        sys.executable, "-m", "pipeline", "run",
        "--inbox", str(corpus / "inbox"), "--outbox", str(outbox),
        "--roster", str(corpus / "units.csv"), "--as-of", as_of,
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pipeline failed on {corpus}:\n{done.stderr[-3000:]}")


def load_outbox(outbox: Path) -> tuple[dict[str, dict[str, Any]], list[dict[str, str]]]:
    """records.jsonl by source, and the rows of nominees.csv."""
    records = {}
    for line in (outbox / "records.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[record["source"]] = record
    with (outbox / "nominees.csv").open(encoding="utf-8", newline="") as f:
        verdicts = list(csv.DictReader(f))
    return records, verdicts


def roster_ids(corpus: Path) -> dict[str, str]:
    """Roster unit ids by the bare form of every name and alias."""
    ids: dict[str, str] = {}
    with (corpus / "units.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for name in [row["name"], *row["aliases"].split("|")]:
                if name.strip():
                    ids[name_key(name)] = row["unit_id"]
    return ids


# ------------------------------------------------------------------------------ scoring


def score_corpus(corpus: Path, outbox: Path) -> Score:
    """Run the pipeline on ``corpus`` into ``outbox`` and score what it wrote."""
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    run_pipeline(corpus, outbox, expected.get("as_of", DEFAULT_AS_OF))
    records, verdicts = load_outbox(outbox)
    ids = roster_ids(corpus)
    score = Score(corpus=corpus.name)
    expected_sources = set()
    for key, facts in sorted(expected["files"].items()):
        source = key.removeprefix("inbox/")
        expected_sources.add(source)
        score_file(score, source, facts, records.get(source), ids)
    for source, record in sorted(records.items()):
        if source not in expected_sources:
            _score_extra(score, source, record)
    if "dossiers" in expected:
        score_verdicts(score, expected["dossiers"], verdicts)
    return score


def _expected_unit_id(facts: dict[str, Any], ids: dict[str, str]) -> str | None:
    if facts.get("unit") is None or facts.get("unit_in_roster") is False:
        return None
    return ids.get(name_key(facts["unit"]))


def score_file(
    score: Score,
    source: str,
    facts: dict[str, Any],
    record: dict[str, Any] | None,
    ids: dict[str, str],
) -> None:
    """Score one file's record against the facts a clerk reads from it."""
    got = record or {}
    expected_type = facts.get("doc_type")
    if expected_type == "not_a_document":
        score.tally("accounted_for").add(True, record is not None, source)
        return
    got_type = got.get("doc_type")
    score.tally("doc_type").add(expected_type, got_type, source)
    score.tally("unit").add(_expected_unit_id(facts, ids), got.get("unit_id"), source)
    score.tally("doc_number").add(
        norm(facts.get("doc_number")).replace(" ", "") or None,
        norm(got.get("doc_number")).replace(" ", "") or None,
        source,
    )
    score.tally("doc_date").add(facts.get("doc_date"), got.get("doc_date"), source)
    score_entries(score, source, facts.get("entries", []), got.get("entries", []))
    if expected_type == "council_minutes" or got_type == "council_minutes":
        score_minutes(score, source, facts, got)
    else:
        score_nominees(score, source, facts.get("nominees", []), got.get("nominees", []))
    if "has_model" in facts:
        named = any(e.get("field") == "model_or_solution" for e in got.get("evidence", []))
        score.tally("has_model").add(facts["has_model"], named, source)


def _score_extra(score: Score, source: str, record: dict[str, Any]) -> None:
    """A record of a file expected.json does not list: whatever it extracted is extra."""
    score.tally("entries").fp += len(record.get("entries", []))
    score.tally("nominee_names").fp += len(record.get("nominees", []))


def _pair(
    expected: list[dict[str, Any]], got: list[dict[str, Any]], key: str, threshold: float
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Pairs of (expected, got) items whose ``key`` texts match best, then the unpaired."""
    candidates = sorted(
        (
            (similar(str(e.get(key) or ""), str(g.get(key) or "")), i, j)
            for i, e in enumerate(expected)
            for j, g in enumerate(got)
        ),
        reverse=True,
    )
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for ratio, i, j in candidates:
        if ratio < threshold or i in used_e or j in used_g:
            continue
        used_e.add(i)
        used_g.add(j)
        pairs.append((expected[i], got[j]))
    missed = [e for i, e in enumerate(expected) if i not in used_e]
    extra = [g for j, g in enumerate(got) if j not in used_g]
    return pairs, missed, extra


def score_entries(
    score: Score, source: str, expected: list[dict[str, Any]], got: list[dict[str, Any]]
) -> None:
    """Registered projects: found (project and content), and their completion dates."""
    if not expected and not got:
        return
    pairs, missed, extra = _pair(expected, got, "project", SIMILAR)
    entries, dates = score.tally("entries"), score.tally("completion_dates")
    for e, g in pairs:
        right = e["content_no"] == g.get("content_no")
        entries.add(
            (e["content_no"], e["project"][:50]),
            (g.get("content_no"), g["project"][:50]),
            source,
            equal=right,
        )
        dates.add(
            e["expected_completion"], g.get("expected_completion"), f"{source} {e['project'][:40]}"
        )
    for e in missed:
        entries.add((e["content_no"], e["project"][:60]), None, source)
    for g in extra:
        entries.add(None, (g.get("content_no"), g["project"][:60]), source)


def _name_match(expected: str, got: str) -> bool:
    a, b = name_key(expected), name_key(got)
    return bool(a) and (a == b or (len(a) > 6 and (a in b or b in a) and abs(len(a) - len(b)) < 25))


def _pair_names(
    expected: list[dict[str, Any]], got: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    pairs, used = [], set()
    missed = []
    for e in expected:
        for j, g in enumerate(got):
            if j not in used and _name_match(e["name"], g.get("name", "")):
                used.add(j)
                pairs.append((e, g))
                break
        else:
            missed.append(e)
    extra = [g for j, g in enumerate(got) if j not in used]
    return pairs, missed, extra


def score_nominees(
    score: Score, source: str, expected: list[dict[str, Any]], got: list[dict[str, Any]]
) -> None:
    """Nominees of proposals and achievement reports: names, then kind, award, head flag."""
    pairs, missed, extra = _pair_names(expected, got)
    names = score.tally("nominee_names")
    for e, g in pairs:
        names.add(e["name"], g["name"], source, equal=True)
        score.tally("nominee_kind").add(e["kind"], g.get("kind"), f"{source} {e['name']}")
        score.tally("nominee_award").add(e["award"], g.get("award"), f"{source} {e['name']}")
        score.tally("head_of_unit").add(
            e["head_of_unit"], g.get("head_of_unit"), f"{source} {e['name']}"
        )
    for e in missed:
        names.add(e["name"], None, source)
    for g in extra:
        names.add(None, g.get("name"), source)


def score_minutes(score: Score, source: str, facts: dict[str, Any], got: dict[str, Any]) -> None:
    """Council minutes: the approved and the rejected lists, and the quorum."""
    nominees = got.get("nominees", [])
    for label, wanted, flag in (
        ("minutes_approved", facts.get("approved", []), True),
        ("minutes_rejected", facts.get("rejected", []), False),
    ):
        found = [n for n in nominees if n.get("approved") is flag]
        pairs, missed, extra = _pair_names([{"name": n} for n in wanted], found)
        tally = score.tally(label)
        for e, _g in pairs:
            tally.add(e["name"], e["name"], source)
        for e in missed:
            tally.add(e["name"], None, source)
        for g in extra:
            tally.add(None, g.get("name"), source)
    undecided = [n for n in nominees if n.get("approved") is None]
    for n in undecided:
        score.tally("minutes_approved").add(None, n.get("name"), f"{source} (undecided)")
    quorum = got.get("quorum") or {}
    for key in ("present", "members"):
        if key in facts:
            score.tally("minutes_quorum").add(facts[key], quorum.get(key), f"{source} {key}")


def score_verdicts(
    score: Score, dossiers: list[dict[str, Any]], rows: list[dict[str, str]]
) -> None:
    """Each expected dossier's verdict against the nominees.csv row of the same nominee."""
    tally = score.tally("verdicts")
    used: set[int] = set()
    for d in dossiers:
        match = None
        for j, row in enumerate(rows):
            if j in used or (row["unit_id"] or None) != d.get("unit"):
                continue
            if _name_match(d["name"], row["name"]) and (row["award"] or None) == d.get("award"):
                match = j
                break
        where = f"{d.get('unit')} {d['name']} {d.get('award')}"
        if match is None:
            tally.add(d["verdict"], None, where)
            continue
        used.add(match)
        tally.add(d["verdict"], rows[match]["verdict"], f"{where} {rows[match]['reasons']}")
    for j, row in enumerate(rows):
        if j not in used:
            tally.add(None, f"{row['unit_id']} {row['name']} {row['verdict']}", "extra nominee")


# ------------------------------------------------------------------------------ output


ORDER = (
    "doc_type", "unit", "doc_number", "doc_date", "entries", "completion_dates",
    "nominee_names", "nominee_kind", "nominee_award", "head_of_unit", "minutes_approved",
    "minutes_rejected", "minutes_quorum", "has_model", "verdicts", "accounted_for",
)  # fmt: skip


def report(score: Score, verbose: bool) -> str:
    """The score as a table: field, precision, recall, right / wrong-or-extra / missed."""
    lines = [f"== {score.corpus}", f"{'field':<18} {'precision':>9} {'recall':>7}   tp/fp/fn"]
    for name in ORDER:
        if name not in score.fields:
            continue
        t = score.fields[name]
        lines.append(f"{name:<18} {t.precision:>9.1%} {t.recall:>7.1%}   {t.tp}/{t.fp}/{t.fn}")
        if verbose:
            lines.extend(f"    - {m}" for m in t.misses)
    return "\n".join(lines)


def as_json(score: Score) -> dict[str, Any]:
    """The figures of a score, for tests and for comparing runs."""
    return {
        name: {"precision": t.precision, "recall": t.recall, "tp": t.tp, "fp": t.fp, "fn": t.fn}
        for name, t in score.fields.items()
    }


def default_corpora() -> list[Path]:
    """The variety corpus, and the outside set when it lies beside the project."""
    corpora = [VARIETY] if (VARIETY / "expected.json").exists() else []
    if (OUTSIDE / "expected.json").exists():
        corpora.append(OUTSIDE)
    return corpora


def main(argv: list[str] | None = None) -> int:
    """Score each corpus and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    figures = {}
    for corpus in args.corpora or default_corpora():
        with tempfile.TemporaryDirectory() as tmp:
            score = score_corpus(corpus, Path(tmp) / "outbox")
        print(report(score, args.verbose))
        figures[str(corpus)] = as_json(score)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
