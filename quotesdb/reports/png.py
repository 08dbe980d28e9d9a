"""The source report as a PNG: the SVG chart's four panels, drawn by matplotlib.

Same series, colours and unknown share as `svg.py` (it reads that module's PANELS), for
slides and documents that take no SVG. matplotlib is an optional extra (`plots`), loaded
only here.
"""

from __future__ import annotations

import io
from typing import Any

from quotesdb.errors import InputError
from quotesdb.reports.sources import UNKNOWN, SourceReport
from quotesdb.reports.svg import (
    PALETTE,
    PANELS,
    UNKNOWN_COLOUR,
    ChartRows,
    chart_rows,
    row_label,
)


def report_figure(report: SourceReport, charted: ChartRows | None = None) -> Any:
    """A matplotlib Figure, one axes a panel, one bar (or stack) a charted row; `charted`:
    `chart_rows(report)` when the caller has it already."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no screen needed
        from matplotlib.figure import Figure
    except ImportError:
        raise InputError(
            "PNG charts need matplotlib: pip install 'quotesdb[plots]', or use a .svg file"
        ) from None
    charted = charted or chart_rows(report)
    rows = charted.rows
    figure = Figure(figsize=(max(6.0, 0.5 * len(rows) + 3), 2.2 * len(PANELS) + 1.5), dpi=100)
    labels = [row_label(r) for r in rows]
    for number, (key, title, series, share) in enumerate(PANELS):
        axes = figure.add_subplot(len(PANELS), 1, number + 1)
        axes.set_title(title, loc="left", fontsize=11)
        axes.set_gid(key)
        bottoms = [0.0] * len(rows)
        names = list(dict.fromkeys(n for r in rows for n, _ in series(r)))
        for index, name in enumerate(names):
            values = []
            for row in rows:
                parts = dict(series(row))
                whole = sum(parts.values()) if share else 1
                values.append(parts.get(name, 0) / whole if whole else 0.0)
            colour = UNKNOWN_COLOUR if name == UNKNOWN else PALETTE[index % len(PALETTE)]
            axes.bar(range(len(rows)), values, 0.6, bottom=bottoms, color=colour, label=name)
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        last = number == len(PANELS) - 1  # the rows are named once, under the last panel
        shown = labels if last else [""] * len(rows)
        axes.set_xticks(range(len(rows)), shown, rotation=60, ha="right", fontsize=8)
        if len(names) > 1:
            axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if not rows:
            axes.text(0.02, 0.5, "no dated quotes in scope", transform=axes.transAxes)
    if charted.note:
        figure.suptitle(charted.note, x=0.01, ha="left", fontsize=8)
    figure.tight_layout()
    return figure


def report_png(report: SourceReport, charted: ChartRows | None = None) -> bytes:
    out = io.BytesIO()
    report_figure(report, charted).savefig(out, format="png")
    return out.getvalue()
