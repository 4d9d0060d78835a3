"""The award register: who got what, by which decision, for which achievement (SPEC §8)."""

from pipeline.register.location import register_file
from pipeline.register.store import (
    AlreadyRecorded,
    AwardRow,
    awards,
    decision_key,
    decisions,
    record_decision,
)

__all__ = [
    "AlreadyRecorded",
    "AwardRow",
    "awards",
    "decision_key",
    "decisions",
    "record_decision",
    "register_file",
]
