"""Undoing a delete puts a project back exactly as it was, children and all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from commissioner.errors import RecordNotFoundError
from commissioner.models import DeliveryConfidenceAssessment, Gate, Project, Stage
from commissioner.models.enums import ConfidenceRating, GateDecision, StageKind
from commissioner.services.projects import (
    delete_project,
    get_project,
    list_projects,
    restore_records,
)
from commissioner.storage import Database

MakeProject = Callable[..., int]


def _add_gates_and_assessments(db: Database, project_id: int) -> None:
    with db.session() as session:
        stages = {
            stage.kind: stage
            for stage in session.scalars(select(Stage).where(Stage.project_id == project_id))
        }
        stages[StageKind.NEEDS_ASSESSMENT].gates += [
            Gate(
                decision=GateDecision.DEFERRED,
                decided_on=dt.date(2026, 5, 1),
                decision_maker="Commissioning board",
                conditions="Consult service users first",
            ),
            Gate(
                decision=GateDecision.APPROVED_WITH_CONDITIONS,
                decided_on=dt.date(2026, 6, 1),
                decision_maker="Commissioning board",
                conditions="Report back in three months",
            ),
        ]
        session.add_all(
            DeliveryConfidenceAssessment(
                project_id=project_id,
                assessed_on=assessed_on,
                rating=rating,
                rationale="Market engagement went well",
                assessed_by="CRO",
            )
            for assessed_on, rating in [
                (dt.date(2026, 5, 1), ConfidenceRating.AMBER),
                (dt.date(2026, 6, 1), ConfidenceRating.AMBER_GREEN),
            ]
        )


def _rows(db: Database, table: type[Project | Stage | Gate | DeliveryConfidenceAssessment]) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_deleted_project_is_gone_with_everything_it_owned(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    _add_gates_and_assessments(db, project_id)

    delete_project(db, project_id)

    with pytest.raises(RecordNotFoundError):
        get_project(db, project_id)
    for table in (Project, Stage, Gate, DeliveryConfidenceAssessment):
        assert _rows(db, table) == 0, table.__tablename__


def test_restoring_a_deleted_project_brings_it_back_exactly(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    _add_gates_and_assessments(db, project_id)
    # A later project, so that ids given afresh on restore would differ from the originals.
    make_project(db)
    before = get_project(db, project_id)
    summary_before = list_projects(db)

    tree = delete_project(db, project_id)
    restore_records(db, tree)

    after = get_project(db, project_id)
    assert after == before
    assert [stage.id for stage in after.stages] == [stage.id for stage in before.stages]
    assert len(after.stages) == 5
    assert after.stages[0].latest_gate is GateDecision.APPROVED_WITH_CONDITIONS
    assert len(after.confidence_history) == 2
    assert list_projects(db) == summary_before
    assert _rows(db, Gate) == 2


def test_a_deletion_snapshot_names_the_deleted_project(
    db: Database, make_project: MakeProject
) -> None:
    make_project(db)
    project_id = make_project(db)

    tree = delete_project(db, project_id)

    assert tree.root_id == project_id


def test_restoring_one_project_leaves_the_others_alone(
    db: Database, make_project: MakeProject
) -> None:
    keep = make_project(db, reference="ASC-01")
    remove = make_project(db, reference="ASC-02")
    kept_before = get_project(db, keep)

    restore_records(db, delete_project(db, remove))

    assert get_project(db, keep) == kept_before
    assert [project.reference for project in list_projects(db)] == ["ASC-01", "ASC-02"]
