"""`@output_options`: the one set of output options every command that prints records takes.

As sqlite-utils' output-options decorator does, it adds `--format` and the `--json`
shorthand (and `--markdown` where a command had it) to a command, refuses conflicting
ones, and hands the command an `Output` that prints through `quotesdb.output`.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import typer

from quotesdb.output import FORMATS, Record, choose_format, render

F = TypeVar("F", bound=Callable[..., Any])

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        help=f"Output: {', '.join(FORMATS)} (default: table).",
        show_default=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
MarkdownFlag = Annotated[bool, typer.Option("--markdown", help="Shorthand for --format markdown.")]


@dataclass(frozen=True, slots=True)
class Output:
    """The format a command was asked for, and how to print records in it."""

    format: str = "table"

    @property
    def table(self) -> bool:
        return self.format == "table"

    def emit(self, kind: str, data: Record | Sequence[Record], *, json_value: Any = None) -> None:
        """Print records; `json_value` replaces them in JSON when a command's shape differs."""
        if self.format == "json" and json_value is not None:
            data = json_value
        text = render(kind, data, self.format, indent=sys.stdout.isatty())
        sys.stdout.write(text + "\n" if text else "")


def output_options(*, markdown: bool = False) -> Callable[[F], F]:
    """Add `--format`/`--json` (and `--markdown`) to a command taking `output: Output`."""

    def decorate(func: F) -> F:
        signature = inspect.signature(func, eval_str=True)
        kept = [p for p in signature.parameters.values() if p.name != "output"]
        added = [
            inspect.Parameter(
                "output_format", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FormatOpt
            ),
            inspect.Parameter(
                "as_json", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonFlag
            ),
        ]
        if markdown:
            added.append(
                inspect.Parameter(
                    "as_markdown",
                    inspect.Parameter.KEYWORD_ONLY,
                    default=False,
                    annotation=MarkdownFlag,
                )
            )
        kept = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in kept]

        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            fmt = choose_format(
                kwargs.pop("output_format"),
                as_json=kwargs.pop("as_json"),
                markdown=kwargs.pop("as_markdown", False),
            )
            return func(*args, output=Output(fmt), **kwargs)

        params = [*kept, *added]
        command.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        return command  # type: ignore[return-value]

    return decorate
