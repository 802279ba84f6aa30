"""The demo portfolio: complete, consistent, dated in the past and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from commissioner.errors import CommissionerError
from commissioner.models import (
    CorporateOutcome,
    DeliveryConfidenceAssessment,
    Gate,
    OrganisationSettings,
    Person,
    Stage,
    Supplier,
)
from commissioner.models.enums import (
    ConfidenceRating,
    GateDecision,
    ProjectStatus,
    ProtectiveMarking,
    StageKind,
    StageStatus,
)
from commissioner.services.audit_trail import AuditFilter, count_audit_entries
from commissioner.services.demo import DEMO_COUNCIL_NAME, build_demo_portfolio
from commissioner.services.projects import get_project, list_projects
from commissioner.storage import Database

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def demo(db: Database) -> Database:
    build_demo_portfolio(db, today=TODAY)
    return db


def test_returns_the_number_of_projects_it_added(db: Database) -> None:
    count = build_demo_portfolio(db, today=TODAY)

    assert count >= 6
    assert count == len(list_projects(db, include_archived=True))


def test_every_stage_is_some_projects_current_stage(demo: Database) -> None:
    stages = {summary.stage for summary in list_projects(demo, include_archived=True)}

    assert stages == set(StageKind)


def test_every_project_has_five_stages_in_order_consistent_with_its_current_stage(
    demo: Database,
) -> None:
    for summary in list_projects(demo, include_archived=True):
        project = get_project(demo, summary.id)
        assert [stage.kind for stage in project.stages] == list(StageKind)
        current = project.current_stage.sequence
        for stage in project.stages:
            if stage.kind.sequence < current:
                assert stage.status is StageStatus.COMPLETE, (project.reference, stage.kind)
            elif stage.kind.sequence > current:
                assert stage.status is StageStatus.NOT_STARTED, (project.reference, stage.kind)
                assert stage.actual_start is None
            elif project.status is not ProjectStatus.CLOSED:
                assert stage.status is StageStatus.IN_PROGRESS, project.reference


def _overridden_stage_ids(demo: Database) -> set[int]:
    """Stages the project left without an approving gate, with a recorded reason."""
    with demo.session() as session:
        return set(session.scalars(select(Stage.id).where(Stage.override_reason != "")))


def test_every_completed_stage_has_a_gate_and_its_dates(demo: Database) -> None:
    overridden = _overridden_stage_ids(demo)
    assert overridden, "the demo shows one override of a gate"
    for summary in list_projects(demo, include_archived=True):
        for stage in get_project(demo, summary.id).stages:
            if stage.status is StageStatus.COMPLETE:
                assert stage.latest_gate is not None, (summary.reference, stage.kind)
                assert stage.latest_gate.allows_progress or stage.id in overridden
                assert stage.latest_gate_on == stage.actual_end
                assert stage.actual_start is not None
                assert stage.actual_end is not None
                assert stage.actual_start <= stage.actual_end


def test_nothing_is_dated_in_the_future(demo: Database) -> None:
    with demo.session() as session:
        latest_gate = session.scalar(select(func.max(Gate.decided_on)))
        latest_end = session.scalar(select(func.max(Stage.actual_end)))
        latest_start = session.scalar(select(func.max(Stage.actual_start)))
        latest_dca = session.scalar(select(func.max(DeliveryConfidenceAssessment.assessed_on)))

    assert latest_gate is not None
    assert latest_gate <= TODAY
    assert latest_end is not None
    assert latest_end <= TODAY
    assert latest_start is not None
    assert latest_start <= TODAY
    assert latest_dca is not None
    assert latest_dca <= TODAY


def test_confidence_history_falls_within_each_projects_life(demo: Database) -> None:
    for summary in list_projects(demo, include_archived=True):
        project = get_project(demo, summary.id)
        assert 2 <= len(project.confidence_history) <= 6
        assert project.start_date is not None
        assert all(dca.assessed_on >= project.start_date for dca in project.confidence_history)
        assert all(dca.rationale and dca.assessed_by for dca in project.confidence_history)


def test_a_deferred_gate_is_followed_by_an_approval_of_the_same_stage(demo: Database) -> None:
    with demo.session() as session:
        deferred = session.scalars(select(Gate).where(Gate.decision == GateDecision.DEFERRED)).all()
        assert deferred
        for gate in deferred:
            later = [other for other in gate.stage.gates if other.decided_on > gate.decided_on]
            approved_later = any(other.decision.allows_progress for other in later)
            assert approved_later or gate.stage.override_reason


def test_portfolio_shows_a_mix_of_confidence_status_and_marking(demo: Database) -> None:
    summaries = list_projects(demo, include_archived=True)
    trends = {summary.confidence_trend for summary in summaries}
    markings = {get_project(demo, summary.id).protective_marking for summary in summaries}

    assert "worsening" in trends
    assert "improving" in trends
    assert {ConfidenceRating.RED, ConfidenceRating.AMBER_RED} & {s.confidence for s in summaries}
    assert ProjectStatus.ON_HOLD in {summary.status for summary in summaries}
    assert ProtectiveMarking.OFFICIAL_SENSITIVE in markings


def test_archived_project_is_closed_and_hidden_from_the_default_portfolio(
    demo: Database,
) -> None:
    archived = [s for s in list_projects(demo, include_archived=True) if s.archived]

    assert archived
    assert all(s.status is ProjectStatus.CLOSED for s in archived)
    assert all(s.stage is StageKind.DELIVERY for s in archived)
    shown = {s.id for s in list_projects(demo)}
    assert not shown & {s.id for s in archived}


def test_every_project_has_a_lead_sponsor_and_budget_in_whole_pence(demo: Database) -> None:
    for summary in list_projects(demo, include_archived=True):
        project = get_project(demo, summary.id)
        assert project.lead_commissioner
        assert project.sponsor
        assert isinstance(project.approved_budget_pence, int)
        assert 80_000_000 <= project.approved_budget_pence <= 6_000_000_000


def test_council_people_suppliers_and_outcomes_are_filled_in(demo: Database) -> None:
    with demo.session() as session:
        settings = session.get(OrganisationSettings, 1)
        assert settings is not None
        assert settings.council_name == DEMO_COUNCIL_NAME
        outcomes = session.scalar(select(func.count(CorporateOutcome.id)))
        suppliers = session.scalars(select(Supplier)).all()
        people = session.scalars(select(Person)).all()

    assert 4 <= (outcomes or 0) <= 5
    assert len(suppliers) >= 6
    assert any("&" in supplier.name for supplier in suppliers)
    assert len({supplier.organisation_type for supplier in suppliers}) == 4
    assert any(person.is_council_staff is False and person.organisation for person in people)
    assert any(
        person.commissioning_fte is not None and person.commissioning_fte < 1 for person in people
    )


def test_building_twice_is_refused_and_changes_nothing(demo: Database) -> None:
    before = len(list_projects(demo, include_archived=True))

    with pytest.raises(CommissionerError, match="already holds projects"):
        build_demo_portfolio(demo, today=TODAY)

    assert len(list_projects(demo, include_archived=True)) == before


def test_the_audit_trail_records_each_demo_project(demo: Database) -> None:
    for summary in list_projects(demo, include_archived=True):
        assert count_audit_entries(demo, AuditFilter(project_id=summary.id)) > 0
        gates = AuditFilter(project_id=summary.id, table_name="gates")
        if summary.stage is not StageKind.NEEDS_ASSESSMENT:
            assert count_audit_entries(demo, gates) > 0, summary.reference
    assert count_audit_entries(demo, AuditFilter(table_name="organisation_settings")) > 0


def test_default_today_dates_the_history_up_to_now(db: Database) -> None:
    build_demo_portfolio(db)

    with db.session() as session:
        latest_gate = session.scalar(select(func.max(Gate.decided_on)))
    assert latest_gate is not None
    assert latest_gate <= dt.date.today()
