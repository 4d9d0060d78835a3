"""Bar charts for the summary report, as PNG bytes that are the same from run to run.

matplotlib's object API with the Agg canvas is used directly (no pyplot, no global backend
switch), with a fixed size, resolution and font (DejaVu Sans, shipped with matplotlib, has
every Vietnamese glyph) and no timestamp or software tag in the PNG.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

SIZE_INCHES = (6.3, 3.1)
DPI = 150
FONT_FAMILY, FONT_SIZE = "DejaVu Sans", 8.5
LEGEND_WIDTH_PT, CHAR_PT, HANDLE_PT = 440, 5.0, 30  # rough legend geometry at FONT_SIZE
PALETTE = ("#2e6da4", "#e08a1e", "#c0392b", "#95a5a6", "#27ae60", "#8e44ad")


def bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[int]],
    *,
    title: str,
    axis_label: str,
    stacked: bool = False,
    horizontal: bool = False,
) -> bytes:
    """A grouped (or stacked) bar chart of integer counts; one colour per series."""
    with rc_context({"font.family": FONT_FAMILY, "font.size": FONT_SIZE}):
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        _draw_bars(axes, categories, series, stacked=stacked, horizontal=horizontal)
        value_axis = axes.xaxis if horizontal else axes.yaxis
        value_axis.set_major_locator(MaxNLocator(integer=True))
        (axes.set_xlabel if horizontal else axes.set_ylabel)(axis_label)
        if horizontal:
            axes.invert_yaxis()
        axes.set_title(title, fontsize=10, fontweight="bold")
        axes.grid(axis="x" if horizontal else "y", alpha=0.3)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        figure.legend(
            loc="outside lower center", ncols=_legend_columns(list(series)), frameon=False
        )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _draw_bars(
    axes: Axes,
    categories: Sequence[str],
    series: Mapping[str, Sequence[int]],
    *,
    stacked: bool,
    horizontal: bool,
) -> None:
    positions = range(len(categories))
    width = 0.7 if stacked else 0.8 / max(len(series), 1)
    base = [0] * len(categories)
    for index, (label, values) in enumerate(series.items()):
        colour = PALETTE[index % len(PALETTE)]
        shift = 0.0 if stacked else (index - (len(series) - 1) / 2) * width
        where = [p + shift for p in positions]
        start = base if stacked else [0] * len(categories)
        if horizontal:
            axes.barh(where, values, height=width, left=start, label=label, color=colour)
        else:
            axes.bar(where, values, width=width, bottom=start, label=label, color=colour)
        if stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
    if horizontal:
        axes.set_yticks(list(positions), list(categories))
    else:
        axes.set_xticks(list(positions), list(categories))


def _legend_columns(labels: Sequence[str]) -> int:
    """As many legend columns as fit the figure's width with the longest label."""
    widest = max(len(label) for label in labels) * CHAR_PT + HANDLE_PT
    return max(1, min(len(labels), int(LEGEND_WIDTH_PT // widest)))
