"""Commands that build and describe the database: init, ingest, experts, stats."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quotesdb.cli.app import (
    JsonOpt,
    app,
    console,
    open_engine,
    parse_date,
    parse_partial_date,
    print_json,
    refresh_index,
    settings_of,
)
from quotesdb.cli.options import Output, output_options
from quotesdb.errors import InputError
from quotesdb.output import expert_record

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from quotesdb.articles import ArticleSource
    from quotesdb.db.ingest import ArticleOutcome, Status


@app.command()
def init(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            help="Search backend the archive uses: whoosh (the default) or tantivy "
            "(for large archives; pip install 'quotesdb[tantivy]').",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create the database, or upgrade it to this version's schema.

    Other commands refuse a database at an older schema and tell you to run this;
    `ingest` creates an empty database by itself. The search backend is recorded in the
    archive; `reindex --search` switches it later.

    Example:

    \b
    quotesdb init
    quotesdb init --search tantivy
    """
    from quotesdb.db.migrate import upgrade
    from quotesdb.db.session import make_engine, schema_revision
    from quotesdb.search import service

    if search is not None:
        service.require(search)  # refused before anything is created
    settings = settings_of(ctx)
    engine = make_engine(settings)
    before = schema_revision(engine)
    upgrade(engine)
    after = schema_revision(engine)
    engine.dispose()
    state = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    typer.echo(f"database {settings.safe_url}: {state} schema {after}", err=True)
    if search is not None and search != service.chosen(settings):
        if before is None:
            service.choose(settings, search)  # an empty archive: nothing to index yet
        else:
            service.rebuild(settings, search)
        typer.echo(f"search backend: {search}", err=True)


