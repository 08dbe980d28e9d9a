"""`quotesdb report` on a synthetic archive whose every figure is known, on both stores."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli

SVG = "{http://www.w3.org/2000/svg}"

# (expert, is_person, gender, affiliation kind, country)
EXPERTS = [
    ("Ann Alpha", True, "female", "academia", "DE"),
    ("Bob Beta", True, "male", "government", "US"),
    ("Acme Institute", False, None, "think tank", None),
    ("Cy Gamma", True, None, None, None),
    *((f"Source Number{n}", True, None, None, None) for n in range(1, 11)),
]
# (article key, outlet, date, [(expert, quotes, topic)])
ARTICLES: list[tuple[str, str, str | None, list[tuple[str, int, str | None]]]] = [
    ("a1", "Alpha Times", "2023-03-01", [("Ann Alpha", 2, "energy"), ("Acme Institute", 1, None)]),
    ("b1", "Beta Post", "2023-11-05", [("Bob Beta", 1, None)]),
    (
        "a2",
        "Alpha Times",
        "2024-02-10",
        [("Ann Alpha", 5, "energy"), ("Bob Beta", 3, "energy"), ("Source Number1", 1, "health")]
        + [(f"Source Number{n}", 1, None) for n in range(2, 11)],
    ),
    ("b2", "Beta Post", "2024-07-01", [("Cy Gamma", 2, "health"), ("Acme Institute", 1, None)]),
    ("b3", "Beta Post", None, [("Ann Alpha", 1, "energy")]),
]


def write_archive(path: Path) -> None:
    lines: list[dict[str, Any]] = [{"format": "quotesdb/1"}]
    for name, person, gender, kind, country in EXPERTS:
        lines.append(
            {"type": "expert", "name": name, "is_person": person, "gender": gender}
            | {"affiliation_kind": kind, "country": country}
        )
    for key, outlet, date, quotes in ARTICLES:
        lines.append(
            {"type": "article", "key": f"url:https://x.example/{key}", "title": key}
            | {"outlet": outlet, "published": date, "url": f"https://x.example/{key}"}
        )
        for expert, count, topic in quotes:
            for n in range(count):
                lines.append(
                    {"type": "quote", "article": f"url:https://x.example/{key}", "speaker": expert}
                    | {"text": f"{expert} says thing {n} in {key}."}
                    | {"topics": [{"name": topic, "source": "hand"}] if topic else []}
                )
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


@pytest.fixture
def archive(cli: Cli, tmp_path: Path) -> Cli:
    data = tmp_path / "archive.jsonl"
    write_archive(data)
    done = cli("import", str(data))
    assert done.exit_code == 0, done.output
    return cli


def _report(cli: Cli, *args: str) -> dict[str, Any]:
    done = cli("report", "--format", "json", *args)
    assert done.exit_code == 0, done.output
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _rows(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["outlet"], r["period"]): r for r in report["rows"]}


FIGURES = ("quotes", "sources", "top10_quotes", "new_sources", "repeat_sources", "persons")
FIGURES += ("organisations",)


def test_yearly_figures(archive: Cli) -> None:
    report = _report(archive, "--total")
    assert report["undated_quotes"] == 1
    rows = _rows(report)
    assert list(rows) == [
        ("all outlets", "2023"),
        ("Alpha Times", "2023"),
        ("Beta Post", "2023"),
        ("all outlets", "2024"),
        ("Alpha Times", "2024"),
        ("Beta Post", "2024"),
    ]
    figures = {key: tuple(r[k] for k in FIGURES) for key, r in rows.items()}
    assert figures == {
        ("all outlets", "2023"): (4, 3, 4, 3, 0, 2, 1),
        ("Alpha Times", "2023"): (3, 2, 3, 2, 0, 1, 1),
        ("Beta Post", "2023"): (1, 1, 1, 1, 0, 1, 0),
        ("all outlets", "2024"): (21, 14, 17, 11, 3, 13, 1),
        ("Alpha Times", "2024"): (18, 12, 16, 10, 2, 12, 0),
        ("Beta Post", "2024"): (3, 2, 3, 1, 1, 1, 1),
    }
    assert rows[("all outlets", "2024")]["top10_share"] == round(17 / 21, 4)
    year = rows[("all outlets", "2024")]
    assert year["attributes"]["gender"] == {"female": 1, "male": 1, "unknown": 12}
    assert year["attributes"]["affiliation_kind"] == {
        "academia": 1,
        "government": 1,
        "think tank": 1,
        "unknown": 11,
    }
    assert year["attributes"]["country"] == {"DE": 1, "US": 1, "unknown": 12}
    assert year["unknown_share"]["gender"] == round(12 / 14, 4)
    topics = {t["topic"]: t for t in report["topics"]}
    assert list(topics) == ["energy", "health"]
    assert topics["energy"]["quotes"] == 10  # the undated quote is out
    assert topics["energy"]["leaders"] == [
        {"expert": "Ann Alpha", "quotes": 7},
        {"expert": "Bob Beta", "quotes": 3},
    ]
    assert [leader["expert"] for leader in topics["health"]["leaders"]] == [
        "Cy Gamma",
        "Source Number1",
    ]


def test_one_outlet_by_quarter_counts_new_across_the_whole_archive(archive: Cli) -> None:
    rows = _rows(_report(archive, "--outlet", "alpha times", "--by", "quarter"))
    assert list(rows) == [("Alpha Times", "2023-Q1"), ("Alpha Times", "2024-Q1")]
    # Bob Beta was first quoted by Beta Post in 2023: a repeat source at Alpha Times.
    assert rows[("Alpha Times", "2024-Q1")]["repeat_sources"] == 2
    since = _rows(_report(archive, "--since", "2024-01-01", "--until", "2024-03-31"))
    assert list(since) == [("Alpha Times", "2024")]
    assert since[("Alpha Times", "2024")]["new_sources"] == 10
    monthly = _rows(_report(archive, "--by", "month", "--outlet", "Beta Post"))
    assert list(monthly) == [("Beta Post", "2023-11"), ("Beta Post", "2024-07")]


def test_csv_table_and_errors(archive: Cli) -> None:
    done = archive("report", "--format", "csv", "--total")
    lines = done.stdout.splitlines()
    header = lines[0].split(",")
    assert header[:4] == ["outlet", "period", "quotes", "sources"]
    assert "gender:female" in header and header.index("gender:unknown") > header.index(
        "gender:male"
    )
    last = dict(zip(header, lines[-1].split(","), strict=True))
    assert (last["outlet"], last["sources"], last["country:unknown"]) == ("Beta Post", "2", "2")
    table = archive("report", "--by", "quarter")
    assert table.exit_code == 0 and "2024-Q3" in table.stdout
    assert "Most quoted per topic" in table.stdout
    for args, message in (
        (["--by", "week"], "--by"),
        (["--format", "xml"], "--format"),
        (["--outlet", "Nowhere"], "no outlet"),
        (["--plot", "x.gif"], ".png"),
    ):
        bad = archive("report", *args)
        assert bad.exit_code == 1 and message in bad.output


def test_svg_chart_shows_the_figures(archive: Cli, tmp_path: Path) -> None:
    chart = tmp_path / "sources.svg"
    assert archive("report", "--plot", str(chart), "--format", "json", "--total").exit_code == 0
    root = ET.parse(chart).getroot()
    panels = {g.get("data-panel"): g for g in root.iter(f"{SVG}g")}
    assert list(panels) == ["sources", "new", "kind", "gender"]

    def bars(panel: str) -> list[ET.Element]:
        return list(panels[panel].iter(f"{SVG}rect"))

    sources = [b for b in bars("sources") if b.get("class") == "bar"]
    assert [b.get("data-label") for b in sources] == [
        "all outlets · 2023",
        "Alpha Times · 2023",
        "Beta Post · 2023",
        "all outlets · 2024",
        "Alpha Times · 2024",
        "Beta Post · 2024",
    ]
    assert [int(b.get("data-value", "")) for b in sources] == [3, 2, 1, 14, 12, 2]
    heights = [float(b.get("height", "")) for b in sources]
    assert heights[3] == pytest.approx(160)  # the biggest fills the plot
    assert heights[0] == pytest.approx(160 * 3 / 14, abs=0.01)
    labels = [t.text for t in panels["sources"].iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == [b.get("data-label") for b in sources]
    # Stacks: zero segments are not drawn; new 11 + repeat 3 for all outlets in 2024.
    new = [(b.get("data-label"), b.get("data-series"), b.get("data-value")) for b in bars("new")]
    assert ("all outlets · 2024", "new", "11") in new
    assert ("all outlets · 2024", "repeat", "3") in new
    assert not any(label == "all outlets · 2023" and s == "repeat" for label, s, _v in new)
    # Shares: each stack fills the plot; unknown is a segment of its own.
    gender = [b for b in bars("gender") if b.get("class") == "bar"]
    year = [b for b in gender if b.get("data-label") == "all outlets · 2024"]
    assert [(b.get("data-series"), b.get("data-value")) for b in year] == [
        ("female", "1"),
        ("male", "1"),
        ("unknown", "12"),
    ]
    assert sum(float(b.get("height", "")) for b in year) == pytest.approx(160)
    assert float(year[2].get("height", "")) == pytest.approx(160 * 12 / 14, abs=0.01)


def test_empty_archive_reports_nothing(cli: Cli, tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    assert _report(cli)["rows"] == []
    chart = tmp_path / "empty.svg"
    assert cli("report", "--plot", str(chart)).exit_code == 0
    assert ET.parse(chart).getroot().tag == f"{SVG}svg"


def test_png_chart_draws_the_same_figures(archive: Cli, tmp_path: Path) -> None:
    """The PNG's bars are the report's numbers: read back from the figure, then the file."""
    import matplotlib.image

    from quotesdb.config import resolve
    from quotesdb.db.session import make_engine, transaction
    from quotesdb.reports.png import report_figure
    from quotesdb.reports.sources import source_report

    with transaction(make_engine(resolve(archive.home, archive.url))) as session:
        report = source_report(session, by="year", total=True)
    figure = report_figure(report)
    panels = {axes.get_gid(): axes for axes in figure.axes}
    assert list(panels) == ["sources", "new", "kind", "gender"]
    heights = [bar.get_height() for bar in panels["sources"].patches]
    assert heights == [3, 2, 1, 14, 12, 2]
    labels = [t.get_text() for t in panels["gender"].get_xticklabels()]
    assert labels[3] == "all outlets · 2024"
    # Gender as shares: the row's stack sums to 1, the unknown share drawn (12 of 14).
    per_series = [c for c in panels["gender"].containers]
    names = [c.get_label() for c in per_series]
    unknown = per_series[names.index("unknown")].patches[3].get_height()
    assert unknown == pytest.approx(12 / 14)
    assert sum(c.patches[3].get_height() for c in per_series) == pytest.approx(1)

    chart = tmp_path / "sources.png"
    assert archive("report", "--plot", str(chart), "--total").exit_code == 0
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = matplotlib.image.imread(chart)
    assert pixels.shape[0] > 400 and pixels.shape[1] >= 600
    assert archive("report", "--plot", str(tmp_path / "x.gif")).exit_code != 0


def test_text_tables_line_up(archive: Cli) -> None:
    """Plain columns under a rule, figures flush right; wide characters count twice."""
    from quotesdb.reports.formats import _width, text_table

    done = archive("report", "--by", "quarter", "--total")
    assert done.exit_code == 0, done.output
    title, head, rule, *rows = done.stdout.split("\n\n")[0].splitlines()
    assert title == "Sources by outlet and quarter"
    spans = [m.span() for m in re.finditer("─+", rule)]
    assert [head[a:b].strip() for a, b in spans][2:5] == ["quotes", "sources", "top 10"]
    q3 = next(r for r in rows if r.startswith("Beta Post") and "2024-Q3" in r)
    cells = [q3[a:b] for a, b in spans]
    expected = ["Beta Post", "2024-Q3", "3", "2", "100%", "1", "1", "1", "1"]
    assert [c.strip() for c in cells] == expected
    assert all(c.endswith(c.strip()) for c in cells[2:])  # flush right
    wide = text_table("t", ["name", "n"], [["東京新聞", "5"], ["Le Monde", "12"]], numbers=[1])
    assert [_width(line) for line in wide.splitlines()[1:]] == [12, 12, 12, 12]  # 8 + 2 + 2
