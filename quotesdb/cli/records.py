"""Seeing and correcting the archive's records: show, articles, article, outlets."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quotesdb.cli.app import app, open_engine, parse_date, parse_partial_date, refresh_index
from quotesdb.cli.options import Output, output_options
from quotesdb.errors import InputError
from quotesdb.output import article_record, outlet_record, quote_record

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
        typer.echo(f"{line}\n  {record['quotes']} quotes")


@app.command()
@output_options()
def article(
    ctx: typer.Context,
    args: Annotated[list[str], typer.Argument(metavar="[edit] ID", help="An article's id.")],
    title: Annotated[str | None, typer.Option(help="With edit: the title.")] = None,
    outlet: Annotated[str | None, typer.Option(help="With edit: the outlet.")] = None,
    author: Annotated[
        list[str] | None,
        typer.Option(help="With edit: the byline, replaced (repeatable; a person or an agency)."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="With edit: published, YYYY, YYYY-MM or YYYY-MM-DD (its precision)."),
    ] = None,
    url: Annotated[str | None, typer.Option(help="With edit: the URL ('' removes it).")] = None,
    output: Output = Output(),
) -> None:
    """One article: its metadata and quotes; `article edit ID` corrects it.

    \b
    Examples:
      quotesdb article 2
      quotesdb article edit 2 --author "Associated Press" --date 2023-09
    """
    from quotesdb.db.archive import ArticleEdit, edit_article
    from quotesdb.db.session import read_transaction, with_retries

    editing = args[0] == "edit"
    ids = args[1:] if editing else args
    if len(ids) != 1 or not ids[0].isdigit():
        raise InputError("usage: quotesdb article [edit] ID")
    article_id = int(ids[0])
    wanted = (title, outlet, author, date, url)
    if not editing and any(v is not None for v in wanted):
        raise InputError("--title, --outlet, --author, --date and --url go with `article edit`")
    engine = open_engine(ctx)
    if editing:
        if all(v is None for v in wanted):
            raise InputError("nothing to change: give --title, --outlet, --author, --date or --url")
        day, precision = parse_partial_date(date) if date else (None, None)
        precision = precision or ("day" if day else None)
        from quotesdb.links import check_url

        change = ArticleEdit(
            title=title,
            outlet=outlet,
            authors=tuple(author) if author is not None else None,
            published=day,
            precision=precision,
            url=(check_url(url) or "") if url is not None else None,
            clear_date=date is not None and not date.strip(),
        )
        with_retries(engine, lambda session: edit_article(session, article_id, change))
        refresh_index(ctx)
    with read_transaction(engine) as session:
        record, text = _article_view(session, article_id)
    if output.table:
        typer.echo(text)
    else:
        output.emit("article", record)


def _article_view(session: Session, article_id: int) -> tuple[dict[str, Any], str]:
    from quotesdb.db.archive import get_article

    found, quotes = get_article(session, article_id)
    record = {
        **article_record(found),
        "quotes": len(quotes),
        "quotes_list": [quote_record(q) for q in quotes],
    }
    lines = [_article_line(found), f"  {len(quotes)} quotes"]
    lines += [f"  #{q.id} {q.expert.name}: “{q.text}”" for q in quotes]
    return record, "\n".join(lines)


@app.command()
@output_options()
def outlets(
    ctx: typer.Context,
    args: Annotated[
        list[str] | None,
        typer.Argument(metavar="[rename OLD NEW | merge KEEP OTHER]", show_default=False),
    ] = None,
    output: Output = Output(),
) -> None:
    """List outlets with their articles and quotes; rename one, or merge two.

    `outlets merge KEEP OTHER` moves OTHER's articles to KEEP and deletes OTHER.

    \b
    Examples:
      quotesdb outlets
      quotesdb outlets rename "Hill" "The Hill"
      quotesdb outlets merge "The Christian Science Monitor" "CS Monitor"
    """
    from quotesdb.db.archive import list_outlets, merge_outlets, rename_outlet
    from quotesdb.db.session import read_transaction, with_retries

    engine = open_engine(ctx)
    if args:
        if args[0] not in ("rename", "merge") or len(args) != 3:
            raise InputError("usage: quotesdb outlets [rename OLD NEW | merge KEEP OTHER]")
        action, first, second = args

        def change(session: Session) -> str:
            if action == "rename":
                return f"renamed {first!r} to {rename_outlet(session, first, second).name}"
            keep, moved = merge_outlets(session, first, second)
            return f"merged {second!r} into {keep.name}: {moved} articles moved"

        typer.echo(with_retries(engine, change), err=True)
        refresh_index(ctx)
    with read_transaction(engine) as session:
        rows = list_outlets(session)
    if not output.table:
        output.emit("outlet", [outlet_record(r) for r in rows])
        return
    for row in rows:
        typer.echo(f"#{row.id:<4} {row.name}  ({row.articles} articles, {row.quotes} quotes)")