@app.command()
def ingest(
    ctx: typer.Context,
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[INPUT]...",
            help="Article files (.txt, .md, .html), folders, http(s):// URLs, or - for stdin.",
            show_default=False,
        ),
    ] = None,
    urls: Annotated[
        Path | None, typer.Option("--urls", help="A file of URLs to fetch, one a line.")
    ] = None,
    feeds: Annotated[
        list[str] | None,
        typer.Option("--feed", help="An RSS/Atom feed (URL or file): its new links are fetched."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title, over what the file says.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet, over what the file says.")] = None,
    author: Annotated[
        list[str] | None, typer.Option(help="Author (repeatable), over what the file says.")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Publication date: 2024-05-06, 2024-05 or 2024.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Read articles, extract their quotes and store everything.

    Files with YAML front matter, HTML pages (main text and metadata found by
    trafilatura; comments, menus and related links left out), URLs (fetched with
    timeouts, a size cap and retries), URL lists and feeds. Safe to repeat: an unchanged
    article is skipped, an edited one updated, and hand corrections are never undone.
    Each article is stored whole or not at all; one that fails costs only itself.

    \b
    Examples:
      quotesdb ingest seeds/
      quotesdb ingest page.html https://example.com/news/story
      quotesdb ingest --urls reading-list.txt
      quotesdb ingest --feed https://example.com/rss.xml
      pbpaste | quotesdb ingest - --title "Interview" --outlet "The Ledger" --date 2024-05
    """
    from quotesdb.db.ingest import ingest_items
    from quotesdb.pages.fetch import is_url
    from quotesdb.pages.inputs import gather, url_list, with_overrides
    from quotesdb.topics import default_matcher

    for given in inputs or []:  # a typo stops the run before anything is stored
        if given != "-" and not is_url(given) and not Path(given).exists():
            raise InputError(f"{given}: no such file or directory")
    web = url_list(urls) if urls else []
    engine = open_engine(ctx, create=True)
    for feed in feeds or []:
        web += _new_links(engine, feed)
    if not inputs and not web and not feeds and urls is None:
        raise InputError("nothing to ingest: give files, folders, URLs, -, --urls or --feed")
    published, precision = parse_partial_date(date) if date else (None, None)

    def adjust(source: ArticleSource) -> ArticleSource:
        return with_overrides(
            source,
            title=title,
            outlet=outlet,
            authors=tuple(author or ()),
            published=published,
            published_precision=precision if published else None,
        )

    topics = default_matcher(settings_of(ctx))
    items = gather(inputs or [], urls=web)
    total = len(web) + len(inputs or [])
    show_progress = not quiet and not as_json and sys.stderr.isatty() and total > 1
    if show_progress:
        from rich.progress import Progress

        with Progress(console=console(stderr=True), transient=True) as progress:
            task = progress.add_task("ingesting", total=None)

            def advance(_outcome: ArticleOutcome) -> None:
                progress.advance(task)

            summary = ingest_items(engine, items, topics=topics, on_article=advance, adjust=adjust)
    else:
        summary = ingest_items(engine, items, topics=topics, adjust=adjust)
    if not summary.stopped:
        refresh_index(ctx)
    statuses: tuple[Status, ...] = ("new", "updated", "unchanged", "failed", "unsupported")
    counts = {s: summary.count(s) for s in statuses}
    if as_json:
        print_json(
            {
                **counts,
                "quotes_added": summary.quotes_added,
                "experts_added": summary.experts_added,
                "articles": [asdict(o) for o in summary.outcomes],
            }
        )
    elif summary.stopped:
        stored = summary.count("new") + summary.count("updated")
        typer.echo(f"quotesdb: error: {summary.stopped}", err=True)
        typer.echo(
            f"stored before it: {stored} articles, {summary.quotes_added} quotes; "
            "the rest were not read (run ingest again)",
            err=True,
        )
    else:
        for outcome in summary.outcomes:
            if outcome.status in ("failed", "unsupported"):
                typer.echo(f"{outcome.status}: {outcome.error}", err=True)
            for warning in outcome.warnings:
                typer.echo(f"warning: {warning}", err=True)
        articles = ", ".join(f"{n} {status}" for status, n in counts.items())
        added = f"quotes added: {summary.quotes_added}; experts added: {summary.experts_added}"
        typer.echo(f"articles: {articles}; {added}", err=True)
    if summary.failed:
        raise typer.Exit(1)


def _new_links(engine: Engine, feed: str) -> list[str]:
    """A feed's links that no stored article has yet: re-reading a feed fetches only news."""
    from sqlalchemy import select

    from quotesdb.db.models import Article
    from quotesdb.db.session import read_transaction
    from quotesdb.pages.inputs import read_feed

    found = read_feed(feed)
    for warning in found.warnings:
        typer.echo(f"warning: {warning}", err=True)
    links = found.links
    with read_transaction(engine) as session:
        known = set(
            session.scalars(
                select(Article.url).where(
                    Article.url.in_(links) | Article.identity.in_([f"url:{u}" for u in links])
                )
            )
        )
    return [link for link in links if link not in known]


@app.command()
@output_options()
def experts(
    ctx: typer.Context,
    sort: Annotated[str, typer.Option(help="Order by `name` or `count`.")] = "name",
    topic: Annotated[str | None, typer.Option(help="Count only quotes on this topic.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Count only quotes in this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Count only quotes since YYYY-MM-DD.")] = None,
    min_quotes: Annotated[int, typer.Option(min=1, help="List only who has this many.")] = 1,
    output: Output = Output(),
) -> None:
    """List everyone quoted: description, number of quotes, outlets, last quoted.

    Experts with no quotes (left by a merge, a deletion or a correction) are not listed.

    \b
    Examples:
      quotesdb experts --sort count
      quotesdb experts --topic sanctions --since 2023-01-01 --min-quotes 2
    """
    from quotesdb.db.experts import ExpertFilters, list_experts
    from quotesdb.db.session import read_transaction

    if sort not in ("name", "count"):
        raise InputError(f"--sort must be `name` or `count`, not {sort!r}")
    filters = ExpertFilters(topic, outlet, parse_date(since, "--since"), min_quotes)
    with read_transaction(open_engine(ctx)) as session:
        rows = list_experts(session, sort, filters)
    if not output.table:
        output.emit("expert", [expert_record(r) for r in rows])
        return
    from quotesdb.render import experts_table

    console().print(experts_table(rows))


@app.command()
@output_options()
def stats(ctx: typer.Context, output: Output = Output()) -> None:
    """Count outlets, authors, articles, experts, quotes and topics.

    Example:

    \b
    quotesdb stats --json
    """
    from quotesdb.db.experts import stats as count_all
    from quotesdb.db.session import read_transaction

    with read_transaction(open_engine(ctx)) as session:
        counts = count_all(session)
    if not output.table:
        rows = [{"record": name, "count": count} for name, count in counts.items()]
        output.emit("count", rows, json_value=counts)
        return
    for name, count in counts.items():
        typer.echo(f"{name:>9}  {count}")
