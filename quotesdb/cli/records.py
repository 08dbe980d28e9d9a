"""Seeing and correcting the archive's records: show, articles, article, outlets."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quotesdb.cli.app import (
    app,
    open_engine,
    parse_date,
    parse_partial_date,
    refresh_index,
    report_change,
    sub_commands,
)
from quotesdb.cli.options import Output, output_options
from quotesdb.errors import InputError
from quotesdb.output import article_record, article_sources, counted, outlet_record, quote_record

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from quotesdb.db.models import Article, Quote, QuoteRevision


def shown_date(day: dt.date | None, precision: str | None) -> str:
    if day is None:
        return "n.d."
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision or "", day.isoformat())


def _article_line(article: Article) -> str:
    parts = [f"#{article.id} {article.title}"]
    if article.outlet is not None:
        parts.append(article.outlet.name)
    parts.append(shown_date(article.published, article.published_precision))
    line = " — ".join(parts)
    if article.authors:
        line += f" (by {', '.join(article.authors)})"
    return line + (f"\n  {article.url}" if article.url else "")


def _revision_record(revision: QuoteRevision) -> dict[str, Any]:
    return {"changed_at": revision.changed_at.isoformat(), "before": revision.before}


@app.command()
@output_options()
def show(
    ctx: typer.Context,
    quote_id: Annotated[int, typer.Argument(metavar="ID", help="The quote's id.")],
    history: Annotated[bool, typer.Option(help="Also every earlier version.")] = False,
    output: Output = Output(),
) -> None:
    """One quote in full: its paragraph, article, speaker, topics and confidence.

    \b
    Examples:
      quotesdb show 8
      quotesdb show 8 --history --json
    """
    from quotesdb.db.archive import quote_history
    from quotesdb.db.session import read_transaction

    with read_transaction(open_engine(ctx)) as session:
        quote, revisions = quote_history(session, quote_id)
        record = {**quote_record(quote), "paragraph": quote.paragraph}
        if history:
            record["history"] = [_revision_record(r) for r in revisions]
        text = _quote_text(quote, revisions if history else None)
    if output.table:
        typer.echo(text)
    else:
        output.emit("quote", record)


def _quote_text(quote: Quote, revisions: list[QuoteRevision] | None) -> str:
    speaker = quote.expert.name
    if quote.speaker_description:
        speaker += f", {quote.speaker_description}"
    lines = [f"#{quote.id} “{quote.text}”", f"  said by {speaker}"]
    lines.append(
        "  in " + (_article_line(quote.article) if quote.article else "no article (personal)")
    )
    if quote.topics:
        lines.append(f"  topics: {', '.join(quote.topics)}")
    confidence = "—" if quote.confidence is None else f"{quote.confidence:.2f}"
    state = " (hand-edited)" if quote.hand_edited else ""
    state += " (reviewed)" if quote.reviewed_at is not None else ""
    lines.append(f"  {quote.kind} quote, {quote.origin}, confidence {confidence}{state}")
    if quote.paragraph:
        marked = quote.paragraph.replace(quote.text, f"»{quote.text}«", 1)
        lines += ["", marked]
    if revisions is not None:
        lines += ["", f"history: {len(revisions)} earlier versions"]
        for revision in revisions:
            before = revision.before
            lines.append(
                f"- before {revision.changed_at:%Y-%m-%d %H:%M}: {before.get('speaker')}: "
                f"“{before.get('text')}” topics {', '.join(before.get('topics') or []) or '—'}"
            )
    return "\n".join(lines)


@app.command()
@output_options()
def articles(
    ctx: typer.Context,
    outlet: Annotated[str | None, typer.Option(help="Outlet name.")] = None,
    author: Annotated[str | None, typer.Option(help="Byline name.")] = None,
    title: Annotated[str | None, typer.Option(help="Words in the title.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most articles shown.")] = 50,
    output: Output = Output(),
) -> None:
    """List stored articles, newest first, with their number of quotes.

    \b
    Examples:
      quotesdb articles --outlet "The Hill"
      quotesdb articles --since 2023-01-01 --format csv
    """
    from quotesdb.db.archive import ArticleFilters, list_articles
    from quotesdb.db.session import read_transaction

    filters = ArticleFilters(
        outlet, author, title, parse_date(since, "--since"), parse_date(until, "--until"), limit
    )
    with read_transaction(open_engine(ctx)) as session:
        rows = [
            ({**article_record(a), "quotes": n}, _article_line(a))
            for a, n in list_articles(session, filters)
        ]
    if not output.table:
        output.emit("article", [record for record, _line in rows])
        return
    if not rows:
        typer.echo("no articles found", err=True)
    for record, line in rows:
        typer.echo(f"{line}\n  {counted(record['quotes'], 'quote')}")


article_app = sub_commands(
    "show",
    """One article: its metadata and quotes; `article edit ID` corrects it.

    `quotesdb article ID` is `quotesdb article show ID`.

    \b
    Examples:
      quotesdb article 2
      quotesdb article edit 2 --author "Associated Press" --date 2023-09
    """,
)
app.add_typer(article_app, name="article")
ArticleId = Annotated[int, typer.Argument(metavar="ID", help="An article's id.", min=1)]


@article_app.command("show")
@output_options()
def article_show(ctx: typer.Context, article_id: ArticleId, output: Output = Output()) -> None:
    """One article: title, outlet, byline, date, URL, and its quotes.

    \b
    Example:
      quotesdb article 2 --json
    """
    _print_article(ctx, article_id, output)


@article_app.command("edit")
@output_options()
def article_edit(
    ctx: typer.Context,
    article_id: ArticleId,
    title: Annotated[str | None, typer.Option(help="The title.")] = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet.")] = None,
    author: Annotated[
        list[str] | None,
        typer.Option(help="The byline, replaced (repeatable; a person or an agency)."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Published, YYYY, YYYY-MM or YYYY-MM-DD (its precision); '' clears."),
    ] = None,
    url: Annotated[str | None, typer.Option(help="The URL ('' removes it).")] = None,
    output: Output = Output(),
) -> None:
    """Correct an article's metadata; its quotes are re-indexed with it, and the article
    is shown as it now is.

    \b
    Examples:
      quotesdb article edit 2 --author "Associated Press" --date 2023-09
      quotesdb article edit 2 --title "The right title" --url ''
    """
    from quotesdb.db.archive import ArticleEdit, edit_article
    from quotesdb.db.session import with_retries
    from quotesdb.links import check_url

    if all(v is None for v in (title, outlet, author, date, url)):
        raise InputError("nothing to change: give --title, --outlet, --author, --date or --url")
    day, precision = parse_partial_date(date) if date else (None, None)
    change = ArticleEdit(
        title=title,
        outlet=outlet,
        authors=tuple(author) if author is not None else None,
        published=day,
        precision=precision or ("day" if day else None),
        url=(check_url(url) or "") if url is not None else None,
        clear_date=date is not None and not date.strip(),
    )
    with_retries(open_engine(ctx), lambda session: edit_article(session, article_id, change))
    refresh_index(ctx)
    _print_article(ctx, article_id, output)


def _print_article(ctx: typer.Context, article_id: int, output: Output) -> None:
    from quotesdb.db.session import read_transaction

    with read_transaction(open_engine(ctx)) as session:
        record, text = _article_view(session, article_id)
    if output.table:
        typer.echo(text)
    else:
        output.emit("article", record)


def _article_view(session: Session, article_id: int) -> tuple[dict[str, Any], str]:
    from quotesdb.db.archive import get_article

    found, quotes = get_article(session, article_id)
    sources = article_sources(found)
    record = {
        **article_record(found),
        "byline": sources["byline"],
        "language": found.language,
        "section": found.section,
        "metadata": sources["metadata"],
        "quotes": len(quotes),
        "quotes_list": [quote_record(q) for q in quotes],
    }
    lines = [_article_line(found), f"  {counted(len(quotes), 'quote')}"]
    lines += [f"  #{q.id} {q.expert.name}: “{q.text}”" for q in quotes]
    return record, "\n".join(lines)


outlets_app = sub_commands(
    "list",
    """List outlets with their articles and quotes; rename one, or merge two.

    `quotesdb outlets` is `quotesdb outlets list`.

    \b
    Examples:
      quotesdb outlets
      quotesdb outlets rename "Hill" "The Hill"
      quotesdb outlets merge "The Christian Science Monitor" "CS Monitor"
    """,
)
app.add_typer(outlets_app, name="outlets")
OutletName = Annotated[str, typer.Argument(help="An outlet's name or id.")]


@outlets_app.command("list")
@output_options()
def outlets_list(ctx: typer.Context, output: Output = Output()) -> None:
    """Every outlet with its number of articles and quotes.

    \b
    Example:
      quotesdb outlets --format csv
    """
    _print_outlets(ctx, output)


@outlets_app.command("rename")
@output_options()
def outlets_rename(
    ctx: typer.Context,
    old: OutletName,
    new: Annotated[str, typer.Argument(help="The name to show from now on.")],
    output: Output = Output(),
) -> None:
    """Rename an outlet (its quotes are re-indexed), then list the outlets.

    \b
    Example:
      quotesdb outlets rename "Hill" "The Hill"
    """
    from quotesdb.db.archive import rename_outlet

    report_change(
        ctx, lambda session: f"renamed {old!r} to {rename_outlet(session, old, new).name}"
    )
    _print_outlets(ctx, output)


@outlets_app.command("merge")
@output_options()
def outlets_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The outlet that stays.")],
    other: Annotated[str, typer.Argument(help="The duplicate: its articles move, it goes.")],
    output: Output = Output(),
) -> None:
    """Merge OTHER into KEEP: OTHER's articles move to KEEP and OTHER is deleted; then
    list the outlets.

    \b
    Example:
      quotesdb outlets merge "The Christian Science Monitor" "CS Monitor"
    """
    from quotesdb.db.archive import merge_outlets

    def change(session: Session) -> str:
        kept, moved = merge_outlets(session, keep, other)
        return f"merged {other!r} into {kept.name}: {moved} articles moved"

    report_change(ctx, change)
    _print_outlets(ctx, output)


def _print_outlets(ctx: typer.Context, output: Output) -> None:
    from quotesdb.db.archive import list_outlets
    from quotesdb.db.session import read_transaction

    with read_transaction(open_engine(ctx)) as session:
        rows = list_outlets(session)
    if not output.table:
        output.emit("outlet", [outlet_record(r) for r in rows])
        return
    for row in rows:
        typer.echo(
            f"#{row.id:<4} {row.name}  "
            f"({counted(row.articles, 'article')}, {counted(row.quotes, 'quote')})"
        )
