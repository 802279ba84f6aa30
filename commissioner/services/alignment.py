"""Cultural alignment: the council's questionnaire and self-assessment, dated assessments
of each supplier, side-by-side comparison and the trend through the contract's life.

The index and the complement/cover verdicts are the rules in
``commissioner.models.alignment_rules``; this module only reads and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import (
    AlignmentAssessment,
    AlignmentScore,
    ProjectSupplier,
    Supplier,
)
from commissioner.models.alignment_rules import (
    Positions,
    alignment_index,
    complements_and_covers,
    falling_trend,
)
from commissioner.models.enums import SupplierCategory, SupplierRole

# The questionnaire and self-assessment live in their own module; callers reach them here.
from commissioner.services.alignment_questionnaire import (
    SelfAssessmentEntry as SelfAssessmentEntry,
)
from commissioner.services.alignment_questionnaire import (
    get_self_assessment as get_self_assessment,
)
from commissioner.services.alignment_questionnaire import list_dimensions as list_dimensions
from commissioner.services.alignment_questionnaire import (
    replace_questionnaire as replace_questionnaire,
)
from commissioner.services.alignment_questionnaire import (
    set_self_assessment as set_self_assessment,
)
from commissioner.services.golden_thread_records import Removal, assign, load, remove
from commissioner.services.supplier_input import date_field, name_order, optional_line
from commissioner.storage import Database

POSITION_MIN, POSITION_MAX = 1, 5


# --- Assessments ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    """Both sides' positions on one dimension, 1 to 5."""

    dimension: str
    council_position: int
    supplier_position: int
    evidence: str = ""

    @property
    def gap(self) -> int:
        return abs(self.council_position - self.supplier_position)


@dataclass(frozen=True)
class AssessmentInput:
    """The assessment form as typed: the date still text."""

    assessed_on: str
    assessor: str
    scores: tuple[ScoreInput, ...] = ()


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    assessed_on: dt.date
    assessor: str
    scores: tuple[ScoreInput, ...]

    @property
    def positions(self) -> dict[str, Positions]:
        return {
            s.dimension: Positions(s.council_position, s.supplier_position) for s in self.scores
        }

    @property
    def index(self) -> int | None:
        return alignment_index(self.positions)

    def score_for(self, dimension: str) -> ScoreInput | None:
        return next((s for s in self.scores if s.dimension == dimension), None)

    def as_input(self) -> AssessmentInput:
        return AssessmentInput(self.assessed_on.strftime("%d/%m/%Y"), self.assessor, self.scores)


def validate_assessment(
    form: AssessmentInput, dimension_keys: Sequence[str], today: dt.date
) -> tuple[dict[str, object], tuple[ScoreInput, ...]]:
    problems: dict[str, str] = {}
    assessed_on = date_field(
        problems, "assessed_on", form.assessed_on, today, required=True, noun="assessment date"
    )
    assessor = optional_line(problems, "assessor", form.assessor, "assessor's name", 200)
    if not assessor and "assessor" not in problems:
        problems["assessor"] = "Say who made the assessment."
    scores = tuple(form.scores)
    keys = [s.dimension for s in scores]
    if not scores:
        problems["scores"] = "Score at least one dimension."
    elif len(set(keys)) != len(keys):
        problems["scores"] = "Each dimension can be scored once per assessment."
    elif any(key not in dimension_keys for key in keys):
        problems["scores"] = "A dimension is no longer in the questionnaire; open the form again."
    for score in scores:
        for position in (score.council_position, score.supplier_position):
            if not POSITION_MIN <= position <= POSITION_MAX:
                problems["scores"] = "Place both sides from 1 to 5 on every dimension."
    if problems:
        raise ValidationError(problems)
    return {"assessed_on": assessed_on, "assessor": assessor}, scores


def _score_records(scores: Sequence[ScoreInput]) -> list[AlignmentScore]:
    return [
        AlignmentScore(
            dimension=s.dimension,
            council_position=s.council_position,
            supplier_position=s.supplier_position,
            evidence=s.evidence.strip(),
        )
        for s in scores
    ]


