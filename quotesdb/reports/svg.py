"""The source report as an SVG chart: a pure function of the report's figures.

Four panels share one bar (or stack) per row of the report: distinct sources, new and
repeat sources, persons and organisations, and the gender of sources as shares with the
unknown share drawn, never hidden. Every bar segment carries its figures as `data-*`
attributes, so a test (or a page's script) can read the chart back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from quotesdb.reports.sources import ALL_OUTLETS, UNKNOWN, ReportRow, SourceReport

PLOT_HEIGHT = 160
BAR = 26
GAP = 14
LEFT = 56
TOP = 40
LABEL_SPACE = 120
LEGEND = 130
MIN_WIDTH = 460  # the longest panel title fits over a single bar
LABEL_CHARS = 26  # longer labels are cut with "…"; the bar's tooltip has them whole
SLANT_PX = 4.6  # how far left a character of a label slanted at 45° reaches
MAX_BARS = 120  # more is a picture no one can read, and a 76 MB SVG at 35,000 rows
NOTE_SPACE = 22
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1")
UNKNOWN_COLOUR = "#bab0ac"

Series = Callable[[ReportRow], list[tuple[str, int]]]


def _gender(row: ReportRow) -> list[tuple[str, int]]:
    counts = row.attributes.get("gender", {})
    known = sorted((k, v) for k, v in counts.items() if k != UNKNOWN)
    return [*known, (UNKNOWN, counts.get(UNKNOWN, 0))]


PANELS: tuple[tuple[str, str, Series, bool], ...] = (
    ("sources", "Distinct sources", lambda r: [("sources", r.sources)], False),
    (
        "new",
        "New and repeat sources",
        lambda r: [("new", r.new_sources), ("repeat", r.repeat_sources)],
        False,
    ),
    (
        "kind",
        "Persons and organisations",
        lambda r: [("persons", r.persons), ("organisations", r.organisations)],
        False,
    ),
    ("gender", "Gender of sources (share, unknown shown)", _gender, True),
)


@dataclass(frozen=True, slots=True)
class ChartRows:
    """The rows a chart draws, and what it says it left out."""

    rows: list[ReportRow]
    note: str | None


def chart_rows(report: SourceReport) -> ChartRows:
    """At most MAX_BARS rows: the latest periods, and in them the most quoted outlets
    (all outlets together first, when the report has them). The table keeps every row."""
    rows = report.rows
    if len(rows) <= MAX_BARS:
        return ChartRows(rows, None)
    periods = sorted({r.period for r in rows})  # month, quarter and year labels sort as time
    kept_periods = set(periods[-MAX_BARS:])
    quotes = Counter[str]()
    for row in rows:
        quotes[row.outlet] += row.quotes
    ranked = sorted(quotes, key=lambda o: (o != ALL_OUTLETS, -quotes[o], o.casefold()))
    kept_outlets = set(ranked[: max(1, MAX_BARS // len(kept_periods))])
    kept = [r for r in rows if r.outlet in kept_outlets and r.period in kept_periods]
    parts = []
    if len(kept_outlets) < len(ranked):
        each = [o for o in ranked if o != ALL_OUTLETS]
        shown = len(kept_outlets - {ALL_OUTLETS})
        most = "the most quoted outlet" if shown == 1 else f"the {shown} most quoted outlets"
        most += f" of {len(each):,}"
        if ALL_OUTLETS not in kept_outlets:
            parts.append(most)
        else:
            parts.append(f"all outlets together and {most}" if shown else "all outlets together")
    if len(kept_periods) < len(periods):
        parts.append(f"the latest {len(kept_periods):,} of {len(periods):,} periods")
    return ChartRows(
        kept,
        f"The chart shows {' and '.join(parts)}: {len(kept):,} of {len(rows):,} rows, all of "
        "them in the table and downloads. Pick outlets, dates or a longer period to chart others.",
    )


def row_label(row: ReportRow) -> str:
    return f"{row.outlet} · {row.period}"


def _shown(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def report_svg(report: SourceReport, charted: ChartRows | None = None) -> str:
    """`charted`: `chart_rows(report)` when the caller has it already."""
    charted = charted or chart_rows(report)
    rows = charted.rows
    note_space = NOTE_SPACE if charted.note else 0
    plot_width = max(1, len(rows)) * (BAR + GAP)
    panel_height = TOP + PLOT_HEIGHT + LABEL_SPACE
    # The first bar's slanted label reaches left of the axis: room for it.
    reach = int(SLANT_PX * len(_shown(row_label(rows[0])))) - BAR if rows else 0
    left = max(LEFT, reach)
    width = max(left + plot_width + LEGEND, MIN_WIDTH)
    height = panel_height * len(PANELS) + 10 + note_space
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>Sources quoted, by {escape(report.by)}</title>",
    ]
    if charted.note:
        parts.append(f'<text class="chart-note" x="{left}" y="16">{escape(charted.note)}</text>')
    for number, (key, title, series, share) in enumerate(PANELS):
        top = note_space + number * panel_height
        parts += _panel(rows, key, title, series, share, top, plot_width, left)
    if not rows:
        parts.append(f'<text x="{left}" y="{TOP + 20}">no dated quotes in scope</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _panel(
    rows: list[ReportRow],
    key: str,
    title: str,
    series: Series,
    share: bool,
    top: int,
    plot_width: int,
    left: int,
) -> list[str]:
    stacks = [series(row) for row in rows]
    biggest = max((sum(v for _n, v in stack) for stack in stacks), default=0)
    base = top + TOP + PLOT_HEIGHT
    parts = [
        f'<g class="panel" data-panel="{key}">',
        f'<text x="{left}" y="{top + 22}" font-size="14" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{base}" x2="{left + plot_width}" y2="{base}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{base - PLOT_HEIGHT + 4}" text-anchor="end">'
        f"{'100%' if share else biggest}</text>",
        f'<text x="{left - 6}" y="{base + 4}" text-anchor="end">0</text>',
    ]
    names: list[str] = []
    for index, (row, stack) in enumerate(zip(rows, stacks, strict=True)):
        x = left + index * (BAR + GAP) + GAP // 2
        total = sum(v for _n, v in stack)
        scale = (PLOT_HEIGHT / total if total else 0.0) if share else PLOT_HEIGHT / (biggest or 1)
        y = float(base)
        label = row_label(row)
        for name, value in stack:
            if name not in names:
                names.append(name)
            if value <= 0:
                continue
            h = value * scale
            y -= h
            parts.append(
                f'<rect class="bar" x="{x}" y="{y:.2f}" width="{BAR}" height="{h:.2f}" '
                f'fill="{_colour(name, names)}" data-label={quoteattr(label)} '
                f'data-series={quoteattr(name)} data-value="{value}" data-total="{total}">'
                f"<title>{escape(label)}: {escape(name)} {value}"
                f"{f' of {total}' if share else ''}</title></rect>"
            )
        tx, ty = x + BAR // 2, base + 10
        parts.append(
            f'<text class="label" x="{tx}" y="{ty}" text-anchor="end" '
            f'transform="rotate(-45 {tx} {ty})">{escape(_shown(label))}</text>'
        )
    for n, name in enumerate(names):
        ly = top + TOP + 14 * n
        lx = left + plot_width + 12
        parts.append(
            f'<rect class="legend" x="{lx}" y="{ly}" width="10" height="10" '
            f'fill="{_colour(name, names)}"/>'
            f'<text x="{lx + 14}" y="{ly + 9}">{escape(name)}</text>'
        )
    parts.append("</g>")
    return parts


def _colour(name: str, names: list[str]) -> str:
    if name == UNKNOWN:
        return UNKNOWN_COLOUR
    known = [n for n in names if n != UNKNOWN]
    return PALETTE[known.index(name) % len(PALETTE)]
