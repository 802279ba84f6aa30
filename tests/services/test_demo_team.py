"""The demo's client commissioning team, read straight from its tables: 8–15 council
people in every role, a plan per active project with one short of capacity, dated
ratings with the waste contract's contract management at awareness only, gap reviews,
training actions of every kind and status with one overdue, succession and pipeline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commissioner.models import (
    Competency,
    DevelopmentProfile,
    GapReview,
    Person,
    Project,
    SkillRating,
    SuccessionCover,
    TeamMember,
    TeamMemberRole,
    TeamPlan,
    TrainingAction,
)
from commissioner.models.enums import (
    DevelopmentKind,
    ProjectStatus,
    SkillLevel,
    SupplierCategory,
    TeamRole,
    TrainingStatus,
)
from commissioner.models.team_rules import (
    Coverage,
    PlannedAction,
    Rating,
    RequiredLevels,
    capacity,
    current_level,
    overdue,
    role_coverage,
)
from commissioner.services.demo import build_demo_portfolio
from commissioner.storage import Database, open_database

TODAY = dt.date(2026, 3, 16)
WASTE = "Waste collection and recycling contract"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(Path(tmp_path_factory.mktemp("demo")) / "demo.db", actor="tester")
    build_demo_portfolio(db, today=TODAY)
    yield db
    db.close()


@pytest.fixture
def session(demo: Database) -> Iterator[Session]:
    with demo.session() as session:
        yield session


def _holders(session: Session) -> dict[tuple[str, TeamRole], list[int]]:
    """(project name, role) → the people holding it."""
    query = (
        select(Project.name, TeamMemberRole.role, TeamMember.person_id)
        .join(TeamMember, TeamMember.project_id == Project.id)
        .join(TeamMemberRole, TeamMemberRole.team_member_id == TeamMember.id)
    )
    holders: dict[tuple[str, TeamRole], list[int]] = defaultdict(list)
    for project, role, person_id in session.execute(query):
        holders[project, role].append(person_id)
    return holders


def _levels(session: Session) -> dict[tuple[int, str], SkillLevel]:
    """(person, competency key) → current level by the audit rules."""
    ratings: dict[tuple[int, str], list[Rating]] = defaultdict(list)
    for rating in session.scalars(select(SkillRating)):
        key = (rating.person_id, rating.competency_key)
        ratings[key].append(Rating(rating.rated_on, rating.self_level, rating.manager_level))
    return {key: current_level(history) for key, history in ratings.items()}


def _coverage(session: Session) -> dict[tuple[str, TeamRole], Coverage]:
    """Role coverage of every role held on a project, by the project's supplier category."""
    categories = dict(session.execute(select(Project.name, Project.supplier_category)).all())
    framework = session.scalars(select(Competency)).all()
    levels = _levels(session)
    coverage = {}
    for (project, role), people in _holders(session).items():
        required = {
            c.key: RequiredLevels(c.level_general, c.level_expert, c.level_strategic)
            .for_category(categories[project])
            for c in framework
            if c.role is role
        }  # fmt: skip
        holder_levels = [{key: levels.get((p, key), 0) for key in required} for p in people]
        coverage[project, role] = role_coverage(holder_levels, required)
    return coverage


def test_team_is_8_to_15_council_people_with_titles_and_commissioning_time(
    session: Session,
) -> None:
    people = session.scalars(
        select(Person).where(Person.id.in_(select(TeamMember.person_id)))
    ).all()

    assert 8 <= len(people) <= 15
    assert all(person.is_council_staff and person.job_title for person in people)
    assert all(person.commissioning_fte for person in people)
    assert any(0.2 <= (person.commissioning_fte or 0) <= 0.4 for person in people)


def test_nobody_gives_projects_more_than_their_commissioning_time(session: Session) -> None:
    query = (
        select(Person.full_name, Person.commissioning_fte, func.sum(TeamMember.fte))
        .join(TeamMember, TeamMember.person_id == Person.id)
        .group_by(Person.id)
    )
    for name, share, given in session.execute(query):
        assert share is not None and given is not None, name
        assert given <= share + 1e-9, name


def test_every_active_project_has_a_team_and_a_plan(session: Session) -> None:
    active = session.scalars(select(Project.id).where(Project.status == ProjectStatus.ACTIVE))
    with_team = set(session.scalars(select(TeamMember.project_id)))
    with_plan = set(session.scalars(select(TeamPlan.project_id)))

    for project_id in active:
        assert project_id in with_team and project_id in with_plan, project_id


def test_every_role_is_held_somewhere(session: Session) -> None:
    assert {role for _, role in _holders(session)} == set(TeamRole)


