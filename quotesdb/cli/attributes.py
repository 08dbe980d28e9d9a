"""`quotesdb expert set NAME --gender … --affiliation-kind … --country …`: hand-set attributes.

Registered through the `expert` command in cli/store.py, which owns the options.
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
) -> None:
    from quotesdb.db.attributes import set_expert_attributes
    from quotesdb.db.session import transaction

    if len(names) != 1:
        raise InputError("usage: quotesdb expert set NAME --gender … (quote names with spaces)")
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
