"""Whether a register row is about a nominee, for the same campaign or the same achievement.

The rules ALREADY_AWARDED and AWARD_GAP (pipeline/validate/nominee_checks.py) read the
register through these functions: a person is matched by ``person_key``, a collective by
``collective_key``, both within one unit, so that two teachers of one name in two schools are
two people.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.config import CampaignConfig
from pipeline.register.store import AwardRow
from pipeline.text import fold
from pipeline.text.abbrev import unit_key
from pipeline.text.names import collective_key, person_key
from pipeline.validate.facts import vn_date

MIN_ACHIEVEMENT_WORDS = 4  # a shorter text ("Hoàn thành tốt") says nothing of which one


@dataclass(frozen=True)
class Holder:
    """A nominee as the register is searched for them."""

    kind: str  # collective | individual
    name: str
    unit_id: str | None
    unit_name: str  # the roster's name of the nominee's unit, "" when unknown
    unit_collective: bool  # the unit's own collective (not a team within it)


def same_unit(row: AwardRow, holder: Holder) -> bool:
    """Both in one unit: the same roster id when both have one, else the same unit name.

    When either side names no unit at all, the name alone decides (an old row typed by hand).
    """
    if row.unit_id and holder.unit_id:
        return row.unit_id == holder.unit_id
    if row.unit_name and holder.unit_name:
        return unit_key(row.unit_name) == unit_key(holder.unit_name)
    return True


def holds(row: AwardRow, holder: Holder) -> bool:
    """Whether the register row is an award to this person or collective."""
    if row.kind != holder.kind or not same_unit(row, holder):
        return False
    if holder.kind == "individual":
        return person_key(row.name) == person_key(holder.name)
    mine = collective_key(row.name)
    if mine == collective_key(holder.name):
        return True
    # The unit's own collective, written in the register by the unit's name.
    own = bool(row.unit_name) and mine == collective_key(row.unit_name)
    return holder.unit_collective and own


def same_campaign(row: AwardRow, config: CampaignConfig) -> bool:
    """The row's campaign is this config's (by id, short name or name)."""
    campaign = config.campaign
    names = {fold(campaign.id), fold(campaign.short_name), fold(campaign.name)}
    return fold(row.campaign) in names


def same_achievement(row: AwardRow, texts: list[str], similarity: float) -> str | None:
    """The nominee's achievement text that the row's achievement repeats, if any.

    ``finalize`` keeps the campaign's line and the model, initiative or solution the
    awardee's report named ("Đã có thành tích xuất sắc trong … Mô hình “Lớp học xanh”."):
    a text is repeated when it is found in the row's achievement at ``similarity`` per cent
    (``partial_ratio`` on folded text, so case, diacritics and punctuation aside).  A text of
    fewer than MIN_ACHIEVEMENT_WORDS words matches nothing.
    """
    mine = fold(row.achievement)
    for text in texts:
        theirs = fold(text)
        shorter = min(mine, theirs, key=len)
        if len(shorter.split()) < MIN_ACHIEVEMENT_WORDS:
            continue
        if fuzz.partial_ratio(mine, theirs) >= similarity:
            return text
    return None


def row_quote(row: AwardRow) -> str:
    """The register row as a finding quotes it: "QĐ số … ngày …, <award>, <name>"."""
    return (
        f"QĐ số {row.decision_number} ngày {vn_date(row.decision_date)}, "
        f"{row.award_name}, {row.name}"
    )
