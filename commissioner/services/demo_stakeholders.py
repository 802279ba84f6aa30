"""Stakeholders and confirmations of understanding for the demo portfolio.

Runs inside the demo's unit of work once its projects exist. Everything follows from
the projects' order and ``today`` (no randomness), so the communications demo that runs
after this can rely on the same stakeholders, in the same order, every time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.models import Confirmation, Project, Stakeholder, UnderstandingItem
from commissioner.models.enums import Channel, StageKind, StakeholderType, UnderstandingSubject

T = StakeholderType
# fmt: off
#: (name, organisation, role, type, interest, influence, channel, cadence in days)
_STAKEHOLDERS: tuple[tuple[str, str, str, T, int, int, Channel, int | None], ...] = (
    ("Cllr Margaret Ellis", "Cabinet", "Portfolio holder",
     T.ELECTED_MEMBER, 4, 5, Channel.BRIEFING, 30),
    ("Priya Shah", "Commissioning", "Head of commissioning",
     T.INTERNAL_OFFICER, 5, 4, Channel.MEETING, 14),
    ("Contract manager", "Incumbent provider", "Account lead",
     T.SUPPLIER, 5, 3, Channel.MEETING, 30),
    ("Healthwatch", "Healthwatch", "Engagement officer",
     T.SERVICE_USER_REPRESENTATIVE, 4, 2, Channel.EMAIL, 60),
    ("Cllr David Price", "Scrutiny committee", "Chair", T.ELECTED_MEMBER, 2, 4, Channel.LETTER, 90),
    ("Unison branch", "Unison", "Branch secretary", T.TRADE_UNION, 3, 2, Channel.EMAIL, 60),
    ("Integrated care board", "NHS ICB", "Joint commissioning lead",
     T.PARTNER_BODY, 3, 4, Channel.MEETING, 30),
    ("Residents' forum", "Residents' forum", "Chair",
     T.COMMUNITY_GROUP, 4, 1, Channel.NEWSLETTER, None),
    ("Finance business partner", "Finance", "Business partner",
     T.INTERNAL_OFFICER, 2, 3, Channel.EMAIL, 30),
    ("Regulator", "Care Quality Commission", "Inspector", T.REGULATOR, 2, 5, Channel.LETTER, None),
    ("Legal services", "Legal", "Contracts solicitor",
     T.INTERNAL_OFFICER, 2, 2, Channel.EMAIL, None),
    ("Voluntary sector network", "CVS", "Network coordinator",
     T.COMMUNITY_GROUP, 3, 1, Channel.NEWSLETTER, None),
)
#: (subject, title)
_ITEMS: tuple[tuple[UnderstandingSubject, str], ...] = (
    (UnderstandingSubject.SPECIFICATION, "Service specification: outcomes and standards"),
    (UnderstandingSubject.TIMETABLE, "Mobilisation timetable and go-live date"),
    (UnderstandingSubject.REQUIREMENT, "Performance indicators and reporting requirements"),
    (UnderstandingSubject.DELIVERABLE, "Exit plan and handover of data"),
    (UnderstandingSubject.REQUIREMENT, "Payment mechanism and deductions"),
)
_METHODS = ("Signed minutes", "Email reply", "Walk-through session", "Signed contract schedule")
# fmt: on
_LATE_STAGES = (StageKind.CONTRACTING, StageKind.DELIVERY)


def add_stakeholder_demo(session: Session, today: dt.date) -> None:
    """Give every demo project 6–12 stakeholders, and late-stage projects confirmations."""
    projects = session.scalars(select(Project).order_by(Project.id)).all()
    for position, project in enumerate(projects):
        people = _stakeholders(project, position)
        session.add_all(people)
        if project.current_stage in _LATE_STAGES:
            session.flush()
            session.add_all(_items(project, position, people, today))


def _stakeholders(project: Project, position: int) -> list[Stakeholder]:
    count = 6 + (position * 5) % 7  # 6 to 12, varying from project to project
    return [
        Stakeholder(
            project_id=project.id,
            name=name,
            organisation=organisation,
            role=role,
            stakeholder_type=kind,
            interest=interest,
            influence=influence,
            preferred_channel=channel,
            cadence_days=cadence,
        )
        for name, organisation, role, kind, interest, influence, channel, cadence in (
            _STAKEHOLDERS[:count]
        )
    ]


def _items(
    project: Project, position: int, people: list[Stakeholder], today: dt.date
) -> list[UnderstandingItem]:
    items = []
    for number, (subject, title) in enumerate(_ITEMS[: 2 + position % 4]):
        expected = people[number % 2 : number % 2 + 3]
        confirmations = [
            _confirmation(person, number + turn, today) for turn, person in enumerate(expected)
        ]
        items.append(
            UnderstandingItem(
                project_id=project.id,
                subject=subject,
                title=title,
                confirmations=confirmations,
            )
        )
    return items


def _confirmation(person: Stakeholder, salt: int, today: dt.date) -> Confirmation:
    if salt % 3 == 2:  # about a third still outstanding
        return Confirmation(stakeholder_id=person.id)
    return Confirmation(
        stakeholder_id=person.id,
        confirmed_on=today - dt.timedelta(days=7 + 11 * salt),
        method=_METHODS[salt % len(_METHODS)],
    )
