"""Setting an expert's hand-entered attributes (gender, affiliation kind, country)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from quotesdb.attributes import clean_attributes
from quotesdb.db.experts import resolve_expert
from quotesdb.errors import InputError


@dataclass(frozen=True, slots=True)
class ExpertAttributes:
    id: int
    name: str
    is_person: bool
    gender: str | None
    affiliation_kind: str | None
    country: str | None


def set_expert_attributes(
    session: Session, name: str, given: dict[str, str | None]
) -> ExpertAttributes:
    """Check the values, then store them; "unknown" clears one. Nothing is inferred."""
    if not given:
        raise InputError("give at least one of --gender, --affiliation-kind, --country")
    values = clean_attributes(given)
    expert = resolve_expert(session, name)
    for attribute, value in values.items():
        setattr(expert, attribute, value)
    return ExpertAttributes(
        expert.id,
        expert.name,
        expert.is_person,
        expert.gender,
        expert.affiliation_kind,
        expert.country,
    )
