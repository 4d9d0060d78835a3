"""The register's tables for people: the list, the yearly counts, the XLSX export (pandas).

The yearly statistics forms (báo cáo thống kê thi đua, khen thưởng) ask, for each year, how
many collectives and individuals received each level of award; the desk also wants the same
per unit.  Both are pandas pivots of the register's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from pipeline.register.store import AwardRow
from pipeline.render.safe import inert
from pipeline.validate.facts import vn_date

KIND_LABELS = {"collective": "Tập thể", "individual": "Cá nhân"}
TOTAL = "Tổng cộng"
# The register's columns as people read them, in the list's and the export's order.
COLUMNS = {
    "decision_number": "Số quyết định",
    "decision_day": "Ngày quyết định",
    "award_name": "Hình thức khen thưởng",
    "kind_label": "Đối tượng",
    "name": "Tên tập thể, cá nhân",
    "position": "Chức vụ",
    "unit_name": "Đơn vị",
    "achievement": "Thành tích",
    "campaign": "Đợt thi đua",
}
SHEETS = {"rows": "Sổ khen thưởng", "years": "Thống kê theo năm", "units": "Theo đơn vị"}


def frame(rows: Sequence[AwardRow]) -> pd.DataFrame:
    """The rows as a table, with the year, the kind's label and the Vietnamese date added."""
    columns = [*AwardRow.__dataclass_fields__, "year", "kind_label", "decision_day"]
    df = pd.DataFrame([asdict(r) for r in rows], columns=columns[:-3])
    df["year"] = pd.to_datetime(df["decision_date"]).dt.year.astype("Int64")
    df["kind_label"] = df["kind"].map(KIND_LABELS).fillna(df["kind"])
    df["decision_day"] = [vn_date(d) for d in df["decision_date"]]
    return df[columns]


def _counts(df: pd.DataFrame, index: list[str]) -> pd.DataFrame:
    """Awards counted by ``index`` and kind (collectives, individuals, total), a total row."""
    kinds = list(KIND_LABELS.values())
    if df.empty:
        return pd.DataFrame(columns=[*index, *kinds, TOTAL])
    table = pd.pivot_table(
        df, index=index, columns="kind_label", values="name", aggfunc="count", fill_value=0
    )
    table = table.reindex(columns=kinds, fill_value=0)
    table[TOTAL] = table.sum(axis=1)
    table = table.reset_index()
    total = {col: "" for col in index} | {k: int(table[k].sum()) for k in [*kinds, TOTAL]}
    total[index[0]] = TOTAL
    table = pd.concat([table.astype({index[0]: "object"}), pd.DataFrame([total])])
    return table.astype({k: "int64" for k in [*kinds, TOTAL]}).reset_index(drop=True)


def yearly_counts(rows: Sequence[AwardRow]) -> pd.DataFrame:
    """Per year and award level: collectives, individuals, total (the statistics forms)."""
    df = frame(rows)
    table = _counts(df, ["year", "award_name"])
    return table.rename(columns={"year": "Năm", "award_name": "Hình thức khen thưởng"})


def unit_counts(rows: Sequence[AwardRow]) -> pd.DataFrame:
    """Per year and unit: collectives, individuals, total."""
    df = frame(rows)
    df["unit_name"] = df["unit_name"].where(df["unit_name"] != "", "(không ghi)")
    table = _counts(df, ["year", "unit_name"])
    return table.rename(columns={"year": "Năm", "unit_name": "Đơn vị"})


def listing(rows: Sequence[AwardRow]) -> pd.DataFrame:
    """The rows with the Vietnamese column names, oldest decision first."""
    return frame(rows)[list(COLUMNS)].rename(columns=COLUMNS)


def terminal_table(rows: Sequence[AwardRow]) -> str:
    """The rows as a plain-text table for the terminal, and a line of totals."""
    if not rows:
        return "Sổ khen thưởng không có dòng nào khớp điều kiện lọc."
    table = listing(rows).drop(columns=["Thành tích", "Đợt thi đua"])
    text = _plain(table)
    df = frame(rows)
    kinds = df["kind"].value_counts()
    total = (
        f"Tổng cộng: {len(rows)} lượt khen thưởng ({kinds.get('collective', 0)} tập thể, "
        f"{kinds.get('individual', 0)} cá nhân) theo {df['decision_number'].nunique()} quyết định."
    )
    return f"{text}\n{total}"


def _plain(table: pd.DataFrame) -> str:
    """Left-aligned columns two spaces apart, a rule under the header (NFC: one letter, one
    column)."""
    cells = [[str(c) for c in table.columns]]
    cells += [[str(v) for v in row] for row in table.itertuples(index=False)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def export_xlsx(rows: Sequence[AwardRow], path: Path) -> None:
    """The register, the yearly counts by level and kind, and the counts by unit, as XLSX.

    Every text cell is made inert: a name typed as "=…" is shown, never run as a formula.
    """
    sheets = {
        SHEETS["rows"]: listing(rows),
        SHEETS["years"]: yearly_counts(rows),
        SHEETS["units"]: unit_counts(rows),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in sheets.items():
            safe = table.map(inert) if not table.empty else table
            safe.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for i, column in enumerate(table.columns, start=1):
                cells = [str(column), *(str(v) for v in table[column])]
                width = min(60, max(len(c) for c in cells) + 2)
                sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
            sheet.freeze_panes = "A2"
