"""Closing the gaps: gap reviews with each member, and the training plan — development
actions per person, their cost, due dates and status, per person and per project.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import Competency, GapReview, Person, TeamMember, TrainingAction
from commissioner.models.dates import format_date
from commissioner.models.enums import DevelopmentKind, SkillLevel, TrainingStatus
from commissioner.models.team_rules import PlannedAction, overdue, plan_cost
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    load,
    remove,
    require_project,
)
from commissioner.services.skills import GapRow
from commissioner.services.supplier_input import date_field, optional_line, required_line
from commissioner.services.team_input import cost_field, cost_text, plan_date_field
from commissioner.storage import Database

# --- Gap reviews ----------------------------------------------------------------------


@dataclass(frozen=True)
class GapReviewInput:
    reviewed_on: str
    reviewed_by: str = ""
    notes: str = ""
    agreed_actions: str = ""


@dataclass(frozen=True)
class GapReviewRow:
    id: int
    person_id: int
    reviewed_on: dt.date
    reviewed_by: str
    notes: str
    agreed_actions: str

    def as_input(self) -> GapReviewInput:
        return GapReviewInput(
            format_date(self.reviewed_on), self.reviewed_by, self.notes, self.agreed_actions
        )


def _validate_review(form: GapReviewInput, today: dt.date) -> dict[str, object]:
    problems: dict[str, str] = {}
    values: dict[str, object] = {
        "reviewed_on": date_field(
            problems, "reviewed_on", form.reviewed_on, today, required=True, noun="review date"
        ),
        "reviewed_by": optional_line(problems, "reviewed_by", form.reviewed_by, "reviewer", 200),
        "notes": form.notes.strip(),
        "agreed_actions": form.agreed_actions.strip(),
    }
    if not values["notes"] and not values["agreed_actions"]:
        problems["notes"] = "Say what was discussed or what was agreed."
    if problems:
        raise ValidationError(problems)
    return values


def add_gap_review(db: Database, person_id: int, form: GapReviewInput, today: dt.date) -> int:
    """Record that a member's gaps were discussed with them; returns the review's id."""
    values = _validate_review(form, today)
    with db.session() as session:
        load(session, Person, person_id, "person")
        review = GapReview(person_id=person_id, **values)
        session.add(review)
        session.flush()
        return review.id


def update_gap_review(
    db: Database, review_id: int, form: GapReviewInput, today: dt.date
) -> GapReviewInput:
    """Correct a review; returns the form it replaced, for undo."""
    values = _validate_review(form, today)
    with db.session() as session:
        review = load(session, GapReview, review_id, "gap review")
        before = _review_row(review).as_input()
        assign(review, values)
        return before


def delete_gap_review(db: Database, review_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, GapReview, review_id, "gap review"))


def gap_reviews_for(db: Database, person_id: int) -> list[GapReviewRow]:
    """A person's gap reviews, newest first."""
    query = (
        select(GapReview)
        .where(GapReview.person_id == person_id)
        .order_by(GapReview.reviewed_on.desc(), GapReview.id.desc())
    )
    with db.session() as session:
        return [_review_row(review) for review in session.scalars(query)]


def _review_row(review: GapReview) -> GapReviewRow:
    return GapReviewRow(
        review.id,
        review.person_id,
        review.reviewed_on,
        review.reviewed_by,
        review.notes,
        review.agreed_actions,
    )


# --- Training actions -----------------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    """The training action form as typed: cost as '£1,250', dates as DD/MM/YYYY."""

    person_id: int
    description: str
    kind: DevelopmentKind = DevelopmentKind.INTERNAL_TRAINING
    competency_key: str = ""
    provider: str = ""
    cost: str = ""
    due_on: str = ""
    status: TrainingStatus = TrainingStatus.PLANNED
    completed_on: str = ""


@dataclass(frozen=True)
class ActionRow:
    id: int
    person_id: int
    full_name: str
    competency_key: str
    competency_name: str
    kind: DevelopmentKind
    description: str
    provider: str
    cost_pence: int | None
    due_on: dt.date | None
    status: TrainingStatus
    completed_on: dt.date | None
    overdue: bool

    def as_input(self) -> ActionInput:
        return ActionInput(
            person_id=self.person_id,
            description=self.description,
            kind=self.kind,
            competency_key=self.competency_key,
            provider=self.provider,
            cost=cost_text(self.cost_pence),
            due_on=format_date(self.due_on),
            status=self.status,
            completed_on=format_date(self.completed_on),
        )


@dataclass(frozen=True)
class TrainingPlan:
    actions: tuple[ActionRow, ...]
    total_cost_pence: int

    @property
    def overdue_count(self) -> int:
        return sum(action.overdue for action in self.actions)


def action_from_gap(gap_row: GapRow) -> ActionInput:
    """A training action form prefilled to close one gap.

    A one-level gap is usually closed in-house; a deeper one needs an external course.
    """
    required, current = gap_row.required, gap_row.current.level
    kind = (
        DevelopmentKind.INTERNAL_TRAINING if gap_row.gap == 1 else DevelopmentKind.EXTERNAL_COURSE
    )
    return ActionInput(
        person_id=gap_row.person_id,
        competency_key=gap_row.competency_key,
        kind=kind,
        description=(
            f"{gap_row.competency_name}: from {SkillLevel(current).label.lower()} "
            f"to {SkillLevel(required).label.lower()} for {gap_row.project_reference}"
        ),
    )