def add_assessment(
    db: Database, relationship_id: int, form: AssessmentInput, today: dt.date
) -> int:
    """Record a dated assessment of a supplier on the questionnaire; returns its id."""
    keys = [d.key for d in list_dimensions(db)]
    values, scores = validate_assessment(form, keys, today)
    with db.session() as session:
        link = load(session, ProjectSupplier, relationship_id, "supplier relationship")
        _refuse_same_day(session, relationship_id, values["assessed_on"], None)
        record = AlignmentAssessment(**values)
        record.scores = _score_records(scores)
        link.assessments.append(record)
        session.flush()
        return record.id


def update_assessment(
    db: Database, assessment_id: int, form: AssessmentInput, today: dt.date
) -> None:
    """Save an assessment over the one recorded; scores not in the form are removed."""
    with db.session() as session:
        record = load(session, AlignmentAssessment, assessment_id, "assessment")
        kept = [s.dimension for s in record.scores]
    keys = [d.key for d in list_dimensions(db)] + kept
    values, scores = validate_assessment(form, keys, today)
    with db.session() as session:
        record = load(session, AlignmentAssessment, assessment_id, "assessment")
        _refuse_same_day(session, record.project_supplier_id, values["assessed_on"], record.id)
        assign(record, values)
        by_key = {s.dimension: s for s in record.scores}
        for score in scores:
            row = by_key.pop(score.dimension, None)
            if row is None:
                record.scores.extend(_score_records([score]))
                continue
            assign(
                row,
                {
                    "council_position": score.council_position,
                    "supplier_position": score.supplier_position,
                    "evidence": score.evidence.strip(),
                },
            )
        for row in by_key.values():
            record.scores.remove(row)


def _refuse_same_day(
    session: Session, relationship_id: int, day: object, except_id: int | None
) -> None:
    query = select(AlignmentAssessment.id).where(
        AlignmentAssessment.project_supplier_id == relationship_id,
        AlignmentAssessment.assessed_on == day,
    )
    if except_id is not None:
        query = query.where(AlignmentAssessment.id != except_id)
    if session.scalar(query) is not None:
        raise ValidationError(
            {
                "assessed_on": "This supplier already has an assessment on that date; "
                "edit that one instead."
            }
        )


def delete_assessment(db: Database, assessment_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, AlignmentAssessment, assessment_id, "assessment"))


def list_assessments(db: Database, relationship_id: int) -> list[AssessmentRow]:
    """A supplier's assessments, oldest first."""
    query = (
        select(AlignmentAssessment)
        .where(AlignmentAssessment.project_supplier_id == relationship_id)
        .order_by(AlignmentAssessment.assessed_on, AlignmentAssessment.id)
    )
    with db.session() as session:
        return [_assessment_row(record) for record in session.scalars(query)]


def _assessment_row(record: AlignmentAssessment) -> AssessmentRow:
    return AssessmentRow(
        id=record.id,
        assessed_on=record.assessed_on,
        assessor=record.assessor,
        scores=tuple(
            ScoreInput(s.dimension, s.council_position, s.supplier_position, s.evidence)
            for s in record.scores
        ),
    )


def starting_positions(db: Database, relationship_id: int) -> dict[str, ScoreInput]:
    """Where a new assessment's form starts: this supplier's last assessment, or failing
    that the council's own positions from the latest assessment in the file.

    Only dimensions still in the questionnaire are given: a new assessment cannot score
    a removed one.
    """
    current = {d.key for d in list_dimensions(db)}
    latest = list_assessments(db, relationship_id)
    if latest:
        return {s.dimension: s for s in latest[-1].scores if s.dimension in current}
    query = select(AlignmentAssessment).order_by(
        AlignmentAssessment.assessed_on.desc(), AlignmentAssessment.id.desc()
    )
    with db.session() as session:
        record = session.scalars(query.limit(1)).first()
        if record is None:
            return {}
        return {
            s.dimension: ScoreInput(s.dimension, s.council_position, s.council_position)
            for s in record.scores
            if s.dimension in current
        }


