"""Commands that build and describe the database: init, ingest, experts, expert, stats."""

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
    print_json,
    refresh_index,
    settings_of,
)
from quotesdb.errors import InputError

if TYPE_CHECKING:
    from quotesdb.db.experts import ExpertSummary
    from quotesdb.db.ingest import ArticleOutcome


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database, or upgrade it to this version's schema.

    Other commands refuse a database at an older schema and tell you to run this;
    `ingest` creates an empty database by itself.

    Example:

    \b
    quotesdb init
    """
    from quotesdb.db.migrate import upgrade
    from quotesdb.db.session import make_engine, schema_revision

    settings = settings_of(ctx)
    engine = make_engine(settings)
    before = schema_revision(engine)
    upgrade(engine)
    after = schema_revision(engine)
    state = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    typer.echo(f"database {settings.safe_url}: {state} schema {after}", err=True)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Article files, or folders searched for .txt and .md.")
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Read articles, extract their quotes and store everything.

    Safe to repeat: an unchanged article is skipped, an edited one updated, and hand
    corrections are never undone. Each article is stored whole or not at all.

    Example:

    \b
    quotesdb ingest seeds/
    """
    from quotesdb.articles import iter_article_paths
    from quotesdb.db.ingest import ingest_paths
    from quotesdb.topics import default_matcher

    files = list(iter_article_paths(paths))
    engine = open_engine(ctx, create=True)
    topics = default_matcher(settings_of(ctx))
    show_progress = not quiet and not as_json and sys.stderr.isatty() and len(files) > 1
    if show_progress:
        from rich.progress import Progress

        with Progress(console=console(stderr=True), transient=True) as progress:
            task = progress.add_task("ingesting", total=len(files))

            def advance(_outcome: ArticleOutcome) -> None:
                progress.advance(task)

            summary = ingest_paths(engine, files, topics=topics, on_article=advance)
    else:
        summary = ingest_paths(engine, files, topics=topics)
    if not summary.stopped:
        refresh_index(ctx)
    counts = {s: summary.count(s) for s in ("new", "updated", "unchanged", "failed")}
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
            f"{len(files) - len(summary.outcomes)} files not read (run ingest again)",
            err=True,
        )
    else:
        for failed in summary.failed:
            typer.echo(f"failed: {failed.error}", err=True)
        articles = ", ".join(f"{n} {status}" for status, n in counts.items())
        added = f"quotes added: {summary.quotes_added}; experts added: {summary.experts_added}"
        typer.echo(f"articles: {articles}; {added}", err=True)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def experts(
    ctx: typer.Context,
    sort: Annotated[str, typer.Option(help="Order by `name` or `count`.")] = "name",
    as_json: JsonOpt = False,
) -> None:
    """List everyone quoted: description, number of quotes, outlets, last quoted.

    Example:

    \b
    quotesdb experts --sort count
    """
    from quotesdb.db.experts import list_experts
    from quotesdb.db.session import transaction

    if sort not in ("name", "count"):
        raise InputError(f"--sort must be `name` or `count`, not {sort!r}")
    with transaction(open_engine(ctx)) as session:
        rows = list_experts(session, sort)
    if as_json:
        print_json([_expert_json(r) for r in rows])
        return
    from quotesdb.render import experts_table

    console().print(experts_table(rows))


def _expert_json(row: ExpertSummary) -> dict[str, object]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "quotes": row.quotes,
        "outlets": row.outlets,
        "last_quoted": row.last_quoted.isoformat() if row.last_quoted else None,
        "aliases": row.aliases,
    }


@app.command()
def expert(
    ctx: typer.Context,
    name: Annotated[
        list[str], typer.Argument(help="A surname, full name or alias; or merge/alias.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """One expert's profile and quotes; or merge two experts, or add an alias.

    `expert merge KEEP OTHER` moves OTHER's quotes to KEEP, and OTHER's names
    become KEEP's aliases. `expert alias NAME ALIAS` adds another spelling.

    \b
    Examples:
      quotesdb expert lukyanov
      quotesdb expert merge "Fyodor Lukyanov" "F. Lukianov"
      quotesdb expert alias "Fyodor Lukyanov" "Fyodor Lukianov"
    """
    from quotesdb.db.experts import expert_profile
    from quotesdb.db.session import transaction

    if name[0] in ("merge", "alias") and len(name) > 1:
        if len(name) != 3:
            raise InputError(
                f"usage: quotesdb expert {name[0]} NAME OTHER (quote names with spaces)"
            )
        from quotesdb.cli.edit import merge_or_alias

        merge_or_alias(ctx, name[0], name[1], name[2])
        return

    with transaction(open_engine(ctx)) as session:
        profile = expert_profile(session, " ".join(name))
    if as_json:
        print_json(
            {
                **_expert_json(profile.expert),
                "quotes_list": [
                    {
                        "id": q.id,
                        "text": q.text,
                        "description": q.description,
                        "title": q.title,
                        "outlet": q.outlet,
                        "published": q.published.isoformat() if q.published else None,
                        "kind": q.kind,
                    }
                    for q in profile.quotes
                ],
            }
        )
        return
    from quotesdb.render import expert_panel

    console().print(expert_panel(profile))


@app.command()
def stats(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Count outlets, authors, articles, experts, quotes and topics.

    Example:

    \b
    quotesdb stats --json
    """
    from quotesdb.db.experts import stats as count_all
    from quotesdb.db.session import transaction

    with transaction(open_engine(ctx)) as session:
        counts = count_all(session)
    if as_json:
        print_json(counts)
        return
    for name, count in counts.items():
        typer.echo(f"{name:>9}  {count}")
