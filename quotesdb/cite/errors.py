"""The one error citation formatting raises: a name it does not know (exit 2 in the CLI)."""

from __future__ import annotations

from collections.abc import Sequence

from quotesdb.errors import QuotesdbError


class UnknownStyleError(QuotesdbError, ValueError):
    """A style or target name quotesdb does not know; the message lists the ones it does."""

    exit_code = 2


def unknown(what: str, name: str, known: Sequence[str]) -> UnknownStyleError:
    return UnknownStyleError(f"unknown {what} {name!r}: choose one of {', '.join(known)}")
