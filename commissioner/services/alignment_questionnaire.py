"""The council's cultural alignment questionnaire and its self-assessment on it.

Both belong to the council, not to one project: every assessment in the file is made
on the same questionnaire, and the self-assessment says where the council is strong or
weak so that a supplier can be seen to complement or cover it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import AlignmentScore, CouncilSelfAssessment, CultureDimension
from commissioner.models.alignment_rules import Dimension
from commissioner.models.enums import SelfRating
from commissioner.services.golden_thread_records import assign
from commissioner.storage import Database

# --- The questionnaire ----------------------------------------------------------------


def list_dimensions(db: Database) -> tuple[Dimension, ...]:
    """The council's questionnaire in order."""
    query = select(CultureDimension).order_by(CultureDimension.sort_order, CultureDimension.id)
    with db.session() as session:
        return tuple(Dimension(d.key, d.name, d.low, d.high) for d in session.scalars(query))


def _new_key(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40] or "dimension"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def replace_questionnaire(db: Database, dimensions: Sequence[Dimension]) -> tuple[Dimension, ...]:
    """Make the questionnaire exactly ``dimensions`` (a blank key means a new dimension);
    returns the questionnaire as it was, for undo.

    Scores already recorded on a removed dimension stay in their assessments and still
    count in those assessments' index; renaming a dimension keeps its history. A new
    dimension never takes the key of one removed earlier, so it starts with no history.
    """
    names = [" ".join(d.name.split()) for d in dimensions]
    _check_questionnaire(dimensions, names)
    before = list_dimensions(db)
    with db.session() as session:
        existing = {row.key: row for row in session.scalars(select(CultureDimension))}
        wanted = {d.key for d in dimensions if d.key}
        for key, removed in existing.items():
            if key not in wanted:
                session.delete(removed)
        session.flush()
        taken = wanted | set(existing) | _keys_with_history(session)
        for position, (name, dimension) in enumerate(zip(names, dimensions, strict=True)):
            low, high = " ".join(dimension.low.split()), " ".join(dimension.high.split())
            row = existing.get(dimension.key) if dimension.key else None
            if row is None:
                key = dimension.key or _new_key(name, taken)
                taken.add(key)
                session.add(
                    CultureDimension(key=key, name=name, low=low, high=high, sort_order=position)
                )
                continue
            assign(row, {"name": name, "low": low, "high": high, "sort_order": position})
    return before


def _check_questionnaire(dimensions: Sequence[Dimension], names: Sequence[str]) -> None:
    keys = [d.key for d in dimensions if d.key]
    problem = ""
    if not dimensions:
        problem = "Keep at least one dimension in the questionnaire."
    elif any(not name for name in names):
        problem = "Give every dimension a name."
    elif len({name.casefold() for name in names}) != len(names):
        problem = "Each dimension needs its own name."
    elif len(set(keys)) != len(keys):
        # Two rows sharing a key would merge their scores' history into one dimension.
        problem = "Each dimension needs its own key."
    elif any(
        len(name) > 200 or len(d.low) > 200 or len(d.high) > 200
        for name, d in zip(names, dimensions, strict=True)
    ):
        problem = "Keep names and scale ends to 200 characters."
    if problem:
        raise ValidationError({"dimensions": problem})


def _keys_with_history(session: Session) -> set[str]:
    """Keys that scores or the self-assessment still use, removed dimensions' included."""
    scored = session.scalars(select(AlignmentScore.dimension).distinct())
    rated = session.scalars(select(CouncilSelfAssessment.dimension))
    return set(scored) | set(rated)


# --- The council's self-assessment ----------------------------------------------------


@dataclass(frozen=True)
class SelfAssessmentEntry:
    rating: SelfRating = SelfRating.NEUTRAL
    note: str = ""


def get_self_assessment(db: Database) -> dict[str, SelfAssessmentEntry]:
    """The council's strengths and weaknesses by dimension key (unrated keys are absent)."""
    with db.session() as session:
        return {
            row.dimension: SelfAssessmentEntry(row.rating, row.note)
            for row in session.scalars(select(CouncilSelfAssessment))
        }


def set_self_assessment(
    db: Database, entries: dict[str, SelfAssessmentEntry]
) -> dict[str, SelfAssessmentEntry]:
    """Save the self-assessment for the given keys; returns what it was, for undo."""
    before = get_self_assessment(db)
    with db.session() as session:
        rows = {row.dimension: row for row in session.scalars(select(CouncilSelfAssessment))}
        for key, entry in entries.items():
            row = rows.get(key)
            note = entry.note.strip()
            if row is None:
                session.add(CouncilSelfAssessment(dimension=key, rating=entry.rating, note=note))
            else:
                assign(row, {"rating": entry.rating, "note": note})
        for key, row in rows.items():
            if key not in entries:
                session.delete(row)
    return before
