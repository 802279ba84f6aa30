"""The schema itself refuses bad data, even from code that skips the services' checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from commissioner.errors import DatabaseError
from commissioner.models import (
    DeliveryConfidenceAssessment,
    Gate,
    OrganisationSettings,
    Person,
    Project,
    Stage,
)
from commissioner.models.base import Base
from commissioner.models.enums import ConfidenceRating, GateDecision, StageKind
from commissioner.storage import Database

RAW_PROJECT_COLUMNS = {
    "reference": "ASC-01",
    "name": "Home care",
    "service_area": "Adult social care",
    "description": "",
    "delivery_model": "undecided",
    "status": "active",
    "current_stage": "needs_assessment",
    "protective_marking": "official",
}


def _project(**overrides: Any) -> Project:
    columns: dict[str, Any] = {
        "reference": "ASC-01",
        "name": "Home care",
        "service_area": "Adult social care",
    }
    columns.update(overrides)
    return Project(**columns)


def _add_project(db: Database, **overrides: Any) -> int:
    project = _project(**overrides)
    with db.session() as session:
        session.add(project)
    return project.id


def _count(db: Database, table: type[Base]) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def _refused(db: Database, *records: Base) -> DatabaseError:
    """Add ``records`` in one unit of work and return the error the schema raised."""
    with (
        pytest.raises(DatabaseError, match="breaks a rule of the database") as error,
        db.session() as session,
    ):
        session.add_all(records)
    assert isinstance(error.value.__cause__, IntegrityError)
    return error.value


def test_a_valid_project_is_accepted(db: Database) -> None:
    _add_project(db, approved_budget_pence=100, start_date=dt.date(2026, 4, 1))

    assert _count(db, Project) == 1


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"approved_budget_pence": -100}, id="negative budget"),
        pytest.param({"approved_budget_pence": 0}, id="zero budget"),
        pytest.param({"name": "   "}, id="blank name"),
        pytest.param({"name": None}, id="missing name"),
        pytest.param({"service_area": ""}, id="blank service area"),
        pytest.param({"reference": " A "}, id="one-character reference"),
        pytest.param(
            {"start_date": dt.date(2026, 4, 1), "end_date": dt.date(2026, 3, 31)},
            id="end before start",
        ),
        pytest.param({"lead_commissioner_id": 999}, id="missing lead commissioner"),
    ],
)
def test_a_bad_project_is_refused_and_nothing_is_saved(
    db: Database, overrides: dict[str, Any]
) -> None:
    _refused(db, _project(**overrides))

    assert _count(db, Project) == 0


def test_a_duplicate_reference_is_refused(db: Database) -> None:
    _add_project(db, reference="ASC-01")

    _refused(db, _project(reference="ASC-01", name="Another"))

    assert _count(db, Project) == 1


def _insert_raw_project(db: Database, **overrides: str) -> None:
    columns = {**RAW_PROJECT_COLUMNS, **overrides}
    names = ", ".join(columns)
    values = ", ".join(f":{name}" for name in columns)
    with db.session() as session:
        session.execute(text(f"INSERT INTO projects ({names}) VALUES ({values})"), columns)


def test_a_raw_insert_with_valid_choices_is_accepted(db: Database) -> None:
    _insert_raw_project(db)

    assert _count(db, Project) == 1


@pytest.mark.parametrize(
    "column",
    ["status", "delivery_model", "current_stage", "protective_marking", "supplier_category"],
)
def test_a_choice_outside_its_list_is_refused_even_in_raw_sql(db: Database, column: str) -> None:
    with pytest.raises(DatabaseError, match="breaks a rule of the database"):
        _insert_raw_project(db, **{column: "bogus"})

    assert _count(db, Project) == 0


def test_a_stage_numbered_beyond_five_is_refused(db: Database) -> None:
    project_id = _add_project(db)

    _refused(db, Stage(project_id=project_id, kind=StageKind.DELIVERY, sequence=6))

    assert _count(db, Stage) == 0


def test_a_stage_numbered_within_one_to_five_is_accepted(db: Database) -> None:
    project_id = _add_project(db)
    with db.session() as session:
        session.add(Stage(project_id=project_id, kind=StageKind.DELIVERY, sequence=5))

    assert _count(db, Stage) == 1


def test_a_project_cannot_have_the_same_stage_twice(db: Database) -> None:
    project_id = _add_project(db)
    with db.session() as session:
        session.add(Stage(project_id=project_id, kind=StageKind.PROCUREMENT, sequence=3))

    _refused(db, Stage(project_id=project_id, kind=StageKind.PROCUREMENT, sequence=3))

    assert _count(db, Stage) == 1


def test_a_stage_planned_to_end_before_it_starts_is_refused(db: Database) -> None:
    project_id = _add_project(db)

    _refused(
        db,
        Stage(
            project_id=project_id,
            kind=StageKind.PROCUREMENT,
            sequence=3,
            planned_start=dt.date(2026, 5, 1),
            planned_end=dt.date(2026, 4, 1),
        ),
    )


def test_a_stage_of_a_missing_project_is_refused(db: Database) -> None:
    _refused(db, Stage(project_id=999, kind=StageKind.PROCUREMENT, sequence=3))

    assert _count(db, Stage) == 0


def test_a_confidence_assessment_of_a_missing_project_is_refused(db: Database) -> None:
    _refused(
        db,
        DeliveryConfidenceAssessment(
            project_id=999, assessed_on=dt.date(2026, 5, 1), rating=ConfidenceRating.AMBER
        ),
    )


def test_a_gate_needs_someone_who_decided(db: Database) -> None:
    project_id = _add_project(db)
    stage = Stage(project_id=project_id, kind=StageKind.PROCUREMENT, sequence=3)
    with db.session() as session:
        session.add(stage)

    _refused(
        db,
        Gate(
            stage_id=stage.id,
            decision=GateDecision.APPROVED,
            decided_on=dt.date(2026, 5, 1),
            decision_maker=" ",
        ),
    )


@pytest.mark.parametrize("fte", [0, 1.5, -0.2])
def test_a_commissioning_share_outside_zero_to_one_is_refused(db: Database, fte: float) -> None:
    _refused(db, Person(full_name="Ada Lovelace", commissioning_fte=fte))

    assert _count(db, Person) == 0


def test_there_is_only_ever_one_row_of_organisation_settings(db: Database) -> None:
    _refused(db, OrganisationSettings(id=2, council_name="Another council"))

    assert _count(db, OrganisationSettings) == 1


def test_deleting_a_project_in_raw_sql_takes_its_stages_with_it(db: Database) -> None:
    project_id = _add_project(db)
    with db.session() as session:
        session.add(Stage(project_id=project_id, kind=StageKind.PROCUREMENT, sequence=3))

    with db.session() as session:
        session.execute(text("DELETE FROM projects WHERE id = :id"), {"id": project_id})

    assert _count(db, Stage) == 0
