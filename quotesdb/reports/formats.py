"""The source report as JSON-ready data, CSV and plain-text tables: pure, no I/O."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from quotesdb.output import csv_text
from quotesdb.reports.sources import ATTRIBUTES, UNKNOWN, ReportRow, SourceReport


def row_data(row: ReportRow) -> dict[str, Any]:
    return {
        "outlet": row.outlet,
        "period": row.period,
        "quotes": row.quotes,
        "sources": row.sources,
        "top10_quotes": row.top10_quotes,
        "top10_share": round(row.top10_share, 4),
        "new_sources": row.new_sources,
        "repeat_sources": row.repeat_sources,
        "persons": row.persons,
        "organisations": row.organisations,
        "attributes": row.attributes,
        "unknown_share": {a: round(row.unknown_share(a), 4) for a in ATTRIBUTES},
    }


def report_data(report: SourceReport) -> dict[str, Any]:
    return {
        "by": report.by,
        "since": report.since.isoformat() if report.since else None,
        "until": report.until.isoformat() if report.until else None,
        "outlets": report.outlets,
        "undated_quotes": report.undated_quotes,
        "rows": [row_data(row) for row in report.rows],
        "topics": [
            {
                "topic": t.topic,
                "quotes": t.quotes,
                "leaders": [{"expert": name, "quotes": n} for name, n in t.leaders],
            }
            for t in report.topics
        ],
    }


def report_csv(report: SourceReport) -> str:
    """One line per outlet and period; one column per attribute value seen, unknown last."""
    values = {
        a: [*sorted({v for r in report.rows for v in r.attributes[a]} - {UNKNOWN}), UNKNOWN]
        for a in ATTRIBUTES
    }
    plain = (
        [k for k in row_data(report.rows[0]) if k not in ("attributes", "unknown_share")]
        if (report.rows)
        else ["outlet", "period"]
    )
    headers = plain + [f"{a}:{v}" for a in ATTRIBUTES for v in values[a]]

    def cells(row: ReportRow) -> list[Any]:
        data = row_data(row)
        return [data[k] for k in plain] + [
            row.attributes[a].get(v, 0) for a in ATTRIBUTES for v in values[a]
        ]

    return csv_text(headers, (cells(row) for row in report.rows))


def _attribute_cell(row: ReportRow, attribute: str) -> str:
    counts = row.attributes[attribute]
    known = sorted(((v, n) for v, n in counts.items() if v != UNKNOWN), key=lambda p: -p[1])
    shown = " ".join(f"{v} {n}" for v, n in known[:3])
    return f"{shown} ?{row.unknown_share(attribute):.0%}".strip()


FIGURES = ["outlet", "period", "quotes", "sources", "top 10", "new", "repeat", "persons", "orgs"]


def report_text(report: SourceReport) -> str:
    """Aligned plain-text tables: the rows, their sources' attributes, the most quoted
    per topic. Not Rich's tables: those lay out ~1 ms a row, 10 s for 3,000 rows."""
    figures = [
        [
            row.outlet,
            row.period,
            *map(str, (row.quotes, row.sources)),
            f"{row.top10_share:.0%}",
            *map(str, (row.new_sources, row.repeat_sources, row.persons, row.organisations)),
        ]
        for row in report.rows
    ]
    parts = [
        text_table(f"Sources by outlet and {report.by}", FIGURES, figures, numbers=range(2, 9)),
        text_table(
            "Attributes of the sources (? = unknown share)",
            ["outlet", "period", "gender", "affiliation", "country"],
            [
                [r.outlet, r.period, *(_attribute_cell(r, a) for a in ATTRIBUTES)]
                for r in report.rows
            ],
        ),
    ]
    if report.topics:
        leaders = [
            [t.topic, str(t.quotes), ", ".join(f"{name} ({n})" for name, n in t.leaders)]
            for t in report.topics
        ]
        parts.append(
            text_table(
                "Most quoted per topic", ["topic", "quotes", "most quoted"], leaders, numbers=[1]
            )
        )
    return "\n".join(parts)


def text_table(
    title: str, headers: list[str], rows: list[list[str]], numbers: Iterable[int] = ()
) -> str:
    """A title, a header, a rule and the rows, in columns two spaces apart; the columns
    `numbers` flush right."""
    widths = [max([_width(h), *(_width(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    right = set(numbers)

    def line(cells: list[str]) -> str:
        padded = [
            (" " * (width - _width(cell)) + cell)
            if i in right
            else cell + " " * (width - _width(cell))
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("─" * width for width in widths)
    return "\n".join([title, line(headers), rule, *(line(r) for r in rows)]) + "\n"


def _width(cell: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    if cell.isascii():
        return len(cell)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)
