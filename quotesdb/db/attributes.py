"""Setting an expert's hand-entered attributes (gender, affiliation kind, country)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from quotesdb.attributes import clean_attributes
from quotesdb.db.experts import resolve_expert
from quotesdb.db.models import Expert
from quotesdb.errors import InputError, NotFoundError


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
    values = _checked(given)
    return _apply(resolve_expert(session, name), values)


def set_attributes_of(
    session: Session, expert_id: int, given: dict[str, str | None]
) -> ExpertAttributes:
    """`set_expert_attributes` for the expert with this id (the web app's forms)."""
    values = _checked(given)
    expert = session.get(Expert, expert_id)
    if expert is None:
        raise NotFoundError(f"no expert with id {expert_id}")
    return _apply(expert, values)


def _checked(given: dict[str, str | None]) -> dict[str, str | None]:
    if not given:
        raise InputError("give at least one of --gender, --affiliation-kind, --country")
    return clean_attributes(given)


def _apply(expert: Expert, values: dict[str, str | None]) -> ExpertAttributes:
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
