"""Errors a user can act on: the CLI prints their message on one line and exits with their code."""

from __future__ import annotations


class QuotesdbError(Exception):
    """Base for expected failures; anything else is a bug and may show a traceback."""

    exit_code = 1


class InputError(QuotesdbError):
    """A file, value or argument the user gave cannot be used."""


class NotFoundError(QuotesdbError):
    """An id or name that matches nothing stored."""


class AmbiguousError(QuotesdbError):
    """A name that matches several records; the message lists them, and `candidates` holds
    their names for a page to offer as choices."""

    exit_code = 2

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class QuerySyntaxError(QuotesdbError):
    """A search query that cannot be parsed."""

    exit_code = 2


class DatabaseError(QuotesdbError):
    """The database cannot be reached, or is not at the schema this version needs."""


class DuplicateError(QuotesdbError):
    """A record that is already stored; the message names the existing one."""


class IndexRepairError(QuotesdbError):
    """The search index drifted from the database and could not be repaired."""


class OptionConflictError(QuotesdbError):
    """Options that ask for two incompatible things, such as `--markdown --json`."""

    exit_code = 2


class QueryLimitError(QuerySyntaxError):
    """A query that would take more work than one search may do (a wildcard matching too
    many words, a range over the whole vocabulary, the time budget spent)."""
