"""The extractor's output record, shared by the CLI, ingest and tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

QuoteKind = Literal["full", "partial"]


@dataclass(frozen=True, slots=True)
class ExtractedQuote:
    """One quotation found in cleaned article text.

    Offsets index the cleaned text the extractor was given, so a stored article
    text plus these offsets always recovers the verbatim words.
    """

    text: str
    speaker: str | None
    speaker_description: str | None
    start: int
    end: int
    kind: QuoteKind
    paragraph_start: int
    paragraph_end: int
    group: int | None = None  # quotes split around one attribution share a group number
    speaker_is_person: bool = True
    # How sure the attribution is (0-1), from the evidence it rests on; None when no speaker.
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
