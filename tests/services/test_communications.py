"""Logging meetings with their outcomes, and searching the log in SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select

from commissioner.errors import ValidationError
from commissioner.models import (
    ActionItem,
    CommunicationEntry,
    CommunicationParticipant,
    Decision,
    Project,
    Stakeholder,
)
from commissioner.models.enums import CommunicationType, StakeholderType
from commissioner.services import actions, communications
from commissioner.services.actions import ActionInput
from commissioner.services.communications import LogFilter, MeetingInput
from commissioner.storage import Database
from tests.conftest import MakeProject


def add_stakeholders(db: Database, project_id: int, *names: str) -> list[int]:
    with db.session() as session:
        people = [
            Stakeholder(project_id=project_id, name=name, stakeholder_type=StakeholderType.SUPPLIER)
            for name in names
        ]
        session.add_all(people)
        session.flush()
        return [person.id for person in people]


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def project(db: Database, make_project: MakeProject) -> int:
    return make_project(db)


def board_meeting(participants: tuple[int, ...]) -> MeetingInput:
    return MeetingInput(
        occurred_on="12/05/2026",
        occurred_time=dt.time(14, 30),
        subject="Contract review board",
        summary="Reviewed month 3 KPIs.",
        attachments=("C:/packs/board.pdf",),
        participant_ids=participants,
        decisions=("Extend the mobilisation by four weeks", "  "),
        actions=(ActionInput("Send revised timetable", "Sarah Okafor", "19/05/2026"),),
    )


def test_log_meeting_writes_entry_participants_decision_and_action(
    db: Database, project: int
) -> None:
    ids = add_stakeholders(db, project, "Ann Lee", "Bob Ray")
    entry_id = communications.log_meeting(db, project, board_meeting(tuple(ids)))
    detail = communications.entry_detail(db, entry_id)
    assert detail.participants == ("Ann Lee", "Bob Ray")
    assert detail.decisions == ("Extend the mobilisation by four weeks",)
    assert detail.actions[0].due_on == dt.date(2026, 5, 19)
    assert detail.attachments == ("C:/packs/board.pdf",)
    assert detail.occurred_at == dt.datetime(2026, 5, 12, 14, 30)
    with db.session() as session:
        decision = session.scalars(select(Decision)).one()
        assert decision.decided_on == dt.date(2026, 5, 12)


def test_failure_midway_writes_nothing(
    db: Database, project: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = add_stakeholders(db, project, "Ann Lee", "Bob Ray")

    def broken(**_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(communications, "ActionItem", broken)
    with pytest.raises(RuntimeError):
        communications.log_meeting(db, project, board_meeting(tuple(ids)))
    for model in (CommunicationEntry, CommunicationParticipant, Decision, ActionItem):
        assert count(db, model) == 0


def test_validation_names_each_field(db: Database, project: int, make_project: MakeProject) -> None:
    other = make_project(db)
    (stranger,) = add_stakeholders(db, other, "Someone Else")
    form = MeetingInput(
        occurred_on="31/02/2026",
        subject="  ",
        participant_ids=(stranger,),
        actions=(ActionInput("Chase", due_on="45/01/2026"),),
    )
    with pytest.raises(ValidationError) as caught:
        communications.log_meeting(db, project, form)
    assert set(caught.value.problems) == {"occurred_on", "subject", "participants", "actions"}
    assert count(db, CommunicationEntry) == 0


def _log(db: Database, project: int, subject: str, day: int, **fields: object) -> int:
    form = MeetingInput(occurred_on=f"{day:02d}/03/2026", subject=subject, **fields)  # type: ignore[arg-type]
    return communications.log_meeting(db, project, form)


@pytest.mark.parametrize("needle", ["100%", "a_b", "<b>", "R&D"])
def test_search_matches_special_characters_literally(
    db: Database, project: int, needle: str
) -> None:
    _log(db, project, f"Note {needle} here", 1)
    _log(db, project, "Note 1000 axb b R D", 2, summary="nothing special")
    found = communications.fetch_log(db, LogFilter(project, text=needle), offset=0, limit=10)
    assert [row.subject for row in found] == [f"Note {needle} here"]


def test_filters_by_stakeholder_type_dates_and_summary(db: Database, project: int) -> None:
    ann, bob = add_stakeholders(db, project, "Ann Lee", "Bob Ray")
    _log(db, project, "Kick-off", 1, participant_ids=(ann,))
    _log(db, project, "Letter to Bob", 10, participant_ids=(bob,),
         communication_type=CommunicationType.LETTER)  # fmt: skip
    _log(db, project, "Workshop", 20, summary="TUPE questions", participant_ids=(ann, bob))

    def subjects(**fields: object) -> list[str]:
        log_filter = LogFilter(project, **fields)  # type: ignore[arg-type]
        rows = communications.fetch_log(db, log_filter, offset=0, limit=10)
        assert communications.count_log(db, log_filter) == len(rows)
        return [row.subject for row in rows]

    assert subjects() == ["Workshop", "Letter to Bob", "Kick-off"]
    assert subjects(stakeholder_id=bob) == ["Workshop", "Letter to Bob"]
    assert subjects(communication_type=CommunicationType.LETTER) == ["Letter to Bob"]
    assert subjects(date_from=dt.date(2026, 3, 10), date_to=dt.date(2026, 3, 10)) == [
        "Letter to Bob"
    ]
    assert subjects(text="tupe") == ["Workshop"]


def test_paging_is_newest_first_without_overlap(db: Database, project: int) -> None:
    for day in range(1, 26):
        _log(db, project, f"Call {day}", day)
    log_filter = LogFilter(project)
    pages = [
        communications.fetch_log(db, log_filter, offset=offset, limit=10) for offset in (0, 10, 20)
    ]
    assert [len(page) for page in pages] == [10, 10, 5]
    subjects = [row.subject for page in pages for row in page]
    assert subjects == [f"Call {day}" for day in range(25, 0, -1)]


def test_delete_entry_undo_restores_links(db: Database, project: int) -> None:
    ids = add_stakeholders(db, project, "Ann Lee", "Bob Ray")
    entry_id = communications.log_meeting(db, project, board_meeting(tuple(ids)))
    removal = communications.delete_entry(db, entry_id)
    assert count(db, CommunicationParticipant) == 0
    assert count(db, Decision) == 1  # kept, unlinked
    communications.restore_entry(db, removal)
    detail = communications.entry_detail(db, entry_id)
    assert len(detail.participants) == 2
    assert len(detail.decisions) == 1 and len(detail.actions) == 1


def test_delete_with_outcomes_removes_and_restores_everything(db: Database, project: int) -> None:
    ids = add_stakeholders(db, project, "Ann Lee")
    entry_id = communications.log_meeting(db, project, board_meeting(tuple(ids)))
    removal = communications.delete_entry(db, entry_id, with_outcomes=True)
    assert count(db, Decision) == count(db, ActionItem) == 0
    communications.restore_entry(db, removal)
    detail = communications.entry_detail(db, entry_id)
    assert detail.decisions and detail.actions and detail.participants


def test_meeting_templates_are_seeded(db: Database) -> None:
    templates = communications.list_meeting_templates(db)
    assert templates
    assert all(template.name for template in templates)


def test_demo_logs_only_projects_with_stakeholders(db: Database) -> None:
    from commissioner.services.demo import build_demo_portfolio
    from commissioner.services.demo_communications import add_communications_demo

    today = dt.date(2026, 5, 14)
    build_demo_portfolio(db, today=today)
    # The demo already logs communications; start this project's log from nothing.
    with db.session() as session:
        for table in (ActionItem, Decision, CommunicationEntry, Stakeholder):
            session.execute(delete(table))
    with db.session() as session:
        first = session.scalars(select(Project.id).order_by(Project.id)).first()
    assert first is not None
    add_stakeholders(db, first, "Ann Lee", "Bob Ray", "Cat Sun", "Dan Ode", "Eve Ash", "Fay Bo")
    with db.session() as session:
        add_communications_demo(session, today)
    with db.session() as session:
        per_project = dict(
            session.execute(
                select(CommunicationEntry.project_id, func.count()).group_by(
                    CommunicationEntry.project_id
                )
            ).all()
        )
    assert list(per_project) == [first] and 50 <= per_project[first] <= 300
    overdue = actions.list_actions(db, first, actions.ActionFilter(overdue_only=True), today=today)
    done = [row for row in actions.list_actions(db, first, today=today) if row.completed_on]
    assert overdue and done
    assert count(db, CommunicationParticipant) >= per_project[first]
