"""The source report as JSON-ready data, CSV and a Rich table: pure, no I/O."""

from __future__ import annotations

import csv
import io
from typing import Any

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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(plain + [f"{a}:{v}" for a in ATTRIBUTES for v in values[a]])
    for row in report.rows:
        data = row_data(row)
        writer.writerow(
            [data[k] for k in plain]
            + [row.attributes[a].get(v, 0) for a in ATTRIBUTES for v in values[a]]
        )
    return out.getvalue()


def _attribute_cell(row: ReportRow, attribute: str) -> str:
    counts = row.attributes[attribute]
    known = sorted(((v, n) for v, n in counts.items() if v != UNKNOWN), key=lambda p: -p[1])
    shown = " ".join(f"{v} {n}" for v, n in known[:3])
    return f"{shown} ?{row.unknown_share(attribute):.0%}".strip()


def report_tables(report: SourceReport) -> list[Any]:
    """Rich tables: the rows, then the most quoted per topic."""
    from rich.table import Table

    table = Table(title=f"Sources by outlet and {report.by}")
    attributes = Table(title="Attributes of the sources (? = unknown share)")
    for target in (table, attributes):
        target.add_column("outlet")
        target.add_column("period", no_wrap=True)
    for name in ("quotes", "sources", "top 10", "new", "repeat", "persons", "orgs"):
        table.add_column(name, justify="right", no_wrap=True)
    for name in ("gender", "affiliation", "country"):
        attributes.add_column(name)
    for row in report.rows:
        table.add_row(
            row.outlet,
            row.period,
            str(row.quotes),
            str(row.sources),
            f"{row.top10_share:.0%}",
            str(row.new_sources),
            str(row.repeat_sources),
            str(row.persons),
            str(row.organisations),
        )
        attributes.add_row(row.outlet, row.period, *(_attribute_cell(row, a) for a in ATTRIBUTES))
    tables: list[Any] = [table, attributes]
    if report.topics:
        topics = Table(title="Most quoted per topic")
        topics.add_column("topic")
        topics.add_column("quotes", justify="right")
        topics.add_column("most quoted")
        for t in report.topics:
            leaders = ", ".join(f"{name} ({n})" for name, n in t.leaders)
            topics.add_row(t.topic, str(t.quotes), leaders)
        tables.append(topics)
    return tables
