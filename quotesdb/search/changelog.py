"""The one consumer of the `changes` log, shared by every projection of the quotes (the
search index, the trace keys).

A projection records the last sequence number it applied (its mark) and re-derives the
quotes of every change after it, a batch at a time; deriving is idempotent, so a crash
anywhere loses nothing. PostgreSQL hands out sequence numbers before commit, so a later
number can become visible first: the mark never moves past such a gap until the gap is
older than `GAP_GRACE` seconds (then it was a rolled-back transaction, not a slow one).
When more changes are pending than a rebuild would cost, the projection is built anew.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

GAP_GRACE = 300.0

Change = tuple[int, int, Any]  # (sequence number, quote id, when)


@dataclass(frozen=True, slots=True)
class Step:
    quotes: list[int]  # the quotes to derive again (or drop, if gone)
    mark: int  # how far the mark may move once they are
    blocked: bool  # stopped at a gap too young to be a rolled-back transaction


def step(changes: Sequence[Change], mark: int, age: Callable[[Any], float]) -> Step:
    """What one batch of `changes` (in order, after `mark`) asks for; `age(when)` is a
    change's age in seconds by the database's clock."""
    new_mark, blocked, expected = mark, False, mark + 1
    for seq, _quote, at in changes:
        if seq != expected and not blocked:
            blocked = age(at) < GAP_GRACE
        if not blocked:
            new_mark = seq
        expected = seq + 1
    return Step(sorted({quote for _seq, quote, _at in changes}), new_mark, blocked)


def consume(
    mark: int,
    fetch: Callable[[int], Sequence[Change]],
    apply: Callable[[Step], None],
    age: Callable[[Any], float],
) -> tuple[int, int]:
    """Apply every change after `mark`, a batch (`fetch(mark)`) at a time: the new mark,
    and how many quotes were derived again. `apply` records the step's mark durably if
    the projection keeps its mark apart from the database's transaction."""
    derived = 0
    while True:
        changes = fetch(mark)
        if not changes:
            return mark, derived
        found = step(changes, mark, age)
        apply(found)
        derived += len(found.quotes)
        if found.blocked or found.mark == mark:
            return found.mark, derived
        mark = found.mark


def rebuild_pays(pending: int, derived: int, *, at_least: int) -> bool:
    """Whether building anew beats applying `pending` changes one by one to a projection
    that would rebuild as fast as it applies `derived` of them: more than `at_least`
    changes, and more than `derived`."""
    return pending > at_least and pending > derived


def behind(changes: int, why: str) -> str:
    """The note a reader gets when the index could not catch up: how far behind, and why."""
    return f"search index is {changes} changes behind the database ({why}); shown as it was"
