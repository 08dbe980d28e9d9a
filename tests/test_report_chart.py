"""A chart of a big report draws what a reader can read, and says what it left out."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from conftest import Cli
from quotesdb.reports.sources import ALL_OUTLETS, ReportRow, SourceReport
from quotesdb.reports.svg import MAX_BARS, chart_rows, report_svg

SVG = "{http://www.w3.org/2000/svg}"


def _row(outlet: str, period: str, quotes: int) -> ReportRow:
    attributes = {a: {"unknown": 1} for a in ("gender", "affiliation_kind", "country")}
    return ReportRow(outlet, period, quotes, 1, quotes, 1, 0, 1, 0, attributes)


def _report(rows: list[ReportRow], by: str = "month") -> SourceReport:
    return SourceReport(by, None, None, [], rows, [], 0)  # type: ignore[arg-type]


def _months(n: int) -> list[str]:
    return [f"{2000 + m // 12}-{m % 12 + 1:02d}" for m in range(n)]


def test_a_small_report_is_charted_whole() -> None:
    rows = [_row(f"Outlet {n}", "2024", n + 1) for n in range(MAX_BARS)]
    charted = chart_rows(_report(rows, "year"))
    assert charted.rows == rows and charted.note is None
    assert 'class="chart-note"' not in report_svg(_report(rows, "year"))


def test_many_outlets_keep_all_outlets_together_and_the_most_quoted() -> None:
    """One year, 200 outlets: the 119 most quoted beside all outlets together."""
    rows = [_row(ALL_OUTLETS, "2024", 10_000)]
    rows += [_row(f"Outlet {n:03d}", "2024", 1000 - n) for n in range(200)]
    rows.reverse()  # the order of the rows is kept, not their rank
    charted = chart_rows(_report(rows, "year"))
    assert len(charted.rows) == MAX_BARS
    assert {r.outlet for r in charted.rows} == {ALL_OUTLETS} | {
        f"Outlet {n:03d}" for n in range(MAX_BARS - 1)
    }
    assert [r.outlet for r in charted.rows] == [r.outlet for r in rows if r in charted.rows]
    assert charted.note == (
        "The chart shows all outlets together and the 119 most quoted outlets of 200: "
        "120 of 201 rows, all of them in the table and downloads. "
        "Pick outlets, dates or a longer period to chart others."
    )


def test_many_periods_keep_them_all_for_the_most_quoted_outlet() -> None:
    """Two outlets over 100 months: time comes first, so the bigger outlet in every month."""
    months = _months(100)
    rows = [_row(o, m, q) for m in months for o, q in (("Small", 1), ("Big", 5))]
    charted = chart_rows(_report(rows))
    assert [(r.outlet, r.period) for r in charted.rows] == [("Big", m) for m in months]
    assert charted.note is not None
    assert charted.note.startswith("The chart shows the most quoted outlet of 2: 100 of 200 rows")


def test_more_periods_than_bars_keep_one_outlet() -> None:
    months = _months(300)
    rows = [_row(o, m, q) for m in months for o, q in ((ALL_OUTLETS, 9), ("Big", 5), ("Sm", 1))]
    charted = chart_rows(_report(rows))
    assert {r.outlet for r in charted.rows} == {ALL_OUTLETS}
    assert [r.period for r in charted.rows] == months[-MAX_BARS:]
    assert charted.note is not None
    assert charted.note.startswith(
        "The chart shows all outlets together and the latest 120 of 300 periods: 120 of 900 rows"
    )


def test_the_svg_draws_the_kept_rows_under_its_note() -> None:
    rows = [_row(f"Outlet {n:03d}", "2024", 1000 - n) for n in range(300)]
    svg = report_svg(_report(rows, "year"))
    root = ET.fromstring(svg)
    bars = [b for b in root.iter(f"{SVG}rect") if b.get("class") == "bar"]
    sources = {b.get("data-label") for b in bars if b.get("data-series") in (None, "sources")}
    labels = {b.get("data-label") for b in bars}
    assert len(labels) == MAX_BARS and "Outlet 000 · 2024" in labels
    assert "Outlet 120 · 2024" not in labels and sources <= labels
    note = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-note"]
    assert note == [chart_rows(_report(rows, "year")).note]
    assert len(svg) < 400_000  # 300 rows once made a chart 2.5 times as wide as this one's


def test_the_png_draws_the_kept_rows_and_says_so() -> None:
    from quotesdb.reports.png import report_figure

    rows = [_row(f"Outlet {n:03d}", "2024", 1000 - n) for n in range(300)]
    figure = report_figure(_report(rows, "year"))
    panels = {axes.get_gid(): axes for axes in figure.axes}
    assert len(panels["sources"].patches) == MAX_BARS
    labels = [t.get_text() for t in panels["gender"].get_xticklabels()]
    assert labels[0] == "Outlet 000 · 2024" and "Outlet 120 · 2024" not in labels
    assert figure.get_suptitle() == chart_rows(_report(rows, "year")).note
    assert figure.get_size_inches()[0] < 70  # 300 bars made a figure 1,800 inches wide


def _many_outlets(path: Path, outlets: int) -> None:
    lines: list[dict[str, Any]] = [{"format": "quotesdb/1"}]
    for n in range(outlets):
        key = f"url:https://x.example/{n}"
        lines.append({"type": "article", "key": key, "title": f"a{n}", "url": key[4:]})
        lines[-1] |= {"outlet": f"Outlet {n:03d}", "published": "2024-03-01"}
        lines.append({"type": "quote", "article": key, "speaker": f"Ann Number{n}"})
        lines[-1] |= {"text": f"Thing {n} is said."}
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def test_the_cli_says_on_stderr_what_the_chart_left_out(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "many.jsonl"
    _many_outlets(data, 130)
    assert cli("import", str(data)).exit_code == 0
    chart = tmp_path / "many.svg"
    done = cli("report", "--by", "year", "--total", "--format", "json", "--plot", str(chart))
    assert done.exit_code == 0, done.output
    assert len(json.loads(done.stdout)["rows"]) == 131  # the figures keep every row
    assert done.stderr.startswith("quotesdb: The chart shows all outlets together and the 119")
    labels = {b.get("data-label") for b in ET.parse(chart).getroot().iter(f"{SVG}rect")}
    assert len(labels - {None}) == MAX_BARS
    small = cli("report", "--by", "year", "--outlet", "Outlet 001", "--plot", str(chart))
    assert small.exit_code == 0 and "The chart shows" not in small.stderr
    assert small.stderr.startswith("chart written to")
