"""`quotesdb expert set NAME --gender … --affiliation-kind … --country …`: hand-set attributes.

Called by `expert set` (cli/expert.py), which owns the options.
"""

from __future__ import annotations

from dataclasses import asdict

import typer

from quotesdb.cli.app import open_engine, print_json
from quotesdb.errors import InputError


def set_attributes(
    ctx: typer.Context,
    names: list[str],
    given: dict[str, str | None],
    *,
    as_json: bool = False,
    suggest: bool = False,
) -> None:
    from quotesdb.db.attributes import set_expert_attributes
    from quotesdb.db.session import transaction

    if len(names) != 1:
        raise InputError("usage: quotesdb expert set NAME --gender … (quote names with spaces)")
    if suggest:
        if "gender" in given:
            raise InputError("--suggest-gender and --gender: give one of them")
        confirmed = _confirmed_suggestion(ctx, names[0])
        if confirmed is None and not given:
            return
        if confirmed is not None:
            given = {**given, "gender": confirmed}
    with transaction(open_engine(ctx)) as session:
        stored = set_expert_attributes(session, names[0], given)
    if as_json:
        print_json(asdict(stored))
        return
    shown = ", ".join(
        f"{label} {value or 'unknown'}"
        for label, value in (
            ("gender", stored.gender),
            ("affiliation", stored.affiliation_kind),
            ("country", stored.country),
        )
    )
    typer.echo(f"{stored.name}: {shown}", err=True)


def _confirmed_suggestion(ctx: typer.Context, name: str) -> str | None:
    """The first-name suggestion, if a person at a terminal says yes; never set silently."""
    from quotesdb.attributes import suggested_gender
    from quotesdb.db.experts import resolve_expert
    from quotesdb.db.session import read_transaction

    with read_transaction(open_engine(ctx)) as session:
        full = resolve_expert(session, name).name
    guess = suggested_gender(full)
    if guess is None:
        typer.echo(f"{full}: the first name suggests no gender; set it with --gender", err=True)
        return None
    if not _interactive():
        typer.echo(
            f"{full}: the first name suggests {guess} (1990 US Census lists); "
            f'confirm with: quotesdb expert set "{full}" --gender {guess}',
            err=True,
        )
        return None
    return guess if typer.confirm(f"{full}: the first name suggests {guess}. Set it?") else None


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty()
