"""The client commissioning team for the demo portfolio: 13 council officers across the
projects in all eight roles, each project's team plan, a skills audit with some people
re-rated since, gap reviews, training plans, succession cover and pipeline notes.

Runs inside the demo's unit of work once projects and stages exist. The stories are in
``demo_team_stories``; dates follow ``today`` (the annual skills audit about five months
ago, conversations spread over three weeks by a seeded generator, re-ratings a few weeks
ago) and, for the home care recruitment, the procurement stage's planned end. Told on
purpose, once each:

* the waste contract (a strategic partner) has contract management held only at
  awareness level, so its role coverage is "covered at awareness only";
* home care recommissioning is short of capacity (a vacant post);
* exactly one training action is overdue.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from commissioner.models import (
    Competency,
    DevelopmentProfile,
    GapReview,
    Person,
    Project,
    SkillRating,
    Stage,
    SuccessionCover,
    TeamMember,
    TeamMemberRole,
    TeamPlan,
    TrainingAction,
)
from commissioner.services.demo_team_stories import (
    ACTIONS,
    AUDIT,
    GAP_REVIEWS,
    HEAD_OF_COMMISSIONING,
    LEVEL_EVIDENCE,
    MANAGERS,
    NEW_PEOPLE,
    PIPELINE,
    PLANS,
    RERATED,
    STORY_EVIDENCE,
    SUCCESSION,
    TEAMS,
    ActionStory,
    Due,
)

#: Days before today that the annual skills audit began, and how long it took to see everyone.
AUDIT_DAYS_AGO = 160
AUDIT_SPREAD_DAYS = 21
#: Days before today of the re-ratings that followed training.
RERATE_DAYS_AGO = 21
_SEED = 8


def add_team_demo(session: Session, today: dt.date) -> None:
    """Give the demo portfolio its client commissioning team and skills audit."""
    people = _people(session)
    projects = {
        name: project_id for name, project_id in session.execute(select(Project.name, Project.id))
    }
    session.add_all(_members(projects, people))
    session.add_all(
        TeamPlan(project_id=projects[name], fte_needed=fte, notes=notes)
        for name, (fte, notes) in PLANS.items()
    )
    audit_days = _audit_days(today)
    keys = set(session.scalars(select(Competency.key)))
    session.execute(insert(SkillRating), list(_ratings(people, keys, audit_days, today)))
    session.add_all(_gap_reviews(people, audit_days))
    session.add_all(_actions(session, people, projects, today))
    session.add_all(
        SuccessionCover(project_id=projects[project], role=role, person_id=people[name],
                        readiness=readiness)
        for project, role, name, readiness in SUCCESSION
    )  # fmt: skip
    session.add_all(
        DevelopmentProfile(person_id=people[name], pipeline_note=note)
        for name, note in PIPELINE.items()
    )


def _people(session: Session) -> dict[str, int]:
    """Add the officers the demo lacks so far; every person's id by name."""
    session.add_all(
        Person(
            full_name=name,
            job_title=title,
            commissioning_fte=fte,
            email=name.lower().replace(" ", ".") + "@harrowdale.example",
        )
        for name, title, fte in NEW_PEOPLE
    )
    session.flush()
    return {
        name: person_id for name, person_id in session.execute(select(Person.full_name, Person.id))
    }


def _members(projects: dict[str, int], people: dict[str, int]) -> Iterator[TeamMember]:
    for project, members in TEAMS.items():
        for name, fte, roles in members:
            yield TeamMember(
                project_id=projects[project],
                person_id=people[name],
                fte=fte,
                roles=[TeamMemberRole(role=role) for role in roles],
            )


def _audit_days(today: dt.date) -> dict[str, dt.date]:
    """The day of each person's audit conversation: spread over three weeks, in a
    stable order so the same demo comes out every time."""
    generator = random.Random(_SEED)
    start = today - _days(AUDIT_DAYS_AGO)
    return {name: start + _days(generator.randrange(AUDIT_SPREAD_DAYS)) for name in AUDIT}


def _ratings(
    people: dict[str, int], keys: set[str], audit_days: dict[str, dt.date], today: dt.date
) -> Iterator[dict[str, Any]]:
    """The audit's ratings, then the re-ratings since; only competencies the framework has."""
    rounds = (
        (AUDIT, audit_days),
        (RERATED, dict.fromkeys(RERATED, today - _days(RERATE_DAYS_AGO))),
    )
    for table, days in rounds:
        for name, levels in table.items():
            for key, pair in levels.items():
                if key in keys:
                    yield _rating(name, people[name], key, pair, days[name])


def _rating(name: str, person_id: int, key: str, pair: str, day: dt.date) -> dict[str, Any]:
    self_level, manager_level = (None if mark == "-" else int(mark) for mark in pair)
    manager = MANAGERS.get(name, HEAD_OF_COMMISSIONING)
    evidence = STORY_EVIDENCE.get((name, key)) or LEVEL_EVIDENCE[manager_level or 0]
    return {
        "person_id": person_id,
        "competency_key": key,
        "rated_on": day,
        "self_level": self_level,
        "manager_level": manager_level,
        "rated_by": manager if manager_level is not None else name,
        "evidence": evidence,
    }


def _gap_reviews(people: dict[str, int], audit_days: dict[str, dt.date]) -> Iterator[GapReview]:
    for name, days_after, notes, agreed in GAP_REVIEWS:
        yield GapReview(
            person_id=people[name],
            reviewed_on=audit_days[name] + _days(days_after),
            reviewed_by=MANAGERS.get(name, HEAD_OF_COMMISSIONING),
            notes=notes,
            agreed_actions=agreed,
        )


def _actions(
    session: Session, people: dict[str, int], projects: dict[str, int], today: dt.date
) -> Iterator[TrainingAction]:
    ends = {
        (project_id, kind): end
        for project_id, kind, end in session.execute(
            select(Stage.project_id, Stage.kind, Stage.planned_end)
        )
        if end is not None
    }

    def due_on(due: Due) -> dt.date:
        if due.stage is None:
            return today + _days(due.days)
        return ends[projects[due.project], due.stage] + _days(due.days)

    for story in ACTIONS:
        yield _action(story, people[story.person], due_on(story.due), today)


def _action(story: ActionStory, person_id: int, due_on: dt.date, today: dt.date) -> TrainingAction:
    done = story.completed_ago is not None
    return TrainingAction(
        person_id=person_id,
        competency_key=story.competency_key,
        kind=story.kind,
        description=story.description,
        provider=story.provider,
        cost_pence=None if story.cost_pounds is None else story.cost_pounds * 100,
        due_on=due_on,
        status=story.status,
        completed_on=today - _days(story.completed_ago or 0) if done else None,
    )


def _days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)


__all__ = ["add_team_demo"]
