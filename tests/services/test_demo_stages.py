"""The demo's stage evidence: checklists, frozen gate evidence, conditions and an override."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from commissioner.models.enums import ConditionStatus, GateDecision, StageStatus
from commissioner.services.demo import build_demo_portfolio
from commissioner.services.projects import list_projects
from commissioner.services.stages import ProjectStages, get_stages
from commissioner.storage import Database, open_database

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[list[ProjectStages]]:
    db: Database = open_database(tmp_path / "demo.db", actor="tester")
    build_demo_portfolio(db, today=TODAY)
    yield [get_stages(db, summary.id) for summary in list_projects(db, include_archived=True)]
    db.close()


def test_every_stage_has_its_checklist_done_as_far_as_it_has_got(
    demo: list[ProjectStages],
) -> None:
    for project in demo:
        for stage in project.stages:
            done = [item.done for item in stage.checklist]
            assert done, (project.reference, stage.kind)
            if stage.status is StageStatus.COMPLETE:
                assert all(done)
            elif stage.status is StageStatus.IN_PROGRESS:
                assert any(done) and not all(done)
            else:
                assert not any(done)
            for item in stage.checklist:
                assert (item.done_on is not None) is item.done
                assert item.done_on is None or item.done_on <= TODAY


def test_gate_snapshots_hold_the_evidence_as_it_stood(demo: list[ProjectStages]) -> None:
    for project in demo:
        for stage in project.stages:
            for gate in stage.gates:
                assert len(gate.checklist_snapshot) == len(stage.checklist)
                expected = [
                    item.done_on is not None and item.done_on <= gate.decided_on
                    for item in stage.checklist
                ]
                assert [line.done for line in gate.checklist_snapshot] == expected
    deferred = [
        gate
        for project in demo
        for stage in project.stages
        for gate in stage.gates
        if gate.decision is GateDecision.DEFERRED
    ]
    assert any(not all(line.done for line in gate.checklist_snapshot) for gate in deferred)


def test_conditional_approvals_have_trackable_conditions(demo: list[ProjectStages]) -> None:
    conditions = []
    for project in demo:
        for stage in project.stages:
            for gate in stage.gates:
                if gate.decision is GateDecision.APPROVED_WITH_CONDITIONS:
                    assert gate.conditions, (project.reference, stage.kind)
                for condition in gate.conditions:
                    assert condition.owner and condition.due_on is not None
                    if condition.closed_on is not None:
                        assert gate.decided_on <= condition.closed_on <= TODAY
                    conditions.append(condition)
    statuses = {condition.status for condition in conditions}
    assert {ConditionStatus.OPEN, ConditionStatus.MET} <= statuses
    assert any(condition.is_overdue(TODAY) for condition in conditions)


def test_one_project_moved_on_without_approval_and_says_why(demo: list[ProjectStages]) -> None:
    overridden = [
        (project, stage) for project in demo for stage in project.stages if stage.override_reason
    ]

    assert len(overridden) == 1
    _project, stage = overridden[0]
    assert stage.status is StageStatus.COMPLETE
    assert not stage.may_advance
    assert "at risk" in stage.override_reason
    assert not stage.gates[-1].checklist_snapshot[-1].done
