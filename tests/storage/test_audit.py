"""Every change to a record leaves a trail: who, when, which field, old and new value."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from commissioner.errors import DatabaseError
from commissioner.models import (
    AuditEntry,
    DeliveryConfidenceAssessment,
    Gate,
    Person,
    Project,
    Stage,
)
from commissioner.models.enums import AuditAction, ConfidenceRating, GateDecision, StageKind
from commissioner.services.projects import delete_project, get_project, update_project
from commissioner.storage import Database

MakeProject = Callable[..., int]


def _entries(db: Database, **where: Any) -> list[AuditEntry]:
    query = select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)
    with db.session() as session:
        return list(session.scalars(query))


def _fields(entries: list[AuditEntry]) -> dict[str, tuple[str | None, str | None]]:
    return {entry.field: (entry.old_value, entry.new_value) for entry in entries}


def _count_entries(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(AuditEntry.id))) or 0


def _stage_id(db: Database, project_id: int, kind: StageKind) -> int:
    with db.session() as session:
        stage_id = session.scalar(
            select(Stage.id).where(Stage.project_id == project_id, Stage.kind == kind)
        )
    assert stage_id is not None
    return stage_id


def test_a_new_database_has_an_empty_trail(db: Database) -> None:
    assert _count_entries(db) == 0


def test_creating_a_project_records_each_filled_field(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(
        db, reference="ASC-01", approved_budget="£1,250,000", start_date="01/04/2026"
    )

    entries = _entries(db, table_name="projects", record_id=project_id)

    assert {entry.action for entry in entries} == {AuditAction.INSERT}
    assert {entry.actor for entry in entries} == {"tester"}
    assert {entry.project_id for entry in entries} == {project_id}
    assert {entry.record_label for entry in entries} == {"ASC-01 Home care framework"}
    fields = _fields(entries)
    assert fields["reference"] == (None, "ASC-01")
    assert fields["approved_budget_pence"] == (None, "125000000")
    assert fields["start_date"] == (None, "2026-04-01")
    assert fields["status"] == (None, "active")
    assert fields["current_stage"] == (None, "needs_assessment")
    assert "id" not in fields
    assert "description" not in fields, "blank fields are left out of the trail"


def test_creating_a_project_records_its_five_stages_under_the_project(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)

    entries = _entries(db, table_name="stages", action=AuditAction.INSERT)

    assert len({entry.record_id for entry in entries}) == 5
    assert {entry.project_id for entry in entries} == {project_id}


def test_a_gate_is_recorded_under_its_stages_project(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    stage_id = _stage_id(db, project_id, StageKind.NEEDS_ASSESSMENT)

    with db.session() as session:
        session.add(
            Gate(
                stage_id=stage_id,
                decision=GateDecision.APPROVED,
                decided_on=dt.date(2026, 6, 1),
                decision_maker="Commissioning board",
            )
        )

    entries = _entries(db, table_name="gates")
    assert entries
    assert {entry.project_id for entry in entries} == {project_id}
    assert _fields(entries)["decision"] == (None, "approved")


def test_editing_a_project_records_only_the_changed_fields(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db, name="Home care framework", approved_budget="£1,250,000")
    form = get_project(db, project_id).as_input()
    edited = dataclasses.replace(form, name="Home care", approved_budget="£1.3m")

    update_project(db, project_id, edited)

    entries = _entries(db, action=AuditAction.UPDATE)
    assert _fields(entries) == {
        "name": ("Home care framework", "Home care"),
        "approved_budget_pence": ("125000000", "130000000"),
    }
    assert {(entry.table_name, entry.record_id, entry.actor) for entry in entries} == {
        ("projects", project_id, "tester")
    }


def test_clearing_a_field_records_the_old_value_and_no_new_one(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db, approved_budget="£1,250,000")
    form = get_project(db, project_id).as_input()

    update_project(db, project_id, dataclasses.replace(form, approved_budget=""))

    assert _fields(_entries(db, action=AuditAction.UPDATE)) == {
        "approved_budget_pence": ("125000000", None)
    }


def test_deleting_a_project_records_it_and_everything_it_owned(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db, reference="ASC-01")
    stage_id = _stage_id(db, project_id, StageKind.NEEDS_ASSESSMENT)
    with db.session() as session:
        session.add(
            Gate(
                stage_id=stage_id,
                decision=GateDecision.DEFERRED,
                decided_on=dt.date(2026, 6, 1),
                decision_maker="Commissioning board",
            )
        )
        session.add(
            DeliveryConfidenceAssessment(
                project_id=project_id,
                assessed_on=dt.date(2026, 6, 1),
                rating=ConfidenceRating.AMBER,
            )
        )

    delete_project(db, project_id)

    entries = _entries(db, action=AuditAction.DELETE)
    deleted = {(entry.table_name, entry.record_id) for entry in entries}
    assert ("projects", project_id) in deleted
    assert len({record for table, record in deleted if table == "stages"}) == 5
    assert {table for table, _record in deleted} == {
        "projects",
        "stages",
        "checklist_items",
        "gates",
        "delivery_confidence_assessments",
    }
    assert {entry.project_id for entry in entries} == {project_id}
    assert {entry.new_value for entry in entries} == {None}
    project_fields = _fields([entry for entry in entries if entry.table_name == "projects"])
    assert project_fields["reference"] == ("ASC-01", None)


def _add_person_then_cancel(db: Database) -> None:
    with db.session() as session:
        session.add(Person(full_name="Ada Lovelace"))
        session.flush()
        raise RuntimeError("the user cancelled")


def _add_person_and_blank_a_project_name(db: Database, project_id: int) -> None:
    with db.session() as session:
        session.add(Person(full_name="Ada Lovelace"))
        project = session.get(Project, project_id)
        assert project is not None
        project.name = "   "


def test_a_cancelled_unit_of_work_leaves_no_data_and_no_trail(db: Database) -> None:
    with pytest.raises(RuntimeError, match="cancelled"):
        _add_person_then_cancel(db)

    with db.session() as session:
        assert session.scalar(select(func.count(Person.id))) == 0
    assert _count_entries(db) == 0


def test_a_change_the_schema_refuses_leaves_no_trail(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    before = _count_entries(db)

    with pytest.raises(DatabaseError, match="breaks a rule"):
        _add_person_and_blank_a_project_name(db, project_id)

    assert _count_entries(db) == before
    assert get_project(db, project_id).name == "Home care framework"


def test_the_next_unit_of_work_after_a_failure_records_only_its_own_changes(
    db: Database,
) -> None:
    with pytest.raises(DatabaseError), db.session() as session:
        session.add(Person(full_name="Ada Lovelace", commissioning_fte=2))

    with db.session() as session:
        session.add(Person(full_name="Grace Hopper"))

    names = {entry.new_value for entry in _entries(db, field="full_name")}
    assert names == {"Grace Hopper"}


def test_text_with_markup_and_accents_is_kept_literally(db: Database) -> None:
    name = "Zoë O’Brien <Ops> & “Partners” café"
    with db.session() as session:
        person = Person(full_name=name, notes="a < b && c > d")
        session.add(person)

    with db.session() as session:
        stored = session.get(Person, person.id)
        assert stored is not None
        assert (stored.full_name, stored.notes) == (name, "a < b && c > d")
    fields = _fields(_entries(db, table_name="people"))
    assert fields["full_name"] == (None, name)
    assert fields["notes"] == (None, "a < b && c > d")


def test_values_are_written_as_plain_text(db: Database) -> None:
    with db.session() as session:
        session.add(Person(full_name="Ada Lovelace", is_council_staff=False, commissioning_fte=0.2))

    fields = _fields(_entries(db, table_name="people"))
    assert fields["is_council_staff"] == (None, "no")
    assert fields["commissioning_fte"] == (None, "0.2")


def test_a_given_audit_time_is_used_for_every_entry(db: Database) -> None:
    when = dt.datetime(2026, 1, 2, 3, 4, 5)

    with db.session(audit_time=when) as session:
        session.add(Person(full_name="Ada Lovelace"))

    entries = _entries(db)
    assert entries
    assert {entry.occurred_at for entry in entries} == {when}


def test_without_an_audit_time_entries_carry_the_time_of_the_change(db: Database) -> None:
    before = dt.datetime.now().replace(microsecond=0)
    with db.session() as session:
        session.add(Person(full_name="Ada Lovelace"))
    after = dt.datetime.now()

    entries = _entries(db)
    assert entries
    assert all(before <= entry.occurred_at <= after for entry in entries)
