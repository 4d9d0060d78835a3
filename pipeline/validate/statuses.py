"""Each unit's standing for every deadline: on time, late, missing, or still pending."""

from __future__ import annotations

import datetime as dt

from pipeline.config import Deadline
from pipeline.model import Record, UnitStatus
from pipeline.validate.facts import Facts

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
STATUS_COLUMNS = ("registration", "launch", "result_report")  # the columns of units.csv


def submission_status(documents: list[Record], deadline: Deadline, as_of: dt.date) -> str:
    """on_time if any document came by the deadline, late if all came after it, else missing
    once the as-of date is past the deadline, pending before.

    A document whose received date is unknown counts as received on time; its
    RECEIVED_DATE_UNKNOWN warning keeps the doubt visible.
    """
    if documents:
        days = [dt.date.fromisoformat(r.received_at) for r in documents if r.received_at]
        if len(days) < len(documents) or any(not deadline.is_late(d) for d in days):
            return ON_TIME
        return LATE
    return MISSING if deadline.is_late(as_of) else PENDING


def unit_statuses(facts: Facts) -> list[UnitStatus]:
    """One UnitStatus per roster unit, in roster order."""
    deadlines = facts.config.deadlines
    statuses = []
    for unit in facts.units:
        status = {
            kind: submission_status(
                facts.documents(unit.unit_id, kind), deadlines[kind], facts.as_of
            )
            for kind in STATUS_COLUMNS
            if kind in deadlines
        }
        registrations = facts.documents(unit.unit_id, "registration")
        statuses.append(
            UnitStatus(
                unit_id=unit.unit_id,
                name=unit.name,
                registration=status.get("registration", PENDING),
                registration_received_at=registrations[0].received_at if registrations else None,
                launch=status.get("launch", PENDING),
                result_report=status.get("result_report", PENDING),
            )
        )
    return statuses
