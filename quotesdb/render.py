"""Rich renderables for the CLI; kept apart so commands that print JSON never import Rich."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from quotesdb.output import counted

if TYPE_CHECKING:  # types only: `search` must not import the ORM to draw its table
    from quotesdb.db.experts import ExpertProfile, ExpertSummary
    from quotesdb.extract.model import ExtractedQuote
    from quotesdb.search.types import Hit


def quotes_table(quotes: Sequence[ExtractedQuote], title: str) -> Table:
    table = Table(title=title, show_lines=True, caption=counted(len(quotes), "quote"))
    table.add_column("#", justify="right", style="dim")
    table.add_column("Speaker", style="bold")
    table.add_column("Quote")
    table.add_column("Kind", style="dim")
    for number, quote in enumerate(quotes, 1):
        speaker = escape(quote.speaker or "—")
        if quote.speaker_description:
            speaker += f"\n[dim]{escape(quote.speaker_description)}[/dim]"
        table.add_row(str(number), speaker, f"“{escape(quote.text)}”", quote.kind)
    return table


def experts_table(rows: Sequence[ExpertSummary]) -> Table:
    table = Table(caption=f"{len(rows)} experts")
    table.add_column("Expert", style="bold")
    table.add_column("Description")
    table.add_column("Quotes", justify="right")
    table.add_column("Outlets")
    table.add_column("Last quoted")
    for row in rows:
        table.add_row(
            row.name,
            row.description or "",
            str(row.quotes),
            ", ".join(row.outlets),
            row.last_quoted.isoformat() if row.last_quoted else "",
        )
    return table


def expert_panel(profile: ExpertProfile) -> Group:
    head = profile.expert
    lines = [f"[bold]{escape(head.name)}[/bold]"]
    if head.description:
        lines.append(escape(head.description))
    if head.aliases:
        lines.append("[dim]also: " + escape(", ".join(head.aliases)) + "[/dim]")
    lines.append(f"{head.quotes} quotes in {', '.join(head.outlets) or 'no outlet'}")
    table = Table(show_lines=True)
    table.add_column("id", justify="right", style="dim")
    table.add_column("Quote")
    table.add_column("Source")
    for q in profile.quotes:
        when = q.published.isoformat() if q.published else "n.d."
        source = f"{q.title or ''}\n[dim]{q.outlet or ''} · {when}[/dim]"
        table.add_row(str(q.id), f"“{escape(q.text)}”", source)
    return Group(Panel("\n".join(lines)), table)


def _highlight(text: str) -> str:
    """`**word**` marks from the index become bold yellow in the terminal."""
    parts = text.split("**")
    return "".join(
        f"[bold yellow]{escape(part)}[/]" if n % 2 else escape(part) for n, part in enumerate(parts)
    )


def hits_table(hits: Sequence[Hit], total: int, exact: bool = True) -> Table:
    about = "" if exact else "about "
    shown = (
        f"{len(hits)} of {about}{counted(total, 'quote')}"
        if total > len(hits)
        else counted(total, "quote")
    )
    table = Table(show_lines=True, caption=shown)
    table.add_column("id", justify="right", style="dim")
    table.add_column("Speaker", style="bold")
    table.add_column("Quote")
    table.add_column("Outlet")
    table.add_column("Date")
    for hit in hits:
        speaker = escape(hit.speaker)
        if hit.description:
            speaker += f"\n[dim]{escape(hit.description)}[/dim]"
        outlet = escape(hit.outlet or "")
        if hit.also:  # a grouped search: the other articles carrying these words
            outlet += f"\n[dim]also in {counted(len(hit.also), 'article')}[/dim]"
        table.add_row(
            str(hit.id),
            speaker,
            f"“{_highlight(hit.highlighted)}”",
            outlet,
            hit.published.isoformat() if hit.published else "n.d.",
        )
    return table


def facets_table(facets: dict[str, dict[str, int]]) -> Table:
    table = Table(title="Facets")
    table.add_column("Facet", style="bold")
    table.add_column("Counts")
    for name, counts in facets.items():
        table.add_row(name, escape(", ".join(f"{k} ({v})" for k, v in counts.items())))
    return table