# --- Comparison and trend -------------------------------------------------------------


@dataclass(frozen=True)
class SupplierComparison:
    """A supplier's latest culture reading beside its price and capability scores."""

    relationship_id: int
    supplier_name: str
    role: SupplierRole
    category: SupplierCategory
    price_score: float | None
    capability_score: float | None
    assessed_on: dt.date | None
    index: int | None
    gaps: dict[str, int] = field(default_factory=dict)
    verdicts: dict[str, str] = field(default_factory=dict)


def compare_suppliers(
    db: Database,
    project_id: int,
    roles: Sequence[SupplierRole] = (SupplierRole.SHORTLISTED, SupplierRole.CONTRACTED),
) -> list[SupplierComparison]:
    """Shortlisted (and contracted) suppliers side by side, best alignment first."""
    self_ratings = {key: entry.rating for key, entry in get_self_assessment(db).items()}
    query = (
        select(ProjectSupplier, Supplier.name)
        .join(Supplier, Supplier.id == ProjectSupplier.supplier_id)
        .where(ProjectSupplier.project_id == project_id, ProjectSupplier.role.in_(roles))
    )
    with db.session() as session:
        links = [
            (link.id, name, link.role, link.category, link.price_score, link.capability_score)
            for link, name in session.execute(query)
        ]
    result = []
    for link_id, name, role, category, price, capability in links:
        assessments = list_assessments(db, link_id)
        latest = assessments[-1] if assessments else None
        positions = latest.positions if latest else {}
        result.append(
            SupplierComparison(
                relationship_id=link_id,
                supplier_name=name,
                role=role,
                category=category,
                price_score=price,
                capability_score=capability,
                assessed_on=latest.assessed_on if latest else None,
                index=alignment_index(positions),
                gaps={key: p.gap for key, p in positions.items()},
                verdicts=complements_and_covers(self_ratings, positions),
            )
        )
    return sorted(
        result, key=lambda c: (c.index is None, -(c.index or 0), name_order(c.supplier_name))
    )


@dataclass(frozen=True)
class AlignmentTrend:
    """A supplier's index and per-dimension gaps at each assessment, oldest first."""

    dates: tuple[dt.date, ...]
    indexes: tuple[int | None, ...]
    gaps: dict[str, tuple[int | None, ...]]

    @property
    def falling(self) -> bool:
        return falling_trend(self.indexes)


def alignment_trend(db: Database, relationship_id: int) -> AlignmentTrend:
    assessments = list_assessments(db, relationship_id)
    keys: list[str] = []
    for assessment in assessments:
        keys += [s.dimension for s in assessment.scores if s.dimension not in keys]
    gaps = {
        key: tuple(
            (score.gap if (score := a.score_for(key)) is not None else None) for a in assessments
        )
        for key in keys
    }
    return AlignmentTrend(
        dates=tuple(a.assessed_on for a in assessments),
        indexes=tuple(a.index for a in assessments),
        gaps=gaps,
    )


@dataclass(frozen=True)
class FallingAlignment:
    """A supplier whose alignment index fell at its latest reassessment."""

    supplier_name: str
    previous: int
    latest: int
    relationship_id: int = 0


def falling_alignments(db: Database, project_id: int) -> list[FallingAlignment]:
    """The project's suppliers whose latest reassessment shows a falling trend."""
    query = (
        select(ProjectSupplier.id, Supplier.name)
        .join(Supplier, Supplier.id == ProjectSupplier.supplier_id)
        .where(ProjectSupplier.project_id == project_id)
    )
    with db.session() as session:
        links = list(session.execute(query))
    flags = []
    for link_id, name in links:
        trend = alignment_trend(db, link_id)
        if trend.falling:
            known = [index for index in trend.indexes if index is not None]
            flags.append(FallingAlignment(name, known[-2], known[-1], link_id))
    return flags
