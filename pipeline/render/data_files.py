"""The machine-readable outputs of SPEC §5: JSON lines and CSV tables, a stable contract."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from pipeline.model import RunResult
from pipeline.render.safe import inert

REGISTRATION_COLUMNS = [
    "unit_id", "content_no", "project", "expected_completion", "expected_completion_raw", "source",
]
UNIT_COLUMNS = [
    "unit_id", "name", "registration", "registration_received_at", "launch", "result_report",
    "nominees", "eligible",
]
NOMINEE_COLUMNS = ["unit_id", "kind", "name", "position", "award", "verdict", "reasons"]


def jsonl(rows: Iterable[dict[str, Any]]) -> bytes:
    """One JSON object per line, UTF-8, keys in their declared order.

    Lines are encoded one at a time: the whole file never exists as a (wider) Python string.
    """
    out = io.BytesIO()
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        out.write(b"\n")
    return out.getvalue()


def csv_bytes(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """A CSV table with a header; text cells made inert against formula injection."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else inert(row.get(k)) for k in columns})
    return out.getvalue().encode("utf-8")


def render_data_files(result: RunResult) -> dict[str, bytes]:
    """records.jsonl, findings.jsonl, registrations.csv, units.csv and nominees.csv."""
    registrations = [
        {
            "unit_id": record.unit_id,
            "content_no": entry.content_no,
            "project": entry.project,
            "expected_completion": entry.expected_completion,
            "expected_completion_raw": entry.expected_completion_raw,
            "source": record.source,
        }
        for record in result.records
        if record.doc_type == "registration"
        for entry in record.entries
    ]
    nominees = [
        {
            "unit_id": v.unit_id,
            "kind": v.kind,
            "name": v.name,
            "position": v.position,
            "award": v.award,
            "verdict": v.verdict,
            "reasons": ";".join(v.reasons),
        }
        for v in result.verdicts
    ]
    return {
        "records.jsonl": jsonl(r.to_json() for r in result.records),
        "findings.jsonl": jsonl(f.to_json() for f in result.findings),
        "registrations.csv": csv_bytes(REGISTRATION_COLUMNS, registrations),
        "units.csv": csv_bytes(UNIT_COLUMNS, (vars(u) for u in result.units)),
        "nominees.csv": csv_bytes(NOMINEE_COLUMNS, nominees),
    }
