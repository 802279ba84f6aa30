"""The demo's suppliers, seen through the services the Suppliers area uses: every category,
role and kind of organisation, due diligence both ways, alignment over time with exactly
one falling trend, duty-to-warn logs with one prompt, and contract use-case tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from commissioner.models.alignment_rules import FALLING_TREND_POINTS
from commissioner.models.enums import (
    OrganisationType,
    SelfRating,
    StageKind,
    SupplierCategory,
    SupplierRole,
    WarningStatus,
)
from commissioner.services import alignment, due_diligence, duty_to_warn, suppliers, use_cases
from commissioner.services.demo import build_demo_portfolio
from commissioner.services.projects import ProjectSummary, list_projects
from commissioner.services.suppliers import RelationshipRow
from commissioner.storage import Database, open_database

TODAY = dt.date(2026, 3, 16)
_LATE_STAGES = (StageKind.CONTRACTING, StageKind.DELIVERY)
_FALLING = "Marston & Kerr Highways Ltd"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(Path(tmp_path_factory.mktemp("demo")) / "demo.db", actor="tester")
    build_demo_portfolio(db, today=TODAY)
    yield db
    db.close()


@pytest.fixture(scope="module")
def links(demo: Database) -> list[tuple[ProjectSummary, RelationshipRow]]:
    return [
        (project, link)
        for project in list_projects(demo, include_archived=True)
        for link in suppliers.list_relationships(demo, project.id)
    ]


def _project(demo: Database, stage: StageKind) -> ProjectSummary:
    """The first open demo project at ``stage`` that has suppliers."""
    return next(
        p
        for p in list_projects(demo)
        if p.stage is stage and suppliers.list_relationships(demo, p.id)
    )


def test_every_category_role_and_kind_of_organisation_is_represented(
    demo: Database, links: list[tuple[ProjectSummary, RelationshipRow]]
) -> None:
    assert {link.category for _, link in links} == set(SupplierCategory)
    assert {link.role for _, link in links} == set(SupplierRole)
    assert {link.organisation_type for _, link in links} == set(OrganisationType)
    for row in suppliers.list_suppliers(demo):
        assert row.contact_name and "@" in row.email and row.phone, row.name
        assert row.notes and row.project_count >= 1, row.name


def test_procurement_project_has_three_bidders_two_shortlisted_with_scores(
    demo: Database,
) -> None:
    project = _project(demo, StageKind.PROCUREMENT)
    rows = suppliers.list_relationships(demo, project.id)
    shortlisted = [row for row in rows if row.role is SupplierRole.SHORTLISTED]

    assert len(rows) == 3
    assert 2 <= len(shortlisted) <= 3
    assert all(row.price_score is not None for row in shortlisted)
    assert all(row.capability_score is not None for row in shortlisted)
    assert not any(row.role is SupplierRole.CONTRACTED for row in rows)


def test_shortlisted_suppliers_can_be_compared_on_culture_price_and_capability(
    demo: Database,
) -> None:
    project = _project(demo, StageKind.PROCUREMENT)
    compared = alignment.compare_suppliers(demo, project.id)

    assert [c.role for c in compared] == [SupplierRole.SHORTLISTED] * len(compared) != []
    assert all(len(alignment.list_assessments(demo, c.relationship_id)) == 1 for c in compared)
    assert all(c.index is not None and c.gaps for c in compared)
    assert len({c.index for c in compared}) == len(compared), "the comparison tells them apart"
    assert {verdict for c in compared for verdict in c.verdicts.values()} >= {
        "complements a strength",
        "covers a weakness",
    }


def test_due_diligence_follows_the_template_some_complete_some_part_done_one_concern(
    demo: Database, links: list[tuple[ProjectSummary, RelationshipRow]]
) -> None:
    template = due_diligence.list_template(demo)
    checklists = {link.id: due_diligence.list_due_diligence(demo, link.id) for _, link in links}

    assert all(tuple(item.area for item in rows) == template for rows in checklists.values())
    rated = [sum(item.rating is not None for item in rows) for rows in checklists.values()]
    assert len(template) in rated
    assert any(0 < count < len(template) for count in rated)
    items = [item for rows in checklists.values() for item in rows if item.rating is not None]
    assert any(item.concern for item in items)
    for item in items:
        assert item.evidence and item.assessor, item.area
        assert item.assessed_on is not None
        assert item.assessed_on <= TODAY


def test_contracted_suppliers_finished_due_diligence_before_contract(
    links: list[tuple[ProjectSummary, RelationshipRow]], demo: Database
) -> None:
    for project, link in links:
        if link.role is SupplierRole.CONTRACTED:
            rows = due_diligence.list_due_diligence(demo, link.id)
            assert all(row.rating is not None for row in rows), (project.reference, link.label)


def test_suppliers_own_due_diligence_done_and_one_not_yet_allowed(
    demo: Database, links: list[tuple[ProjectSummary, RelationshipRow]]
) -> None:
    own = {
        link.supplier_name: suppliers.get_supplier_due_diligence(demo, link.id)
        for _, link in links
        if link.category.carries_duty_to_warn and link.role is not SupplierRole.BIDDER
    }
    waiting = [name for name, record in own.items() if record.requested_on and not record.allowed]

    assert all(record.requested_on for record in own.values())
    assert any(record.done_on and record.findings for record in own.values())
    assert any(record.allowed and not record.done_on for record in own.values())
    assert waiting == ["Carewell Community Support"]


def test_council_self_assessment_names_strengths_and_weaknesses(demo: Database) -> None:
    entries = alignment.get_self_assessment(demo)
    keys = {dimension.key for dimension in alignment.list_dimensions(demo)}
    ratings = [entry.rating for entry in entries.values()]

    assert set(entries) <= keys
    assert ratings.count(SelfRating.STRENGTH) >= 2
    assert ratings.count(SelfRating.WEAKNESS) >= 2
    assert all(entry.note for entry in entries.values())


def test_every_contracted_supplier_is_reassessed_two_to_four_times_with_evidence(
    demo: Database, links: list[tuple[ProjectSummary, RelationshipRow]]
) -> None:
    contracted = [link for _, link in links if link.role is SupplierRole.CONTRACTED]
    assert len(contracted) >= 4
    for link in contracted:
        assessments = alignment.list_assessments(demo, link.id)
        dates = [a.assessed_on for a in assessments]
        assert 2 <= len(assessments) <= 4, link.supplier_name
        assert dates == sorted(set(dates)) and dates[-1] <= TODAY
        for assessment in assessments:
            assert assessment.assessor
            assert all(score.evidence for score in assessment.scores)


def test_exactly_one_supplier_shows_a_falling_alignment_trend(demo: Database) -> None:
    flags = [
        (project.name, flag)
        for project in list_projects(demo, include_archived=True)
        for flag in alignment.falling_alignments(demo, project.id)
    ]

    assert len(flags) == 1
    project_name, flag = flags[0]
    assert project_name == "Highways maintenance term contract"
    assert flag.supplier_name == _FALLING
    assert flag.previous - flag.latest >= FALLING_TREND_POINTS


def test_other_contracted_suppliers_hold_steady_or_improve(
    demo: Database, links: list[tuple[ProjectSummary, RelationshipRow]]
) -> None:
    others = [
        link
        for _, link in links
        if link.role is SupplierRole.CONTRACTED and link.supplier_name != _FALLING
    ]
    assert others
    for link in others:
        trend = alignment.alignment_trend(demo, link.id)
        first, *_, latest = trend.indexes
        assert not trend.falling, link.supplier_name
        assert first is not None and latest is not None
        assert latest >= first, link.supplier_name


def test_duty_to_warn_logs_cover_every_status_and_only_expert_or_strategic_suppliers(
    demo: Database,
) -> None:
    warnings = [
        (project, warning)
        for project in list_projects(demo, include_archived=True)
        for warning in duty_to_warn.list_warnings(demo, project.id)
    ]
    categories = {
        link.id: link.category
        for project, _ in warnings
        for link in suppliers.list_relationships(demo, project.id)
    }

    assert {warning.status for _, warning in warnings} == set(WarningStatus)
    assert all(categories[w.relationship_id].carries_duty_to_warn for _, w in warnings)
    for _, warning in warnings:
        assert warning.raised_on <= TODAY and warning.raised_by and warning.how_communicated
        assert warning.status is WarningStatus.OPEN or warning.council_response


def test_one_quiet_expert_supplier_is_prompted_for_warnings(demo: Database) -> None:
    prompted = {
        project.name: duty_to_warn.warning_prompts(demo, project.id, TODAY)
        for project in list_projects(demo, include_archived=True)
    }
    prompted = {name: prompts for name, prompts in prompted.items() if prompts}

    assert list(prompted) == ["Highways maintenance term contract"]
    (prompt,) = prompted["Highways maintenance term contract"]
    assert prompt.supplier_name == _FALLING
    assert prompt.last_raised is not None
    assert (TODAY - prompt.last_raised).days > duty_to_warn.prompt_period(demo)


def test_use_cases_test_contract_wording_on_late_stage_projects(demo: Database) -> None:
    registers = [
        (project.stage, use_cases.list_use_cases(demo, project.id))
        for project in list_projects(demo, include_archived=True)
    ]
    rows = [row for _, register in registers for row in register]

    assert {stage for stage, register in registers if register} <= set(_LATE_STAGES)
    assert len(rows) >= 6
    assert all(
        row.clause_reference and row.council_reading and row.supplier_reading for row in rows
    )
    assert any(row.ambiguous for row in rows) and any(not row.ambiguous for row in rows)
    closed = [row for row in rows if row.status is WarningStatus.CLOSED]
    assert any(row.ambiguous and row.resolution for row in closed)


def test_a_project_in_contracting_has_an_outstanding_ambiguity(demo: Database) -> None:
    contracting = [p for p in list_projects(demo) if p.stage is StageKind.CONTRACTING]
    outstanding = {p.name: use_cases.outstanding_ambiguities(demo, p.id) for p in contracting}

    assert outstanding.get("Leisure management contract", 0) >= 1
    leisure = next(p for p in contracting if p.name == "Leisure management contract")
    first = use_cases.list_use_cases(demo, leisure.id)[0]
    assert first.outstanding_ambiguity and first.clause_reference


def test_every_demo_record_is_one_the_forms_would_accept(
    demo: Database, links: list[tuple[ProjectSummary, RelationshipRow]]
) -> None:
    keys = [dimension.key for dimension in alignment.list_dimensions(demo)]
    for row in suppliers.list_suppliers(demo):
        suppliers.validate_supplier(row.as_input())
    for project, link in links:
        suppliers.validate_relationship(link.as_input())
        for item in due_diligence.list_due_diligence(demo, link.id):
            due_diligence.validate_item(item.as_input(), TODAY)
        for assessment in alignment.list_assessments(demo, link.id):
            alignment.validate_assessment(assessment.as_input(), keys, TODAY)
        for warning in duty_to_warn.list_warnings(demo, project.id):
            duty_to_warn.validate_warning(warning.as_input(), TODAY)
        for use_case in use_cases.list_use_cases(demo, project.id):
            use_cases.validate_use_case(use_case.as_input())