def _validate_action(form: ActionInput, today: dt.date) -> dict[str, object]:
    problems: dict[str, str] = {}
    status = TrainingStatus(form.status)
    values: dict[str, object] = {
        "person_id": form.person_id,
        "competency_key": form.competency_key.strip(),
        "kind": DevelopmentKind(form.kind),
        "description": required_line(
            problems, "description", form.description, "description of the action", 500
        ),
        "provider": optional_line(problems, "provider", form.provider, "provider", 200),
        "cost_pence": cost_field(problems, "cost", form.cost),
        "due_on": plan_date_field(problems, "due_on", form.due_on),
        "status": status,
        "completed_on": _completed_on(problems, status, form.completed_on, today),
    }
    if problems:
        raise ValidationError(problems)
    return values


def _completed_on(
    problems: dict[str, str], status: TrainingStatus, text: str, today: dt.date
) -> dt.date | None:
    completed = date_field(problems, "completed_on", text, today, noun="completion date")
    if status is TrainingStatus.DONE and completed is None and "completed_on" not in problems:
        problems["completed_on"] = "Give the date it was completed, as DD/MM/YYYY."
    # Only a finished action has a completion date.
    return completed if status is TrainingStatus.DONE else None


def _check_links(session: Session, values: dict[str, object]) -> None:
    load(session, Person, int(str(values["person_id"])), "person")
    key = values["competency_key"]
    if key and session.scalar(select(Competency.id).where(Competency.key == key)) is None:
        raise ValidationError({"competency_key": "That competency is no longer in the framework."})


def add_action(db: Database, form: ActionInput, today: dt.date) -> int:
    """Add a development action to a person's plan; returns its id."""
    values = _validate_action(form, today)
    with db.session() as session:
        _check_links(session, values)
        action = TrainingAction(**values)
        session.add(action)
        session.flush()
        return action.id


def update_action(db: Database, action_id: int, form: ActionInput, today: dt.date) -> ActionInput:
    """Change an action; returns the form it replaced, for undo."""
    values = _validate_action(form, today)
    with db.session() as session:
        action = load(session, TrainingAction, action_id, "training action")
        _check_links(session, values)
        before = _action_row(action, "", "", today).as_input()
        assign(action, values)
        return before


def set_status(
    db: Database, action_id: int, status: TrainingStatus, completed_on: str, today: dt.date
) -> ActionInput:
    """Move an action on (e.g. mark it done on a date); returns the form it replaced."""
    with db.session() as session:
        action = load(session, TrainingAction, action_id, "training action")
        before = _action_row(action, "", "", today).as_input()
        form = dataclasses.replace(before, status=status, completed_on=completed_on)
        assign(action, _validate_action(form, today))
        return before


def delete_action(db: Database, action_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, TrainingAction, action_id, "training action"))


# --- Plans ----------------------------------------------------------------------------


def plan_for_person(db: Database, person_id: int, today: dt.date) -> TrainingPlan:
    """A person's development actions, open ones by due date first."""
    with db.session() as session:
        load(session, Person, person_id, "person")
        return _plan(session, _actions().where(TrainingAction.person_id == person_id), today)


def plan_for_project(db: Database, project_id: int, today: dt.date) -> TrainingPlan:
    """The development actions of everyone on the project's team.

    A person's actions build capability they bring to every project they work on, so
    the plan shows all of them, not only those for this project's gaps.
    """
    team = select(TeamMember.person_id).where(TeamMember.project_id == project_id)
    with db.session() as session:
        require_project(session, project_id)
        return _plan(session, _actions().where(TrainingAction.person_id.in_(team)), today)


def _actions() -> Select[TrainingAction, str, str]:
    return (
        select(TrainingAction, Person.full_name, Competency.name)
        .join(Person, Person.id == TrainingAction.person_id)
        .outerjoin(Competency, Competency.key == TrainingAction.competency_key)
    )


_STATUS_ORDER = {
    TrainingStatus.IN_PROGRESS: 0,
    TrainingStatus.PLANNED: 1,
    TrainingStatus.DONE: 2,
    TrainingStatus.CANCELLED: 3,
}


def _plan(
    session: Session, query: Select[TrainingAction, str, str], today: dt.date
) -> TrainingPlan:
    rows = [
        _action_row(action, name, competency or "", today)
        for action, name, competency in session.execute(query)
    ]
    rows.sort(key=lambda r: (_STATUS_ORDER[r.status], r.due_on or dt.date.max, r.full_name, r.id))
    planned = (PlannedAction(r.status, r.due_on, r.cost_pence) for r in rows)
    return TrainingPlan(tuple(rows), plan_cost(planned))


def _action_row(action: TrainingAction, name: str, competency: str, today: dt.date) -> ActionRow:
    return ActionRow(
        id=action.id,
        person_id=action.person_id,
        full_name=name,
        competency_key=action.competency_key,
        competency_name=competency,
        kind=action.kind,
        description=action.description,
        provider=action.provider,
        cost_pence=action.cost_pence,
        due_on=action.due_on,
        status=action.status,
        completed_on=action.completed_on,
        overdue=overdue(PlannedAction(action.status, action.due_on, action.cost_pence), today),
    )
