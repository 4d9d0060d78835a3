"""The drafts staff print and sign: the award decision (Quyết định) and the submission (Tờ trình).

The decision awards the People's Committee's Giấy khen to the eligible ``district_merit``
nominees, with its annex list; the submission asks the City for Bằng khen for the eligible
``city_merit`` nominees.  Wording and layout live in the templates (Nghị định 30/2020/NĐ-CP);
the authorities, legal bases, signers and recipients in the config's ``drafts`` section.
A section may name another award level (``award:``, e.g. a ward's ``ward_merit``) and the
body that submits (``submitter:``, else the organiser).  The number and the date are left
blank for the clerk, as drafts are.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.config import CampaignConfig, Unit
from pipeline.model import RunResult, Verdict
from pipeline.render.paths import TEMPLATES_DIR
from pipeline.render.tables import count_text, header_lines, long_date, printable, render_docx
from pipeline.text import fold

DECISION = ("decision", "district_merit", "du_thao_quyet_dinh_giay_khen.docx")
SUBMISSION = ("submission", "city_merit", "du_thao_to_trinh_bang_khen.docx")
# The type code of a document number ("293/KH-UBND") names its kind (LAYOUT.md).
DOCUMENT_KINDS = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "TTr": "Tờ trình",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
}


def render_drafts(
    result: RunResult,
    config: CampaignConfig,
    units: list[Unit],
    *,
    templates_dir: Path = TEMPLATES_DIR,
) -> dict[str, bytes]:
    """The draft decision and submission (SPEC §5) for the awards the config declares."""
    return draft_files(draft_inputs(result, config, units), templates_dir=templates_dir)


def draft_inputs(
    result: RunResult, config: CampaignConfig, units: list[Unit]
) -> dict[str, dict[str, Any]]:
    """Each draft's template context, by output file name (plain data)."""
    chosen = (
        (section, str(config.drafts[section].get("award") or award), name)
        for section, award, name in (DECISION, SUBMISSION)
        if section in config.drafts
    )
    return {
        name: draft_context(result, config, units, section, award)
        for section, award, name in chosen
        if award in config.awards
    }


def draft_files(
    contexts: dict[str, dict[str, Any]], *, templates_dir: Path = TEMPLATES_DIR
) -> dict[str, bytes]:
    """The drafts' DOCX, from :func:`draft_inputs`; each template is named as its output."""
    return {name: render_docx(templates_dir / name, context) for name, context in contexts.items()}


def draft_context(
    result: RunResult, config: CampaignConfig, units: list[Unit], section: str, award_key: str
) -> dict[str, Any]:
    """Every placeholder of a draft template (the README lists them)."""
    draft = config.drafts[section]
    award = config.awards[award_key]
    collectives, individuals = nominee_lists(result.verdicts, award_key, units)

    def setting(key: str) -> str:
        return printable(str(draft.get(key) or ""))

    deadline = draft.get("city_deadline")
    return {
        "parent_lines": header_lines(setting("parent")),
        "issuer_lines": header_lines(setting("authority")),
        "number_code": setting("number_code"),
        "place": config.campaign.place,
        "campaign_short": config.campaign.short_name,
        "as_of_long": long_date(result.as_of),
        "authority": setting("authority"),
        "legal_bases": [_clause(text) for text in draft.get("legal_bases") or []],
        "references": references(config),
        "proposer": _clause(setting("proposer")),
        "decree": _clause(setting("decree")),
        "executors": _clause(setting("executors")),
        "addressee": _clause(setting("addressee")),
        "submitter": setting("submitter") or config.campaign.organiser.short,
        "award_name": award.name,
        "decided_by": award.decided_by,
        "parts": [config.dossier_parts[part].label for part in award.parts],
        "city_deadline": long_date(deadline) if isinstance(deadline, dt.date | str) else "",
        "collectives": collectives,
        "individuals": individuals,
        "collective_count": count_text(len(collectives)),
        "individual_count": count_text(len(individuals)),
        "count_phrase": count_phrase(len(collectives), len(individuals)),
        "signer_on_behalf": setting("signer_on_behalf"),
        "signer_deputy": setting("signer_deputy"),
        "signer_title": setting("signer_title"),
        "signer_role": setting("signer_role"),
        "signer_name": setting("signer_name"),
        "recipients": [_clause(text) for text in draft.get("recipients") or []],
        "archive": _clause(setting("archive")),
    }


def _clause(text: object) -> str:
    """Config text without its closing punctuation: the template adds ";" or "."."""
    return printable(str(text)).rstrip(" ;.,")


def references(config: CampaignConfig) -> list[dict[str, str]]:
    """The campaign's plans as a basis: kind, number, long date, issuer and subject."""
    return [
        {
            "kind": document_kind(ref.number),
            "number": ref.number,
            "date": long_date(ref.date),
            "issuer": ref.issuer,
            "title": _clause(ref.title),
        }
        for ref in config.references
    ]


def document_kind(number: str) -> str:
    """The kind of document its number names: "293/KH-UBND" → "Kế hoạch"."""
    code = number.partition("/")[2].partition("-")[0]
    return DOCUMENT_KINDS.get(code, "Văn bản")


def count_phrase(collectives: int, individuals: int) -> str:
    """ "05 tập thể và 12 cá nhân", leaving out a kind that has nobody."""
    parts = [
        f"{count_text(n)} {label}"
        for n, label in ((collectives, "tập thể"), (individuals, "cá nhân"))
        if n
    ]
    return " và ".join(parts)


def nominee_lists(
    verdicts: list[Verdict], award: str, units: list[Unit]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Eligible collectives and individuals for ``award``, sorted by unit then name.

    Sorting uses ``fold`` keys so that "Đ", tone marks and case sort as Vietnamese readers
    expect; a nominee proposed twice is listed once.  Unit names come from the roster.
    """
    names = {unit.unit_id: unit.name for unit in units}
    chosen: dict[tuple[str, str, str], Verdict] = {}
    for verdict in verdicts:
        if verdict.verdict == "eligible" and verdict.award == award:
            key = (verdict.kind, verdict.unit_id or "", fold(verdict.name))
            chosen.setdefault(key, verdict)

    def order(v: Verdict) -> tuple[str, str, str, str]:
        unit = names.get(v.unit_id or "", "")
        return (fold(unit), unit, fold(v.name), v.name)

    ranked = sorted(chosen.values(), key=order)
    collectives = [{"name": printable(v.name)} for v in ranked if v.kind == "collective"]
    individuals = [
        {
            "name": printable(v.name),
            "position_unit": ", ".join(
                part for part in (printable(v.position), names.get(v.unit_id or "", "")) if part
            ),
        }
        for v in ranked
        if v.kind == "individual"
    ]
    return collectives, individuals
