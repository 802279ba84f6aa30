"""Use cases for a project's benefits register: benefits and dis-benefits, and how far
each has been realised."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import Benefit, ProjectObjective
from commissioner.models.dates import format_date
from commissioner.models.enums import BenefitKind
from commissioner.models.golden_thread_rules import BenefitProgress, benefit_progress
from commissioner.services.golden_thread_input import (
    BenefitInput,
    ValidBenefit,
    number_text,
    validate_benefit,
)
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    check_objectives,
    load,
    remove,
    require_project,
)
from commissioner.storage import Database


@dataclass(frozen=True)
class ObjectiveOption:
    """An objective a benefit can be linked to."""

    id: int
    code: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class BenefitRow:
    """One line of the benefits register."""

    id: int
    kind: BenefitKind
    description: str
    owner: str
    measure: str
    unit: str
    baseline: float | None
    target: float | None
    expected_on: dt.date | None
    realised_value: float | None
    objective: ObjectiveOption | None

    @property
    def progress(self) -> BenefitProgress:
        """How far realised against target, in a form that reads as words."""
        return benefit_progress(
            self.baseline,
            self.target,
            self.realised_value,
            dis_benefit=self.kind is BenefitKind.DIS_BENEFIT,
        )

    def as_input(self) -> BenefitInput:
        return BenefitInput(
            description=self.description,
            kind=self.kind,
            owner=self.owner,
            measure=self.measure,
            unit=self.unit,
            baseline=number_text(self.baseline),
            target=number_text(self.target),
            expected_on=format_date(self.expected_on),
            realised_value=number_text(self.realised_value),
            objective_id=self.objective.id if self.objective else None,
        )


def list_objective_options(db: Database, project_id: int) -> list[ObjectiveOption]:
    """The project's objectives, by code, for link pickers."""
    query = (
        select(ProjectObjective.id, ProjectObjective.code, ProjectObjective.title)
        .where(ProjectObjective.project_id == project_id)
        .order_by(ProjectObjective.code, ProjectObjective.id)
    )
    with db.session() as session:
        return [ObjectiveOption(*row) for row in session.execute(query)]


def list_benefits(db: Database, project_id: int) -> list[BenefitRow]:
    """The project's benefits then dis-benefits, each by expected date (undated last)."""
    query = (
        select(
            Benefit.id,
            Benefit.kind,
            Benefit.description,
            Benefit.owner,
            Benefit.measure,
            Benefit.unit,
            Benefit.baseline,
            Benefit.target,
            Benefit.expected_on,
            Benefit.realised_value,
            ProjectObjective.id,
            ProjectObjective.code,
            ProjectObjective.title,
        )
        .outerjoin(ProjectObjective, Benefit.objective_id == ProjectObjective.id)
        .where(Benefit.project_id == project_id)
        .order_by(Benefit.kind, Benefit.expected_on.is_(None), Benefit.expected_on, Benefit.id)
    )
    with db.session() as session:
        rows = session.execute(query).all()
    return [
        BenefitRow(*row[:10], ObjectiveOption(row[10], row[11], row[12]) if row[10] else None)
        for row in rows
    ]


def create_benefit(db: Database, project_id: int, form: BenefitInput) -> int:
    """Add a benefit or dis-benefit to the project's register; returns its id."""
    with db.session() as session:
        require_project(session, project_id)
        valid = _valid_benefit(session, project_id, form)
        benefit = Benefit(project_id=project_id, **_benefit_columns(valid))
        session.add(benefit)
        session.flush()
        return benefit.id


def update_benefit(db: Database, benefit_id: int, form: BenefitInput) -> None:
    """Save the benefit form, e.g. to record the value realised so far."""
    with db.session() as session:
        benefit = load(session, Benefit, benefit_id, "benefit")
        valid = _valid_benefit(session, benefit.project_id, form)
        assign(benefit, _benefit_columns(valid))


def delete_benefit(db: Database, benefit_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, Benefit, benefit_id, "benefit"))


def _valid_benefit(session: Session, project_id: int, form: BenefitInput) -> ValidBenefit:
    valid = validate_benefit(form)
    if valid.objective_id is not None:
        try:
            check_objectives(session, project_id, (valid.objective_id,))
        except ValidationError:
            raise ValidationError(
                {"objective_id": "That objective no longer exists; choose another."}
            ) from None
    return valid


def _benefit_columns(valid: ValidBenefit) -> dict[str, object]:
    return {
        "kind": valid.kind,
        "description": valid.description,
        "owner": valid.owner,
        "measure": valid.measure,
        "unit": valid.unit,
        "baseline": valid.baseline,
        "target": valid.target,
        "expected_on": valid.expected_on,
        "realised_value": valid.realised_value,
        "objective_id": valid.objective_id,
    }
