"""`quotesdb expert`: one expert's profile (the default), and the sub-commands that change
one: merge, alias, rename, delete, set. Each has its own arguments, options and --help;
`quotesdb expert NAME` still shows a profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from quotesdb.cli.app import app, console, open_engine, report_change, sub_commands
from quotesdb.cli.options import Output, output_options
from quotesdb.output import expert_record, quote_record

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

expert_app = sub_commands(
    "show",
    """One expert's profile and quotes; or merge, alias, rename, delete or describe one.

    `quotesdb expert NAME` is `quotesdb expert show NAME`.

    \b
    Examples:
      quotesdb expert lukyanov
      quotesdb expert merge "Fyodor Lukyanov" "F. Lukianov"
      quotesdb expert alias "Fyodor Lukyanov" "Fyodor Lukianov"
      quotesdb expert set "Fyodor Lukyanov" --affiliation-kind "think tank" --country RU
      quotesdb expert rename "Fyodor Lukyanov" "Fyodor A. Lukyanov"
      quotesdb expert delete "F. Lukianov" --reassign-to "Fyodor Lukyanov"
    """,
)
app.add_typer(expert_app, name="expert")

Name = Annotated[str, typer.Argument(help="A full name or alias (quote names with spaces).")]


@expert_app.command("show")
@output_options()
def show(
    ctx: typer.Context,
    name: Annotated[list[str], typer.Argument(help="A surname, full name or alias.")],
    output: Output = Output(),
) -> None:
    """One expert's profile: description, attributes, aliases, outlets and quotes.

    \b
    Examples:
      quotesdb expert lukyanov
      quotesdb expert show "Fyodor Lukyanov" --json
    """
    from quotesdb.db.experts import expert_profile
    from quotesdb.db.quotes import get_quotes
    from quotesdb.db.session import read_transaction

    with read_transaction(open_engine(ctx)) as session:
        profile = expert_profile(session, " ".join(name))
        quotes = [quote_record(q) for q in get_quotes(session, [q.id for q in profile.quotes])]
    if not output.table:
        output.emit(
            "quote", quotes, json_value={**expert_record(profile.expert), "quotes_list": quotes}
        )
        return
    from quotesdb.render import expert_panel

    console().print(expert_panel(profile))


@expert_app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The expert who stays.")],
    other: Annotated[str, typer.Argument(help="The duplicate: its quotes and names move.")],
) -> None:
    """Merge OTHER into KEEP: OTHER's quotes move to KEEP and OTHER's names become
    KEEP's aliases.

    \b
    Example:
      quotesdb expert merge "Fyodor Lukyanov" "F. Lukianov"
    """
    from quotesdb.db.editing import merge_experts

    def change(session: Session) -> str:
        kept, moved = merge_experts(session, keep, other)
        return f"merged {other!r} into {kept.name}: {moved} quotes moved"

    report_change(ctx, change)


@expert_app.command("alias")
def alias(
    ctx: typer.Context,
    name: Name,
    spelling: Annotated[str, typer.Argument(metavar="ALIAS", help="Another spelling.")],
) -> None:
    """Add another spelling of an expert's name: searches by it find them.

    \b
    Example:
      quotesdb expert alias "Fyodor Lukyanov" "Fyodor Lukianov"
    """
    from quotesdb.db.editing import add_alias

    def change(session: Session) -> str:
        expert = add_alias(session, name, spelling)
        return f"{expert.name} is also known as {spelling!r}"

    report_change(ctx, change)


@expert_app.command("rename")
def rename(
    ctx: typer.Context,
    name: Name,
    new: Annotated[str, typer.Argument(help="The name to show from now on.")],
) -> None:
    """Change the name shown; the old one stays an alias, so searches by it still work.

    \b
    Example:
      quotesdb expert rename "Fyodor Lukyanov" "Fyodor A. Lukyanov"
    """
    from quotesdb.db.archive import rename_expert

    def change(session: Session) -> str:
        expert = rename_expert(session, name, new)
        return f"renamed {name!r} to {expert.name} (the old name stays an alias)"

    report_change(ctx, change)


@expert_app.command("delete")
def delete(
    ctx: typer.Context,
    name: Name,
    reassign_to: Annotated[
        str | None,
        typer.Option("--reassign-to", help="Who said NAME's quotes (they move to them)."),
    ] = None,
) -> None:
    """Delete an expert; refused while they have quotes, unless --reassign-to names who
    said them (each quote then counts as corrected by hand).

    \b
    Example:
      quotesdb expert delete "F. Lukianov" --reassign-to "Fyodor Lukyanov"
    """
    from quotesdb.db.archive import delete_expert

    def change(session: Session) -> str:
        gone, moved = delete_expert(session, name, reassign_to)
        return f"deleted {gone}" + (f"; {moved} quotes now by {reassign_to}" if moved else "")

    report_change(ctx, change)


@expert_app.command("set")
@output_options()
def set_(
    ctx: typer.Context,
    name: Name,
    gender: Annotated[
        str | None, typer.Option(help="As the person states it; `unknown` clears.")
    ] = None,
    affiliation_kind: Annotated[
        str | None,
        typer.Option(help="academia, government, think tank, industry, ngo, media, other."),
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO 3166-1 alpha-2 code, e.g. DE; `unknown` clears.")
    ] = None,
    suggest_gender: Annotated[
        bool,
        typer.Option(
            "--suggest-gender",
            help="Suggest a gender from the first name; set only once confirmed.",
        ),
    ] = False,
    output: Output = Output(),
) -> None:
    """Record what you know about a source, for the source-diversity report: nothing is
    ever inferred, and `unknown` clears a value.

    \b
    Examples:
      quotesdb expert set "Fyodor Lukyanov" --affiliation-kind "think tank" --country RU
      quotesdb expert set "Ana Gomez" --suggest-gender
    """
    from quotesdb.cli.attributes import set_attributes

    given: dict[str, str | None] = {
        key: value
        for key, value in (
            ("gender", gender),
            ("affiliation_kind", affiliation_kind),
            ("country", country),
        )
        if value is not None
    }
    set_attributes(ctx, [name], given, as_json=not output.table, suggest=suggest_gender)
