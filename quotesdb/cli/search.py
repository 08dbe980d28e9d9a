"""Finding quotes: search, topics, and keeping the index honest (reindex, check)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quotesdb.cli.app import (
    JsonOpt,
    app,
    console,
    open_engine,
    parse_date,
    print_json,
    settings_of,
)
from quotesdb.cli.options import Output, output_options
from quotesdb.errors import InputError, OptionConflictError
from quotesdb.output import counted, hit_record

if TYPE_CHECKING:
    from quotesdb.search.types import Copy, Hit


@app.command()
@output_options(markdown=True)
def search(
    ctx: typer.Context,
    words: Annotated[
        str | None,
        typer.Argument(
            metavar="QUERY",
            help='Words (in the quote or its paragraph), "phrases", AND/OR/NOT, '
            "field:value (speaker, outlet, topic, title, author, description, kind, notes), "
            "wildcards. Stemmed.",
        ),
    ] = None,
    expert: Annotated[str | None, typer.Option(help="Surname, full name or alias.")] = None,
    topic: Annotated[str | None, typer.Option(help="A topic, or its words in the quote.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name.")] = None,
    author: Annotated[str | None, typer.Option(help="Byline name.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    kind: Annotated[str | None, typer.Option(help="full or partial.")] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            min=0.0, max=1.0, help="Only attributions at least this sure (0-1; hand-entered: 1)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most hits shown.")] = 20,
    sort: Annotated[str, typer.Option(help="relevance or date (newest first).")] = "relevance",
    facets: Annotated[bool, typer.Option(help="Count by expert, outlet, year, topic.")] = False,
    group: Annotated[
        bool,
        typer.Option(
            help="Show the same words carried by several articles (wire copies) as one hit, "
            "the earliest, with the others as 'also in N articles' (the default); "
            "--no-group shows every copy."
        ),
    ] = True,
    cite: Annotated[bool, typer.Option(help="Print each hit's citation.")] = False,
    style: Annotated[
        str, typer.Option(help="Citation style, with --cite (any case).")
    ] = "markdown",
    to: Annotated[
        str, typer.Option("--to", help="With --cite: markdown, text or html.")
    ] = "markdown",
    output: Output = Output(),
) -> None:
    """Search quotes by words, expert, topic, outlet, author and date.

    \b
    Examples:
      quotesdb search --expert lukyanov
      quotesdb search sanction --since 2023-01-01 --sort date
      quotesdb search '"rules-based international order"' --json
      quotesdb search --topic labor --facets
      quotesdb search kind:full --format csv

    --markdown (or --format markdown) prints a Markdown list of quotes.

    The same words in several articles (wire copies, one line under several URLs) show
    as one hit, the earliest article's, with the others listed as "also in N articles"
    (`also` in --json); the total counts such groups. --no-group lists every copy.
    """
    from quotesdb.search import service
    from quotesdb.search.types import Filters, SearchRequest

    if kind not in (None, "full", "partial"):
        raise InputError(f"--kind must be full or partial, not {kind!r}")
    if sort not in ("relevance", "date"):
        raise InputError(f"--sort must be relevance or date, not {sort!r}")
    if cite:  # a wrong style is refused before the search runs
        from quotesdb.cite import normalize_style
        from quotesdb.cite.targets import target

        style, to = normalize_style(style), target(to).name

    if cite and not output.table:
        raise OptionConflictError(f"--cite prints citations: it cannot go with {output.format}")
    filters = Filters(
        expert,
        topic,
        outlet,
        author,
        parse_date(since, "--since"),
        parse_date(until, "--until"),
        kind,
        min_confidence,
    )
    request = SearchRequest(words, filters, limit=limit, sort=sort, facets=facets, group=group)
    results, notes = service.search(settings_of(ctx), request)
    for note in notes:
        typer.echo(f"quotesdb: {note}", err=True)
    if not results.hits:
        typer.echo("no quotes found", err=True)
    if cite:
        from quotesdb.cite import format_citations

        if results.hits:
            from quotesdb.cli.cite import cited_quotes

            typer.echo(format_citations(cited_quotes(ctx, [h.id for h in results.hits]), style, to))
    elif output.format == "markdown":
        typer.echo("\n".join(_markdown_line(h) for h in results.hits))
        if facets:
            typer.echo(_facets_markdown(results.facets))
    elif not output.table:
        hits = [hit_record(h) for h in results.hits]
        output.emit(
            "hit",
            hits,
            json_value={"results": hits, "facets": results.facets} if facets else hits,
        )
    elif results.hits:
        from quotesdb.render import facets_table, hits_table

        out = console()
        out.print(hits_table(results.hits, results.total, results.exact))
        if facets:
            out.print(facets_table(results.facets))


def _markdown_line(hit: Hit) -> str:
    from quotesdb.cite import escape_markdown as esc

    words = "**".join(esc(part) for part in hit.highlighted.split("**"))
    source = ", ".join(
        part
        for part in (
            f"*{esc(hit.outlet)}*" if hit.outlet else None,
            hit.published.isoformat() if hit.published else None,
        )
        if part
    )
    title = esc(hit.title) if hit.title else None
    title = f"[{title}]({hit.url})" if title and hit.url else title
    where = " — ".join(p for p in (title, source) if p)
    line = f"- “{words}” — **{esc(hit.speaker)}** ({where}) `#{hit.id}`"
    if hit.also:
        line += f" — also in {counted(len(hit.also), 'article')}: " + "; ".join(
            _markdown_copy(c) for c in hit.also
        )
    return line


def _markdown_copy(copy: Copy) -> str:
    from quotesdb.cite import escape_markdown as esc
    from quotesdb.links import http_url

    name, url = esc(copy.outlet or copy.title or "an article"), http_url(copy.url)
    linked = f"[{name}]({url})" if url else name
    day = f" {copy.published.isoformat()}" if copy.published else ""
    return f"{linked}{day} `#{copy.id}`"


def _facets_markdown(facets: dict[str, dict[str, int]]) -> str:
    lines = []
    for name, counts in facets.items():
        shown = ", ".join(f"{value} ({count})" for value, count in counts.items())
        lines.append(f"\n**{name}**: {shown}")
    return "".join(lines)


@app.command()
@output_options()
def topics(ctx: typer.Context, output: Output = Output()) -> None:
    """Topics with how many quotes have each.

    \b
    Example:
      quotesdb topics
    """
    from quotesdb.db.session import read_transaction
    from quotesdb.db.topics import topic_counts

    with read_transaction(open_engine(ctx)) as session:
        counts = topic_counts(session)
    if not output.table:
        output.emit("topic", [{"topic": name, "quotes": n} for name, n in counts])
        return
    for name, n in counts:
        typer.echo(f"{n:>6}  {name}")


@app.command()
def reindex(
    ctx: typer.Context,
    topics_file: Annotated[
        Path | None, typer.Option("--topics", help="Topic vocabulary (TOML) to apply.")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            help="Switch the archive's search backend (whoosh or tantivy): its index is "
            "built, then searches use it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Re-derive automatic topics, then rebuild the search index from the database.

    Readers keep the old index until the new one is complete.

    \b
    Example:
      quotesdb reindex --topics my-topics.toml
      quotesdb reindex --search tantivy
    """
    from quotesdb.db.session import with_retries
    from quotesdb.db.topics import rederive_topics
    from quotesdb.search import service
    from quotesdb.topics import default_matcher

    if search is not None:
        service.require(search)  # refused before any work
    settings = settings_of(ctx)
    matcher = default_matcher(settings, topics_file)
    changed = 0
    if matcher is not None:
        changed = with_retries(open_engine(ctx), lambda s: rederive_topics(s, matcher))
    count = service.rebuild(settings, search)
    engine = f" ({search})" if search else ""
    typer.echo(
        f"topics re-derived for {changed} quotes; index rebuilt{engine}: {count} quotes", err=True
    )


@app.command()
def check(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Compare the search index with the database and repair any drift.

    Exit code 0 when they agree (after repair), 1 when the drift cannot be repaired.

    \b
    Example:
      quotesdb check
    """
    from quotesdb.errors import IndexRepairError
    from quotesdb.search import service

    checked = service.check(settings_of(ctx))
    found, left = checked.found, checked.left
    if as_json:
        print_json(
            {
                "applied_changes": checked.applied,
                "rebuilt": checked.rebuilt,
                "repaired": found.as_dict(),
                "remaining": left.as_dict(),
            }
        )
    else:
        for note in checked.notes:
            typer.echo(note, err=True)
        if found.total:
            typer.echo(
                f"repaired {len(found.missing)} missing, {len(found.extra)} extra and "
                f"{len(found.stale)} stale quotes in the index",
                err=True,
            )
        else:
            typer.echo("index and database agree", err=True)
    if left.total:
        raise IndexRepairError(f"{left.total} quotes still differ after repair")