def test_members_are_rated_on_every_competency_their_roles_need(session: Session) -> None:
    framework = session.execute(select(Competency.key, Competency.role)).all()
    rated = _levels(session)
    for (project, role), people in _holders(session).items():
        for person_id in people:
            missing = [k for k, r in framework if r is role and (person_id, k) not in rated]
            assert not missing, (project, role, person_id, missing)


def test_some_ratings_were_given_twice_with_dates_in_the_past(session: Session) -> None:
    ratings = session.execute(
        select(SkillRating.person_id, SkillRating.competency_key, SkillRating.rated_on)
    ).all()
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for person_id, key, _ in ratings:
        counts[person_id, key] += 1

    assert sum(1 for count in counts.values() if count >= 2) >= 3
    assert all(rated_on < TODAY for _, _, rated_on in ratings)


def test_waste_contract_management_is_at_awareness_only_for_a_strategic_partner(
    session: Session,
) -> None:
    category = session.scalar(select(Project.supplier_category).where(Project.name == WASTE))
    holders = _holders(session)[WASTE, TeamRole.CONTRACT_MANAGEMENT]
    levels = _levels(session)

    assert category is SupplierCategory.STRATEGIC_PARTNER
    assert holders
    for person_id in holders:
        assert levels[person_id, "cm_duty_to_warn"] is SkillLevel.AWARENESS
        assert levels[person_id, "cm_relationship"] is SkillLevel.AWARENESS
    assert _coverage(session)[WASTE, TeamRole.CONTRACT_MANAGEMENT] is Coverage.AWARENESS_ONLY


def test_the_waste_contract_is_the_only_role_held_at_awareness_only(session: Session) -> None:
    shallow = [key for key, coverage in _coverage(session).items() if coverage.flagged]

    assert shallow == [(WASTE, TeamRole.CONTRACT_MANAGEMENT)]


def test_one_project_team_is_short_of_its_planned_capacity(session: Session) -> None:
    team_fte: dict[int, list[float | None]] = defaultdict(list)
    for project_id, fte in session.execute(select(TeamMember.project_id, TeamMember.fte)):
        team_fte[project_id].append(fte)
    plans = session.execute(select(TeamPlan.project_id, TeamPlan.fte_needed)).all()

    short = [pid for pid, needed in plans if capacity(team_fte[pid], needed).short]

    assert len(short) == 1
    assert session.get(Project, short[0]).status is ProjectStatus.ACTIVE  # type: ignore[union-attr]


def test_training_actions_cover_every_kind_and_status_with_one_overdue(
    session: Session,
) -> None:
    actions = session.scalars(select(TrainingAction)).all()
    late = [
        action
        for action in actions
        if overdue(PlannedAction(action.status, action.due_on, action.cost_pence), TODAY)
    ]

    assert {action.kind for action in actions} == set(DevelopmentKind)
    assert {action.status for action in actions} == set(TrainingStatus)
    assert all(action.provider and action.cost_pence is not None for action in actions)
    assert any(action.cost_pence for action in actions)
    assert len(late) == 1


def test_done_actions_were_completed_in_the_past_and_open_ones_were_not(
    session: Session,
) -> None:
    for action in session.scalars(select(TrainingAction)):
        if action.status is TrainingStatus.DONE:
            assert action.completed_on is not None and action.completed_on < TODAY
        else:
            assert action.completed_on is None


def test_gap_reviews_record_notes_and_agreed_actions_for_a_few_people(
    session: Session,
) -> None:
    reviews = session.scalars(select(GapReview)).all()

    assert len({review.person_id for review in reviews}) >= 3
    for review in reviews:
        assert review.notes and review.agreed_actions and review.reviewed_by
        assert review.reviewed_on < TODAY


def test_succession_cover_and_pipeline_notes_name_team_people(session: Session) -> None:
    team = set(session.scalars(select(TeamMember.person_id)))
    cover = session.scalars(select(SuccessionCover)).all()
    notes = session.scalars(select(DevelopmentProfile)).all()

    assert len(cover) >= 3 and all(entry.readiness for entry in cover)
    assert {entry.person_id for entry in cover} <= team
    assert len(notes) >= 3 and all(note.pipeline_note for note in notes)
    assert {note.person_id for note in notes} <= team


def test_the_team_is_the_same_every_time(tmp_path: Path, demo: Database) -> None:
    other = open_database(tmp_path / "again.db", actor="tester")
    build_demo_portfolio(other, today=TODAY)
    query = select(
        SkillRating.competency_key,
        SkillRating.rated_on,
        SkillRating.self_level,
        SkillRating.manager_level,
    ).order_by(SkillRating.id)
    try:
        with demo.session() as first, other.session() as second:
            assert first.execute(query).all() == second.execute(query).all()
    finally:
        other.close()
