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
    parse_date,
    print_json,
    refresh_index,
    settings_of,
)
from quotesdb.cli.options import Output, output_options
from quotesdb.errors import InputError
from quotesdb.output import expert_record, quote_record

if TYPE_CHECKING:
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
    else:
        for failed in summary.failed:
            typer.echo(f"failed: {failed.error}", err=True)
        articles = ", ".join(f"{n} {status}" for status, n in counts.items())
        added = f"quotes added: {summary.quotes_added}; experts added: {summary.experts_added}"
        typer.echo(f"articles: {articles}; {added}", err=True)
    if summary.failed:
        raise typer.Exit(1)


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
    from quotesdb.db.session import transaction

    if sort not in ("name", "count"):
        raise InputError(f"--sort must be `name` or `count`, not {sort!r}")
    filters = ExpertFilters(topic, outlet, parse_date(since, "--since"), min_quotes)
    with transaction(open_engine(ctx)) as session:
        rows = list_experts(session, sort, filters)
    if not output.table:
        output.emit("expert", [expert_record(r) for r in rows])
        return
    from quotesdb.render import experts_table

    console().print(experts_table(rows))


EXPERT_ACTIONS = ("merge", "alias", "rename", "delete")


@app.command()
@output_options()
def expert(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(help="A surname, full name or alias; or merge/alias/rename/delete."),
    ],
    to: Annotated[
        str | None, typer.Option("--reassign-to", help="With delete: who gets the quotes.")
    ] = None,
    output: Output = Output(),
) -> None:
    """One expert's profile and quotes; or merge, alias, rename or delete an expert.

    `expert merge KEEP OTHER` moves OTHER's quotes to KEEP, and OTHER's names
    become KEEP's aliases. `expert alias NAME ALIAS` adds another spelling.
    `expert rename NAME NEW` changes the name shown (the old one stays an alias).
    `expert delete NAME` is refused while NAME has quotes, unless `--reassign-to`
    names who said them.

    \b
    Examples:
      quotesdb expert lukyanov
      quotesdb expert merge "Fyodor Lukyanov" "F. Lukianov"
      quotesdb expert alias "Fyodor Lukyanov" "Fyodor Lukianov"
      quotesdb expert rename "Fyodor Lukyanov" "Fyodor A. Lukyanov"
      quotesdb expert delete "F. Lukianov" --reassign-to "Fyodor Lukyanov"
    """
    from quotesdb.db.experts import expert_profile
    from quotesdb.db.quotes import get_quotes
    from quotesdb.db.session import transaction

    if name[0] in EXPERT_ACTIONS and len(name) > 1:
        from quotesdb.cli.edit import expert_action

        expert_action(ctx, name[0], name[1:], to)
        return

    with transaction(open_engine(ctx)) as session:
        profile = expert_profile(session, " ".join(name))
        quotes = [quote_record(q) for q in get_quotes(session, [q.id for q in profile.quotes])]
    if not output.table:
        output.emit(
            "quote", quotes, json_value={**expert_record(profile.expert), "quotes_list": quotes}
        )
        return
    from quotesdb.render import expert_panel

    console().print(expert_panel(profile))


@app.command()
@output_options()
def stats(ctx: typer.Context, output: Output = Output()) -> None:
    """Count outlets, authors, articles, experts, quotes and topics.

    Example:

    \b
    quotesdb stats --json
    """
    from quotesdb.db.experts import stats as count_all
    from quotesdb.db.session import transaction

    with transaction(open_engine(ctx)) as session:
        counts = count_all(session)
    if not output.table:
        rows = [{"record": name, "count": count} for name, count in counts.items()]
        output.emit("count", rows, json_value=counts)
        return
    for name, count in counts.items():
        typer.echo(f"{name:>9}  {count}")
