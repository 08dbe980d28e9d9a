"""What a search engine does for quotesdb: the protocol every backend implements.

A backend keeps a projection of the database's quotes (an index) caught up from the
change log, builds a new one beside the old and swaps it in, and answers through a held
session. It knows nothing of the CLI or the web app; they know nothing of it but this.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from quotesdb.search.types import Hit, Results, SearchRequest

T = TypeVar("T")


@dataclass(slots=True)
class Drift:
    """Quotes the index lacks, holds beyond the database, or holds in an older form."""

    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)

    @classmethod
    def between(cls, truth: dict[int, Any], indexed: dict[int, Any]) -> Drift:
        """What the index's stamps (quote id -> stamp) lack, add or hold in an older form
        against the database's."""
        return cls(
            missing=sorted(set(truth) - set(indexed)),
            extra=sorted(set(indexed) - set(truth)),
            stale=sorted(i for i in set(truth) & set(indexed) if truth[i] != indexed[i]),
        )

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)

    def as_dict(self) -> dict[str, Any]:
        return {"missing": self.missing, "extra": self.extra, "stale": self.stale}


@dataclass(slots=True)
class Checked:
    """What `check` found and left: drift before and after repair, and what catching up
    did first."""

    found: Drift
    left: Drift
    applied: int = 0
    rebuilt: bool = False
    notes: list[str] = field(default_factory=list)


class SearchSession(Protocol):
    """A view of the index as of one moment, held while it is asked again and again."""

    def search(self, request: SearchRequest) -> Results:
        """The hits themselves, each copy of a quote its own: `request.group` is not the
        engine's to apply (`service.search_in` groups copies over a window of hits)."""
        ...

    def get(self, ids: Sequence[int]) -> list[Hit]:
        """Quotes by id in the order asked; NotFoundError names any the index lacks."""
        ...

    def count(self) -> int: ...

    def close(self) -> None: ...


class Backend(Protocol):
    name: str

    def read(self, work: Callable[[SearchSession], T]) -> tuple[T, list[str]]:
        """`work` on a session over the index caught up as far as no writer is in the way
        (notes say how far behind it is otherwise); a damaged index is rebuilt."""
        ...

    def open(self, source: Any) -> tuple[SearchSession, list[str]]:
        """A writer's session, caught up fully (a server holds one until the state moves)."""
        ...

    def catch_up(self) -> tuple[int, list[str]]:
        """Apply the changes not applied yet (after a write): how many, and notes."""
        ...

    def rebuild(self) -> int:
        """Build a new index beside the current one and swap it in; quotes indexed."""
        ...

    def mark(self) -> int:
        """The last change-log sequence number the index applied."""
        ...

    def warm(self) -> None:
        """Load now what a long-running process will need for every search."""
        ...

    def state(self, source: Any) -> Hashable:
        """What changes whenever an answer could: a cache is good while it holds."""
        ...

    def check(self) -> Checked:
        """Catch up, verify every file (damage), compare stamps with the database, repair."""
        ...
