"""The training plan and gap reviews: actions from gaps, status changes, totals, overdue
items, validation, undo — and the whole story from a new member to a closed gap."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from commissioner.errors import ValidationError
from commissioner.models.enums import DevelopmentKind, SupplierCategory, TeamRole, TrainingStatus
from commissioner.services import training
from commissioner.services.golden_thread_records import restore_removal
from commissioner.services.people import PersonInput, add_person
from commissioner.services.skills import RatingInput, gaps_for_project, rate, skills_matrix
from commissioner.services.team import MemberInput, add_member
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 10, 15)
CM, PM = TeamRole.CONTRACT_MANAGEMENT, TeamRole.PROJECT_MANAGEMENT
DONE, CANCELLED = TrainingStatus.DONE, TrainingStatus.CANCELLED


def _person(db: Database, name: str = "Priya Shah") -> int:
    return add_person(db, PersonInput(name, "Contracts officer", "", "0.5"))


def _problems(attempt: Callable[[], object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        attempt()
    return caught.value.problems


def _action(db: Database, person: int, cost: str, due: str = "", **fields: Any) -> int:
    form = training.ActionInput(person, f"Course costing {cost}", cost=cost, due_on=due)
    return training.add_action(db, dataclasses.replace(form, **fields), TODAY)


def test_the_whole_story_from_a_new_member_to_a_closed_gap(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, supplier_category=SupplierCategory.STRATEGIC_PARTNER)
    person = _person(db)
    add_member(db, project, MemberInput(person, "0.6", (CM, PM)))
    rate(db, person, "cm_duty_to_warn", RatingInput(2, 1, "01/09/2026", "Jo Manager"), TODAY)

    gap = next(g for g in gaps_for_project(db, project) if g.competency_key == "cm_duty_to_warn")
    assert (gap.required, gap.current.level, gap.gap, gap.open_action_id) == (3, 1, 2, None)

    form = training.action_from_gap(gap)
    assert (
        form.kind is DevelopmentKind.EXTERNAL_COURSE and form.competency_key == gap.competency_key
    )
    assert form.description.startswith("Suppliers' expert responsibilities and duty to warn: from")
    action = training.add_action(db, dataclasses.replace(form, cost="£1,250"), TODAY)
    reopened = next(
        g for g in gaps_for_project(db, project) if g.competency_key == gap.competency_key
    )
    assert reopened.open_action_id == action

    before = training.set_status(db, action, DONE, "10/10/2026", TODAY)
    assert before.status is TrainingStatus.PLANNED
    (done,) = training.plan_for_person(db, person, TODAY).actions
    assert (done.status, done.completed_on) == (DONE, dt.date(2026, 10, 10))
    still = {g.competency_key: g for g in gaps_for_project(db, project)}["cm_duty_to_warn"]
    assert still.gap == 2 and still.open_action_id is None

    rate(db, person, "cm_duty_to_warn", RatingInput(None, 3, "14/10/2026", "Jo Manager"), TODAY)
    assert "cm_duty_to_warn" not in {g.competency_key for g in gaps_for_project(db, project)}
    cell = skills_matrix(db, project).cell(person, "cm_duty_to_warn")
    assert cell is not None and cell.gap == 0

    training.update_action(db, action, before, TODAY)
    (undone,) = training.plan_for_person(db, person, TODAY).actions
    assert (undone.status, undone.completed_on) == (TrainingStatus.PLANNED, None)


def test_plan_totals_leave_out_cancelled_actions_and_flag_overdue_ones(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    on_team, elsewhere = _person(db, "Priya Shah"), _person(db, "Amir Khan")
    add_member(db, project, MemberInput(on_team, "0.5", (PM,)))
    late = _action(db, on_team, "£1,250", due="14/10/2026")
    _action(db, on_team, "£300.50", due="15/10/2026")
    _action(db, on_team, "£5,000", status=CANCELLED, due="01/01/2026")
    _action(db, on_team, "£90", status=DONE, completed_on="01/10/2026", due="01/01/2026")
    _action(db, elsewhere, "£9,999")

    plan = training.plan_for_project(db, project, TODAY)
    assert plan.total_cost_pence == 125_000 + 30_050 + 9_000
    assert [a.id for a in plan.actions if a.overdue] == [late]
    assert plan.overdue_count == 1
    assert [a.status for a in plan.actions] == [
        TrainingStatus.PLANNED,
        TrainingStatus.PLANNED,
        DONE,
        CANCELLED,
    ]
    assert training.plan_for_person(db, elsewhere, TODAY).total_cost_pence == 999_900


def test_action_validation_messages_and_text_kept_as_typed(db: Database) -> None:
    person = _person(db)
    bad = training.ActionInput(person, " ", cost="-£50", due_on="31/02/2027", status=DONE)
    problems = _problems(lambda: training.add_action(db, bad, TODAY))
    assert problems == {
        "description": "Give the description of the action.",
        "cost": "The cost cannot be negative.",
        "due_on": "31/02/2027 is not a real date (check the day and the month).",
        "completed_on": "Give the date it was completed, as DD/MM/YYYY.",
    }
    form = training.ActionInput(person, "Mentoring <1:1> & shadowing", provider="A & <B>")
    action = training.add_action(db, form, TODAY)
    (row,) = training.plan_for_person(db, person, TODAY).actions
    assert (row.description, row.provider, row.cost_pence) == (
        "Mentoring <1:1> & shadowing",
        "A & <B>",
        None,
    )
    assert row.as_input() == form
    unknown = dataclasses.replace(form, competency_key="gone")
    assert _problems(lambda: training.update_action(db, action, unknown, TODAY)) == {
        "competency_key": "That competency is no longer in the framework."
    }


def test_deleting_an_action_can_be_undone(db: Database) -> None:
    person = _person(db)
    action = _action(db, person, "£1,250", due="01/12/2026")
    removal = training.delete_action(db, action)
    assert training.plan_for_person(db, person, TODAY).actions == ()
    restore_removal(db, removal)
    (back,) = training.plan_for_person(db, person, TODAY).actions
    assert (back.id, back.cost_pence, back.as_input().cost) == (action, 125_000, "£1,250")


def test_gap_reviews_record_what_was_discussed_and_agreed(db: Database) -> None:
    person = _person(db)
    first = training.GapReviewInput("01/09/2026", "Jo Manager", "Duty to warn & <logs>", "Course")
    training.add_gap_review(db, person, first, TODAY)
    later = training.add_gap_review(
        db, person, training.GapReviewInput("01/10/2026", agreed_actions="Mentoring"), TODAY
    )
    reviews = training.gap_reviews_for(db, person)
    assert [r.reviewed_on.month for r in reviews] == [10, 9]
    assert reviews[1].as_input() == first

    empty = training.GapReviewInput("32/01/2026")
    assert _problems(lambda: training.add_gap_review(db, person, empty, TODAY)) == {
        "reviewed_on": "32/01/2026 is not a real date (check the day and the month).",
        "notes": "Say what was discussed or what was agreed.",
    }
    before = training.update_gap_review(db, later, first, TODAY)
    assert before == training.GapReviewInput("01/10/2026", agreed_actions="Mentoring")
    removal = training.delete_gap_review(db, later)
    assert len(training.gap_reviews_for(db, person)) == 1
    restore_removal(db, removal)
    assert len(training.gap_reviews_for(db, person)) == 2
