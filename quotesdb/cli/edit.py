"""Changes by hand: add, edit, delete, tag (the experts' own: cli/expert.py)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quotesdb.cli.app import (
    app,
    open_engine,
    parse_partial_date,
    refresh_index,
    settings_of,
)
from quotesdb.cli.options import Output, output_options
from quotesdb.errors import InputError, NotFoundError
from quotesdb.links import check_url
from quotesdb.output import quote_record

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PromptOpt = Annotated[
    bool | None,
    typer.Option(
        "--prompt/--no-prompt",
        help="Ask for missing fields (default: only when stdin is a terminal).",
        show_default=False,
    ),
]


def _ask(label: str, known: list[str]) -> str:
    if known:
        shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
        typer.echo(f"known: {shown}", err=True)
    answer: str = typer.prompt(label)
    return answer


def _known(session: Session, what: str) -> list[str]:
    from sqlalchemy import select

    from quotesdb.db.models import Expert, Outlet

    column = Expert.name if what == "experts" else Outlet.name
    return list(session.scalars(select(column).order_by(column)))


@app.command()
@output_options()
def add(
    ctx: typer.Context,
    text: Annotated[
        str | None, typer.Argument(help="The quote's words, or - to read stdin.")
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Who said it.")] = None,
    description: Annotated[str | None, typer.Option(help="Their role, as you describe it.")] = None,
    article: Annotated[int | None, typer.Option(help="Id of a stored article.")] = None,
    url: Annotated[str | None, typer.Option(help="The source's URL (new or stored).")] = None,
    title: Annotated[str | None, typer.Option(help="Title, for a new article.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet, for a new article.")] = None,
    author: Annotated[list[str] | None, typer.Option(help="Byline (repeatable).")] = None,
    date: Annotated[
        str | None, typer.Option(help="Published: a day, a month (2024-05) or a year (2024).")
    ] = None,
    topic: Annotated[list[str] | None, typer.Option(help="A topic (repeatable).")] = None,
    force: Annotated[bool, typer.Option(help="Store even if the quote is known.")] = False,
    prompt: PromptOpt = None,
    output: Output = Output(),
) -> None:
    """Add a quote by hand: from a call, an interview, a page without a file.

    Without --url, a --title (with --outlet, --author, --date) makes a print article;
    with none of them the quote is cited as a personal communication. --speaker finds a
    stored expert as `edit --speaker` does ("Pence" is Mike Pence when only he has the
    surname; several are listed to choose from); a name no one has is a new expert.

    Example:

    \b
    quotesdb add "We are not done." --speaker "Jane Doe" \\
        --url https://example.com/a --title "A title" \\
        --outlet "Example Times" --date 2024-05-01
    """
    from quotesdb.db.editing import NewQuote, add_quote
    from quotesdb.db.session import read_transaction, with_retries
    from quotesdb.topics import default_matcher

    interactive = _asks(prompt)
    if text == "-":
        from quotesdb.limits import current

        # Bounded: a quote longer than the limit is refused with the others below.
        text = sys.stdin.read(current().quote_chars * 4 + 1)
    published, precision = parse_partial_date(date) if date else (None, None)
    url = check_url(url)
    engine = open_engine(ctx, create=True)
    if interactive:
        with read_transaction(engine) as session:
            if not (text and text.strip()):
                text = _ask("Quote", [])
            if not speaker:
                speaker = _ask("Speaker", _known(session, "experts"))
            if url and not title and not _article_known(session, url):
                title = _ask("Title", [])
                outlet = outlet or _ask("Outlet", _known(session, "outlets"))
    if not (text and text.strip()):
        raise InputError("the quote text is empty (give TEXT, or - to read stdin)")
    if not speaker:
        raise InputError("--speaker is required")
    new = NewQuote(
        text=text,
        speaker=speaker,
        description=description,
        article_id=article,
        url=url,
        title=title,
        outlet=outlet,
        authors=tuple(author or ()),
        published=published,
        precision=precision,
        topics=tuple(topic or ()),
        force=force,
        vocabulary=default_matcher(settings_of(ctx)),
    )

    def store(session: Session) -> tuple[dict[str, object], str | None]:
        quote = add_quote(session, new)
        return quote_record(quote), quote.article.text if quote.article else None

    record, source_text = with_retries(engine, store)
    refresh_index(ctx)
    _warn_if_not_verbatim(str(record["text"]), source_text)
    if output.table:
        typer.echo(added_sentence(record, speaker))
    else:
        output.emit("quote", record)


def added_sentence(record: dict[str, Any], typed: str) -> str:
    """What `add` stored, in words: the id to use next, and who the speaker turned out to be."""
    name = record["speaker"]["name"]
    said = f"Added quote #{record['id']} by {name}"
    if " ".join(typed.split()).casefold() != name.casefold():
        said += f' ("{typed}")'
    article = record.get("article")
    if article and article.get("title"):
        said += f", in “{article['title']}”"
    return said + "."


def _article_known(session: Session, url: str) -> bool:
    from sqlalchemy import select

    from quotesdb.db.ingest import article_identity
    from quotesdb.db.models import Article

    identity = article_identity(url, "")
    return session.scalar(select(Article.id).where(Article.identity == identity)) is not None


def _warn_if_not_verbatim(text: str, source_text: str | None) -> None:
    if source_text is None:
        return
    from quotesdb.verify import verify_quote

    result = verify_quote(text, source_text)
    if result.status != "verified":
        typer.echo("warning: these words are not found verbatim in the article's text", err=True)


@app.command()
@output_options()
def edit(
    ctx: typer.Context,
    quote_id: Annotated[int, typer.Argument(metavar="ID", help="The quote's id.")],
    text: Annotated[str | None, typer.Option(help="Corrected words.")] = None,
    speaker: Annotated[
        str | None, typer.Option(help="Corrected speaker: a name, alias or surname.")
    ] = None,
    new_expert: Annotated[
        bool, typer.Option("--new-expert", help="The --speaker is not stored yet: add them.")
    ] = False,
    description: Annotated[str | None, typer.Option(help="Corrected description.")] = None,
    topic: Annotated[list[str] | None, typer.Option(help="Add a topic (repeatable).")] = None,
    untag: Annotated[list[str] | None, typer.Option(help="Remove a topic (repeatable).")] = None,
    notes: Annotated[
        str | None, typer.Option(help='Your own notes; never cited; "" clears them.')
    ] = None,
    prompt: PromptOpt = None,
    output: Output = Output(),
) -> None:
    """Correct a quote; what was there before is kept for audit.

    --speaker finds a stored expert as `search --expert` does (a name, an alias, a
    unique surname); several matches is exit 2 with the candidates; an unknown name is
    asked about on a terminal, or needs --new-expert. The new speaker takes the role
    their article gives them elsewhere, or none, unless --description says. Re-ingesting
    its article never undoes the correction.

    \b
    Examples:
      quotesdb edit 12 --speaker Lukyanov
      quotesdb edit 12 --speaker "Jane Doe" --new-expert
      quotesdb edit 12 --notes "Call back about the 2019 figure"
    """
    from quotesdb.db.editing import QuoteEdit, edit_quote
    from quotesdb.db.session import with_retries

    change = QuoteEdit(
        text, speaker, description, tuple(topic or ()), tuple(untag or ()), new_expert, notes
    )
    if change == QuoteEdit(new_expert=new_expert):
        raise InputError(
            "nothing to change: give --text, --speaker, --description, --topic or --notes"
        )
    engine = open_engine(ctx)

    def store(session: Session) -> dict[str, object]:
        return quote_record(edit_quote(session, quote_id, change))

    try:
        record = with_retries(engine, store)
    except NotFoundError as exc:
        if speaker is None or new_expert or not _asks(prompt) or "expert" not in str(exc):
            raise
        if not typer.confirm(f"No expert is named {speaker!r}. Add them?", err=True):
            raise typer.Exit(1) from None
        change.new_expert = True
        record = with_retries(engine, store)
    refresh_index(ctx)
    if output.table:
        typer.echo(f"quote #{quote_id} updated")
    else:
        output.emit("quote", record)


def _asks(prompt: bool | None) -> bool:
    return sys.stdin.isatty() if prompt is None else prompt


@app.command()
def delete(
    ctx: typer.Context,
    quote_id: Annotated[int, typer.Argument(metavar="ID", help="The quote's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a quote (re-ingesting its article will not bring it back).

    Example:

    \b
    quotesdb delete 12 --yes
    """
    from quotesdb.db.editing import delete_quote
    from quotesdb.db.quotes import get_quote
    from quotesdb.db.session import read_transaction, with_retries

    engine = open_engine(ctx)
    if not yes:
        with read_transaction(engine) as session:
            quote = get_quote(session, quote_id)
            shown = f"#{quote.id} {quote.expert.name}: “{quote.text[:80]}”"
        if not typer.confirm(f"Delete {shown}?", err=True):
            raise typer.Exit(1)
    with_retries(engine, lambda session: delete_quote(session, quote_id))
    refresh_index(ctx)
    typer.echo(f"quote #{quote_id} deleted", err=True)


@app.command()
def tag(
    ctx: typer.Context,
    quote_id: Annotated[int, typer.Argument(metavar="ID", help="The quote's id.")],
    topics: Annotated[list[str], typer.Argument(help="Topics to add.")],
) -> None:
    """Add topics to a quote by hand.

    Example:

    \b
    quotesdb tag 12 sanctions diplomacy
    """
    from quotesdb.db.editing import tag_quote
    from quotesdb.db.session import with_retries

    names = with_retries(
        open_engine(ctx), lambda session: tag_quote(session, quote_id, topics).topics
    )
    refresh_index(ctx)
    typer.echo(f"quote #{quote_id}: {', '.join(names)}")
