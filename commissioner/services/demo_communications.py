"""Communications logs for the demo portfolio: meetings, emails and letters over each
project's life, with participants, decisions and actions (some overdue, some done).

Runs inside the demo's unit of work after the stakeholder demo; a project with no
stakeholders gets no log. Volume goes in with Core ``insert()`` lists; a seeded random
generator keeps every demo file the same for a given ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from commissioner.models import (
    ActionItem,
    CommunicationEntry,
    CommunicationParticipant,
    Decision,
    Project,
    Stakeholder,
)
from commissioner.models.enums import ActionStatus, CommunicationType, Direction, ProjectStatus

_OFFICERS = ("Gareth Lewis", "Ben Carver", "Sarah Okafor", "Angela Moss", "Tom Brennan")
# fmt: off
_SUBJECTS = {
    CommunicationType.MEETING: ("Project board", "Contract review meeting", "Provider catch-up",
                                "Mobilisation check-point", "Finance review"),
    CommunicationType.EMAIL: ("Revised timetable", "KPI return query", "TUPE information request",
                              "Draft specification comments", "Invoice query"),
    CommunicationType.LETTER: ("Formal notice of change", "Award letter", "Performance warning"),
    CommunicationType.CALL: ("Call about missed collections", "Call re: staffing levels"),
    CommunicationType.WORKSHOP: ("Outcomes workshop", "Use-case walk-through of contract wording"),
    CommunicationType.CONSULTATION_EVENT: ("Residents' drop-in session", "Service user forum"),
    CommunicationType.REPORT: ("Quarterly performance report", "Cabinet briefing note"),
    CommunicationType.SITE_VISIT: ("Depot visit", "Care home visit"),
}
_DECISIONS = ("Approve the revised timetable", "Escalate late KPI returns to the provider's MD",
              "Accept the change request at no extra cost", "Defer the price review to Q3",
              "Re-run the market engagement with a longer lead time")
_ACTIONS = ("Circulate the minutes", "Send the revised specification", "Chase the KPI return",
            "Book the next review", "Confirm TUPE numbers with HR", "Update the risk register")
# fmt: on
_WEIGHTS = (30, 30, 6, 10, 6, 4, 8, 6)


def add_communications_demo(session: Session, today: dt.date) -> None:
    """Give every demo project that has stakeholders a communications log as of ``today``."""
    session.flush()
    stakeholders: dict[int, list[int]] = {}
    for project_id, stakeholder_id in session.execute(
        select(Stakeholder.project_id, Stakeholder.id).order_by(Stakeholder.id)
    ):
        stakeholders.setdefault(project_id, []).append(stakeholder_id)
    query = select(Project.id, Project.start_date, Project.status, Project.archived_at)
    for project in session.execute(query.order_by(Project.id)):
        if project.id not in stakeholders:
            continue
        closed = project.status is ProjectStatus.CLOSED and project.archived_at is not None
        as_of = project.archived_at.date() if closed else today
        start = project.start_date or as_of - dt.timedelta(days=365)
        generator = random.Random(project.id * 104729)
        _add_log(session, project.id, stakeholders[project.id], start, as_of, today, generator)


def _add_log(
    session: Session,
    project_id: int,
    people: list[int],
    start: dt.date,
    as_of: dt.date,
    today: dt.date,
    generator: random.Random,
) -> None:
    span = max((as_of - start).days, 30)
    count = generator.randint(50, 300)
    entries = sorted(
        (_entry(project_id, start, span, generator) for _ in range(count)),
        key=lambda row: row["occurred_at"],
    )
    session.execute(insert(CommunicationEntry), entries)
    ids = session.scalars(
        select(CommunicationEntry.id)
        .where(CommunicationEntry.project_id == project_id)
        .order_by(CommunicationEntry.id)
    ).all()
    participants, decisions, actions = [], [], []
    for entry_id, entry in zip(ids, entries, strict=True):
        chosen = generator.sample(people, generator.randint(1, min(4, len(people))))
        participants += [{"communication_id": entry_id, "stakeholder_id": s} for s in chosen]
        if entry["communication_type"] is not CommunicationType.MEETING:
            continue
        day = entry["occurred_at"].date()
        if generator.random() < 0.4:
            decisions.append(_decision(project_id, entry_id, day, generator))
        if generator.random() < 0.6:
            actions.append(_action(project_id, entry_id, day, today, generator))
    session.execute(insert(CommunicationParticipant), participants)
    if decisions:
        session.execute(insert(Decision), decisions)
    if actions:
        session.execute(insert(ActionItem), actions)


def _entry(project_id: int, start: dt.date, span: int, generator: random.Random) -> dict[str, Any]:
    kind = generator.choices(list(CommunicationType), weights=_WEIGHTS)[0]
    day = start + dt.timedelta(days=generator.randrange(span))
    when = dt.datetime.combine(day, dt.time(generator.randint(9, 16), generator.choice((0, 30))))
    direction = {
        CommunicationType.EMAIL: generator.choice((Direction.INBOUND, Direction.OUTBOUND)),
        CommunicationType.LETTER: Direction.OUTBOUND,
        CommunicationType.REPORT: Direction.OUTBOUND,
    }.get(kind, Direction.TWO_WAY)
    subject = generator.choice(_SUBJECTS[kind])
    return {
        "project_id": project_id,
        "occurred_at": when,
        "communication_type": kind,
        "formal": kind not in (CommunicationType.CALL, CommunicationType.EMAIL),
        "direction": direction,
        "subject": subject,
        "summary": f"{subject}: notes recorded by {generator.choice(_OFFICERS)}.",
        "attachments": "",
    }


def _decision(
    project_id: int, entry_id: int, day: dt.date, generator: random.Random
) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "communication_id": entry_id,
        "decided_on": day,
        "summary": generator.choice(_DECISIONS),
        "decided_by": "Project board",
    }


def _action(
    project_id: int, entry_id: int, day: dt.date, today: dt.date, generator: random.Random
) -> dict[str, Any]:
    due = day + dt.timedelta(days=generator.randint(7, 42))
    # Most past actions were done (a few days either side of due); some slipped.
    done = due < today and generator.random() < 0.85
    completed = min(due + dt.timedelta(days=generator.randint(-5, 10)), today) if done else None
    return {
        "project_id": project_id,
        "communication_id": entry_id,
        "description": generator.choice(_ACTIONS),
        "owner": generator.choice(_OFFICERS),
        "due_on": due,
        "status": ActionStatus.DONE if done else ActionStatus.OPEN,
        "completed_on": completed,
    }
