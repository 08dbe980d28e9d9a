"""`quotesdb review`: the low-confidence attributions, decided one at a time on a terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from quotesdb.cli.app import app, open_engine, refresh_index
from quotesdb.cli.options import Output, output_options
from quotesdb.errors import AmbiguousError, NotFoundError
from quotesdb.output import quote_record

if TYPE_CHECKING:
    from sqlalchemy import Engine

CHOICES = {"a": "accept", "c": "correct", "n": "no-speaker", "s": "skip", "q": "quit"}


@app.command()
@output_options()
def review(
    ctx: typer.Context,
    below: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Queue attributions under this confidence.")
    ] = 0.7,
    limit: Annotated[int, typer.Option(min=1, help="Most quotes in the queue.")] = 50,
    prompt: Annotated[
        bool | None,
        typer.Option(
            "--prompt/--no-prompt",
            help="Decide one at a time (default: when stdin is a terminal).",
            show_default=False,
        ),
    ] = None,
    output: Output = Output(),
) -> None:
    """Review the attributions the extractor was least sure of, weakest first.

    For each: [a]ccept, [c]orrect the speaker, [n]o speaker (not an attribution: the
    quote is deleted, and re-ingesting will not bring it back), [s]kip, [q]uit.
    Decisions are hand edits: re-ingesting the article keeps them. Without a terminal
    (or with --json) the queue is listed.

    \b
    Examples:
      quotesdb review
      quotesdb review --below 0.5 --json
    """
    from quotesdb.db.review import review_queue
    from quotesdb.db.session import read_transaction

    engine = open_engine(ctx)
    with read_transaction(engine) as session:
        queue = [
            quote_record(q) | {"paragraph": q.paragraph}
            for q in review_queue(session, below=below, limit=limit)
        ]
    if not output.table:
        output.emit("quote", queue)
        return
    if not queue:
        typer.echo("nothing to review", err=True)
        return
    if not (sys.stdin.isatty() if prompt is None else prompt):
        for record in queue:
            typer.echo(
                f"#{record['id']} {record['confidence']:.2f} {record['speaker']['name']}: "
                f"“{record['text']}”"
            )
        return
    decided = _decide_all(engine, queue)
    if decided:
        refresh_index(ctx)
    typer.echo(f"{decided} decided, {len(queue) - decided} left in the queue", err=True)


def _decide_all(engine: Engine, queue: list[dict[str, object]]) -> int:
    decided = 0
    for number, record in enumerate(queue, 1):
        _show(record, number, len(queue))
        choice = _ask_choice()
        if choice == "quit":
            break
        if choice == "skip":
            continue
        if _apply(engine, int(str(record["id"])), choice):
            decided += 1
    return decided


def _show(record: dict[str, object], number: int, total: int) -> None:
    speaker = record["speaker"]
    assert isinstance(speaker, dict)
    who = speaker["name"] + (f", {speaker['description']}" if speaker["description"] else "")
    paragraph = str(record.get("paragraph") or "")
    text = str(record["text"])
    typer.echo(f"\n[{number}/{total}] #{record['id']} confidence {record['confidence']}")
    typer.echo(paragraph.replace(text, f"»{text}«", 1) if text in paragraph else f"“{text}”")
    typer.echo(f"  attributed to: {who}")


def _ask_choice() -> str:
    while True:
        answer: str = typer.prompt("[a]ccept [c]orrect [n]o speaker [s]kip [q]uit", default="s")
        choice = CHOICES.get(answer.strip().lower()[:1])
        if choice:
            return choice
        typer.echo("answer a, c, n, s or q", err=True)


def _apply(engine: Engine, quote_id: int, choice: str) -> bool:
    from quotesdb.db.review import accept, no_speaker
    from quotesdb.db.session import with_retries

    if choice == "accept":
        with_retries(engine, lambda session: accept(session, quote_id))
        return True
    if choice == "no-speaker":
        with_retries(engine, lambda session: no_speaker(session, quote_id))
        return True
    while True:  # correct: until a name resolves, or an empty answer gives up
        name: str = typer.prompt("speaker (empty: skip)", default="", show_default=False)
        if not name.strip():
            return False
        try:
            _correct(engine, quote_id, name, new=False)
            return True
        except AmbiguousError as exc:
            typer.echo(str(exc), err=True)
        except NotFoundError:
            if typer.confirm(f"No expert is named {name!r}. Add them?", err=True):
                _correct(engine, quote_id, name, new=True)
                return True


def _correct(engine: Engine, quote_id: int, name: str, *, new: bool) -> None:
    from quotesdb.db.review import correct_speaker
    from quotesdb.db.session import with_retries

    with_retries(engine, lambda session: correct_speaker(session, quote_id, name, new=new))
