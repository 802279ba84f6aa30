"""Stakeholders: the register, last contact, engagement, deletes with undo, confirmations."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import (
    AuditEntry,
    CommunicationEntry,
    CommunicationParticipant,
    Confirmation,
)
from commissioner.models.enums import AuditAction, CommunicationType, StakeholderType
from commissioner.models.stakeholder_rules import Quadrant
from commissioner.services import stakeholders as sh
from commissioner.services.golden_thread_records import restore_removal
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 3, 31)


def _form(name: str = "Cllr Jane Hart", **overrides: object) -> sh.StakeholderInput:
    fields: dict[str, object] = {
        "name": name,
        "stakeholder_type": StakeholderType.ELECTED_MEMBER,
        "interest": 4,
        "influence": 5,
        "cadence_days": "30",
    }
    fields.update(overrides)
    return sh.StakeholderInput(**fields)  # type: ignore[arg-type]


def _communicate(db: Database, project_id: int, when: dt.date, *stakeholder_ids: int) -> None:
    with db.session() as session:
        session.add(
            CommunicationEntry(
                project_id=project_id,
                occurred_at=dt.datetime.combine(when, dt.time(10)),
                communication_type=CommunicationType.MEETING,
                subject="Briefing",
                participants=[CommunicationParticipant(stakeholder_id=i) for i in stakeholder_ids],
            )
        )


def test_register_lists_quadrant_last_contact_and_overdue(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    hart = sh.add_stakeholder(db, project, _form())
    union = sh.add_stakeholder(
        db, project, _form("Unison branch", interest=2, influence=2, cadence_days="")
    )
    _communicate(db, project, dt.date(2026, 1, 10), hart, union)
    _communicate(db, project, dt.date(2026, 3, 20), hart)
    rows = {row.id: row for row in sh.list_stakeholders(db, project, TODAY)}
    assert rows[hart].quadrant is Quadrant.MANAGE_CLOSELY
    assert rows[hart].last_contact == dt.date(2026, 3, 20)
    assert not rows[hart].overdue
    assert rows[union].quadrant is Quadrant.MONITOR
    assert rows[union].last_contact == dt.date(2026, 1, 10)
    assert not rows[union].overdue  # no cadence


def test_never_contacted_with_a_cadence_is_overdue(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    sh.add_stakeholder(db, project, _form())
    (row,) = sh.list_stakeholders(db, project, TODAY)
    assert row.last_contact is None and row.overdue


def test_other_projects_stakeholders_are_not_listed(
    db: Database, make_project: MakeProject
) -> None:
    first, second = make_project(db), make_project(db)
    sh.add_stakeholder(db, first, _form())
    assert sh.list_stakeholders(db, second, TODAY) == []


def test_validation_names_each_field(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    bad = _form("  ", interest=0, influence=6, email="not an address", cadence_days="weekly")
    with pytest.raises(ValidationError) as caught:
        sh.add_stakeholder(db, project, bad)
    assert set(caught.value.problems) == {"name", "interest", "influence", "email", "cadence_days"}


def test_update_and_rate(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    hart = sh.add_stakeholder(db, project, _form())
    sh.update_stakeholder(db, hart, _form("Cllr Jane Hart", organisation="Cabinet"))
    sh.rate_stakeholder(db, hart, 1, 2)
    (row,) = sh.list_stakeholders(db, project, TODAY)
    assert (row.organisation, row.interest, row.influence) == ("Cabinet", 1, 2)
    assert row.quadrant is Quadrant.MONITOR
    with pytest.raises(ValidationError):
        sh.rate_stakeholder(db, hart, 6, 2)


def test_engagement_summary_counts_quiet_key_stakeholders(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    assert sh.engagement_summary(db, project, TODAY) == "No key stakeholders identified yet"
    recent = sh.add_stakeholder(db, project, _form("A"))
    old = sh.add_stakeholder(db, project, _form("B"))
    sh.add_stakeholder(db, project, _form("C"))  # never contacted
    sh.add_stakeholder(db, project, _form("D", interest=1))  # not key
    _communicate(db, project, TODAY - dt.timedelta(days=60), recent)
    _communicate(db, project, TODAY - dt.timedelta(days=61), old)
    assert sh.engagement_summary(db, project, TODAY) == "2 key stakeholders not engaged in 60 days"
    assert sh.engagement_summary(db, project, TODAY, days=90) == (
        "1 key stakeholder not engaged in 90 days"
    )


def test_delete_takes_participations_and_confirmations_audited_and_undo_restores(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    hart = sh.add_stakeholder(db, project, _form())
    other = sh.add_stakeholder(db, project, _form("Other"))
    _communicate(db, project, dt.date(2026, 3, 1), hart, other)
    sh.add_understanding_item(db, project, _item(hart, other))

    removal = sh.delete_stakeholder(db, hart)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(CommunicationParticipant)) == 1
        assert session.scalar(select(func.count()).select_from(Confirmation)) == 1
        deleted = set(
            session.scalars(
                select(AuditEntry.table_name).where(AuditEntry.action == AuditAction.DELETE)
            )
        )
    assert {"stakeholders", "communication_participants", "confirmations"} <= deleted

    restore_removal(db, removal)
    (restored,) = [row for row in sh.list_stakeholders(db, project, TODAY) if row.id == hart]
    assert restored.last_contact == dt.date(2026, 3, 1)
    (item,) = sh.list_understanding_items(db, project)
    assert {row.stakeholder_id for row in item.confirmations} == {hart, other}


def _item(*stakeholder_ids: int, title: str = "Service specification v3") -> sh.UnderstandingInput:
    return sh.UnderstandingInput(
        subject=sh.UnderstandingSubject.SPECIFICATION, title=title, stakeholder_ids=stakeholder_ids
    )


def test_confirmations_record_withdraw_and_restore(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    hart = sh.add_stakeholder(db, project, _form())
    other = sh.add_stakeholder(db, project, _form("Other"))
    item_id = sh.add_understanding_item(db, project, _item(hart, other))
    assert len(sh.outstanding_confirmations(db, project)) == 2

    first = sh.outstanding_confirmations(db, project)[0]
    before = sh.record_confirmation(
        db, first.id, sh.ConfirmationInput("30/03/2026", "Signed minutes"), TODAY
    )
    assert before == sh.ConfirmationState(None, "")
    (item,) = sh.list_understanding_items(db, project)
    assert item.id == item_id
    assert [(row.confirmed_on, row.method) for row in item.confirmed] == [
        (dt.date(2026, 3, 30), "Signed minutes")
    ]
    assert len(item.outstanding) == 1 and len(sh.outstanding_confirmations(db, project)) == 1

    previous = sh.withdraw_confirmation(db, first.id)
    assert len(sh.outstanding_confirmations(db, project)) == 2
    sh.restore_confirmation(db, first.id, previous)
    assert len(sh.outstanding_confirmations(db, project)) == 1


def test_confirmation_validation(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    hart = sh.add_stakeholder(db, project, _form())
    sh.add_understanding_item(db, project, _item(hart))
    (row,) = sh.outstanding_confirmations(db, project)
    with pytest.raises(ValidationError) as caught:
        sh.record_confirmation(db, row.id, sh.ConfirmationInput("01/04/2026", " "), TODAY)
    assert set(caught.value.problems) == {"confirmed_on", "method"}
    with pytest.raises(ValidationError) as caught:
        sh.record_confirmation(db, row.id, sh.ConfirmationInput("31/02/2026", "Email"), TODAY)
    assert "confirmed_on" in caught.value.problems


def test_item_validation_and_stakeholders_from_elsewhere(
    db: Database, make_project: MakeProject
) -> None:
    project, elsewhere = make_project(db), make_project(db)
    stranger = sh.add_stakeholder(db, elsewhere, _form())
    with pytest.raises(ValidationError) as caught:
        sh.add_understanding_item(db, project, _item(title=" "))
    assert set(caught.value.problems) == {"title", "stakeholder_ids"}
    with pytest.raises(ValidationError) as caught:
        sh.add_understanding_item(db, project, _item(stranger))
    assert "stakeholder_ids" in caught.value.problems


def test_delete_item_and_undo(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    hart = sh.add_stakeholder(db, project, _form())
    item_id = sh.add_understanding_item(db, project, _item(hart))
    removal = sh.delete_understanding_item(db, item_id)
    assert sh.list_understanding_items(db, project) == []
    restore_removal(db, removal)
    assert len(sh.outstanding_confirmations(db, project)) == 1


def test_missing_records_are_reported(db: Database) -> None:
    with pytest.raises(RecordNotFoundError):
        sh.delete_stakeholder(db, 99)
    with pytest.raises(RecordNotFoundError):
        sh.withdraw_confirmation(db, 99)
