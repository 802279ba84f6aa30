"""Delivery confidence assessments (DCAs): record, list and remove them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import DeliveryConfidenceAssessment, OrganisationSettings, Project
from commissioner.models.confidence_rules import DIMENSIONS, allowed_ratings
from commissioner.models.dates import DateFormatError, parse_date
from commissioner.models.enums import ConfidenceRating, ConfidenceScale, Rag
from commissioner.services.records import delete_record
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree


@dataclass(frozen=True)
class ConfidenceInput:
    """The assessment form as typed: the date still text, dimensions by column name."""

    assessed_on: str
    rating: ConfidenceRating
    rationale: str
    assessed_by: str = ""
    dimensions: dict[str, Rag | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    id: int
    assessed_on: dt.date
    rating: ConfidenceRating
    rationale: str
    assessed_by: str
    dimensions: tuple[tuple[str, Rag | None], ...]

    def dimension(self, column: str) -> Rag | None:
        return dict(self.dimensions).get(column)


def confidence_scale(db: Database) -> ConfidenceScale:
    with db.session() as session:
        settings = session.get(OrganisationSettings, 1)
        return settings.confidence_scale if settings else ConfidenceScale.FIVE_POINT


def list_assessments(db: Database, project_id: int) -> list[Assessment]:
    """A project's assessments, oldest first."""
    query = (
        select(DeliveryConfidenceAssessment)
        .where(DeliveryConfidenceAssessment.project_id == project_id)
        .order_by(DeliveryConfidenceAssessment.assessed_on, DeliveryConfidenceAssessment.id)
    )
    with db.session() as session:
        return [_assessment(row) for row in session.scalars(query)]


def _assessment(row: DeliveryConfidenceAssessment) -> Assessment:
    return Assessment(
        id=row.id,
        assessed_on=row.assessed_on,
        rating=row.rating,
        rationale=row.rationale,
        assessed_by=row.assessed_by,
        dimensions=tuple((column, getattr(row, column)) for column, _ in DIMENSIONS),
    )


def validate_assessment(
    form: ConfidenceInput, scale: ConfidenceScale, today: dt.date
) -> dict[str, object]:
    """Check the form; returns the column values or raises ValidationError per field."""
    problems: dict[str, str] = {}
    try:
        assessed_on = parse_date(form.assessed_on)
    except DateFormatError as error:
        problems["assessed_on"], assessed_on = str(error), None
    if assessed_on is None and "assessed_on" not in problems:
        problems["assessed_on"] = "Give the date of the review."
    elif assessed_on is not None and assessed_on > today:
        problems["assessed_on"] = "An assessment cannot be dated in the future."
    if form.rating not in allowed_ratings(scale):
        problems["rating"] = "Your council uses the three-point scale: choose Red, Amber or Green."
    if not form.rationale.strip():
        problems["rationale"] = "Say why: the rationale is what the board reads."
    unknown = set(form.dimensions) - {column for column, _ in DIMENSIONS}
    if unknown:
        problems["dimensions"] = f"Unknown dimensions: {', '.join(sorted(unknown))}."
    if problems:
        raise ValidationError(problems)
    return {
        "assessed_on": assessed_on,
        "rating": form.rating,
        "rationale": form.rationale.strip(),
        "assessed_by": " ".join(form.assessed_by.split()),
        **{column: form.dimensions.get(column) for column, _ in DIMENSIONS},
    }


def record_assessment(
    db: Database, project_id: int, form: ConfidenceInput, *, today: dt.date | None = None
) -> int:
    """Add an assessment to a project's history; returns its id."""
    with db.session() as session:
        if session.get(Project, project_id) is None:
            raise RecordNotFoundError("That project no longer exists.")
        settings = session.get(OrganisationSettings, 1)
        scale = settings.confidence_scale if settings else ConfidenceScale.FIVE_POINT
        values = validate_assessment(form, scale, today or dt.date.today())
        assessment = DeliveryConfidenceAssessment(project_id=project_id, **values)
        session.add(assessment)
        session.flush()
        return assessment.id


def delete_assessment(db: Database, assessment_id: int) -> RecordTree:
    """Remove an assessment (a mistaken entry); returns what undo needs."""
    return delete_record(db, DeliveryConfidenceAssessment, assessment_id, "assessment")
