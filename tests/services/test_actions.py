"""The action tracker and the decisions log."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.errors import ValidationError
from commissioner.models import Gate, GateCondition, RaidItem, Stage
from commissioner.models.enums import ActionStatus, GateDecision, RaidKind
from commissioner.services import actions, communications
from commissioner.services.actions import ActionFilter, ActionInput
from commissioner.services.communications import MeetingInput
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 5, 14)


@pytest.fixture
def project(db: Database, make_project: MakeProject) -> int:
    return make_project(db)


def test_overdue_and_open_filters(db: Database, project: int) -> None:
    late = actions.add_action(db, project, ActionInput("Chase TUPE list", due_on="01/05/2026"))
    actions.add_action(db, project, ActionInput("Due today", due_on="14/05/2026"))
    done = actions.add_action(db, project, ActionInput("Old one", due_on="01/01/2026"))
    actions.mark_done(db, done, today=TODAY)

    every = actions.list_actions(db, project, today=TODAY)
    assert [row.description for row in every] == ["Chase TUPE list", "Due today", "Old one"]
    assert [row.overdue for row in every] == [True, False, False]
    open_only = actions.list_actions(db, project, ActionFilter(open_only=True), today=TODAY)
    assert len(open_only) == 2
    overdue = actions.list_actions(db, project, ActionFilter(overdue_only=True), today=TODAY)
    assert [row.id for row in overdue] == [late]


def test_mark_done_then_reopen(db: Database, project: int) -> None:
    action_id = actions.add_action(db, project, ActionInput("Sign minutes"))
    previous = actions.mark_done(db, action_id, today=TODAY)
    assert previous == (ActionStatus.OPEN, None)
    (row,) = actions.list_actions(db, project, today=TODAY)
    assert row.status is ActionStatus.DONE and row.completed_on == TODAY
    assert actions.reopen(db, action_id) == (ActionStatus.DONE, TODAY)
    (row,) = actions.list_actions(db, project, today=TODAY)
    assert row.status is ActionStatus.OPEN and row.completed_on is None


def _risk_and_condition(db: Database, project_id: int) -> tuple[int, int]:
    with db.session() as session:
        stage = session.query(Stage).filter_by(project_id=project_id).first()
        assert stage is not None
        gate = Gate(
            stage_id=stage.id,
            decision=GateDecision.APPROVED_WITH_CONDITIONS,
            decided_on=dt.date(2026, 4, 1),
            decision_maker="Board",
        )
        session.add(gate)
        session.flush()
        condition = GateCondition(gate_id=gate.id, text="Confirm TUPE costs")
        risk = RaidItem(project_id=project_id, kind=RaidKind.ASSUMPTION, reference="A-01",
                        title="Staff transfer")  # fmt: skip
        session.add_all([condition, risk])
        session.flush()
        return risk.id, condition.id


def test_links_to_risk_and_condition_of_the_same_project_only(
    db: Database, project: int, make_project: MakeProject
) -> None:
    risk_id, condition_id = _risk_and_condition(db, project)
    action_id = actions.add_action(
        db, project, ActionInput("Cost TUPE", risk_id=risk_id, gate_condition_id=condition_id)
    )
    (row,) = actions.list_actions(db, project, today=TODAY)
    assert "Risk A-01" in row.source and "Confirm TUPE" in row.source
    other = make_project(db)
    with pytest.raises(ValidationError) as caught:
        actions.add_action(
            db, other, ActionInput("Wrong", risk_id=risk_id, gate_condition_id=condition_id)
        )
    assert set(caught.value.problems) == {"risk_id", "gate_condition_id"}
    previous = actions.update_action(db, action_id, ActionInput("Cost TUPE now", "Ann"))
    assert previous.risk_id == risk_id
    (row,) = actions.list_actions(db, project, today=TODAY)
    assert row.description == "Cost TUPE now" and row.source == ""


def test_blank_description_and_bad_date(db: Database, project: int) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.add_action(db, project, ActionInput(" ", due_on="32/01/2026"))
    assert set(caught.value.problems) == {"description", "due_on"}


def test_decisions_log_newest_first(db: Database, project: int) -> None:
    for day, text in ((1, "First"), (9, "Second")):
        communications.log_meeting(
            db, project, MeetingInput(f"0{day}/04/2026", "Board", decisions=(text,))
        )
    rows = actions.list_decisions(db, project)
    assert [(row.summary, row.source) for row in rows] == [("Second", "Board"), ("First", "Board")]
    assert rows[0].decided_on == dt.date(2026, 4, 9)
