"""Project use cases: the form's rules, the portfolio list, editing and archiving."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import AuditEntry, DeliveryConfidenceAssessment, Person
from commissioner.models.enums import (
    AuditAction,
    ConfidenceRating,
    DeliveryModel,
    ProjectStatus,
    StageKind,
    StageStatus,
    SupplierCategory,
)
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import (
    create_project,
    delete_project,
    get_project,
    list_projects,
    set_archived,
    update_project,
)
from commissioner.storage import Database

MakeProject = Callable[..., int]
ProjectForm = Callable[..., ProjectInput]


def _problems(db: Database, form: ProjectInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        create_project(db, form)
    return error.value.problems


def _add_assessment(db: Database, project_id: int, on: dt.date, rating: ConfidenceRating) -> None:
    with db.session() as session:
        session.add(
            DeliveryConfidenceAssessment(project_id=project_id, assessed_on=on, rating=rating)
        )


def _updates(db: Database) -> list[tuple[str, str | None, str | None]]:
    query = (
        select(AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value)
        .where(AuditEntry.action == AuditAction.UPDATE)
        .order_by(AuditEntry.id)
    )
    with db.session() as session:
        return [tuple(row) for row in session.execute(query)]


# Creating a project


def test_a_new_project_is_saved_as_typed(db: Database, project_form: ProjectForm) -> None:
    project_id = create_project(
        db,
        project_form(
            reference=" asc-2026-01 ",
            name="  Home   care  framework ",
            service_area=" Adult social care ",
            description="  Framework for domiciliary care.  ",
            approved_budget="£1,250,000.50",
            start_date="01/04/2026",
            end_date="31 Mar 2028",
            delivery_model=DeliveryModel.EXTERNAL_PROVIDER,
            supplier_category=SupplierCategory.EXPERT,
        ),
    )

    project = get_project(db, project_id)
    assert project.reference == "ASC-2026-01"
    assert project.name == "Home care framework"
    assert project.service_area == "Adult social care"
    assert project.description == "Framework for domiciliary care."
    assert project.approved_budget_pence == 125_000_050
    assert (project.start_date, project.end_date) == (dt.date(2026, 4, 1), dt.date(2028, 3, 31))
    assert project.supplier_category is SupplierCategory.EXPERT
    assert project.status is ProjectStatus.ACTIVE
    assert not project.archived


def test_a_new_project_has_five_stages_with_the_first_under_way(
    db: Database, make_project: MakeProject
) -> None:
    project = get_project(db, make_project(db, start_date="01/04/2026"))

    assert [stage.kind for stage in project.stages] == list(StageKind)
    assert project.current_stage is StageKind.NEEDS_ASSESSMENT
    first, *rest = project.stages
    assert first.status is StageStatus.IN_PROGRESS
    assert first.actual_start == dt.date(2026, 4, 1)
    assert {stage.status for stage in rest} == {StageStatus.NOT_STARTED}
    assert {stage.actual_start for stage in rest} == {None}


def test_blank_budget_and_dates_are_allowed(db: Database, make_project: MakeProject) -> None:
    project = get_project(db, make_project(db, approved_budget="", start_date="", end_date=""))

    assert (project.approved_budget_pence, project.start_date, project.end_date) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reference": "  "}, "reference", "Give the project a reference"),
        ({"reference": "A"}, "reference", "2–20 capital letters"),
        ({"reference": "ASC_2026"}, "reference", "2–20 capital letters"),
        ({"reference": "-ASC"}, "reference", "2–20 capital letters"),
        ({"reference": "A" * 21}, "reference", "2–20 capital letters"),
        ({"name": " \t "}, "name", "Give the project a name"),
        ({"name": "x" * 201}, "name", "under 200 characters"),
        ({"service_area": ""}, "service_area", "Choose or type the service area"),
        ({"service_area": "x" * 101}, "service_area", "under 100 characters"),
        ({"approved_budget": "lots"}, "approved_budget", "is not an amount in pounds"),
        ({"approved_budget": "-£5,000"}, "approved_budget", "more than £0"),
        ({"approved_budget": "0"}, "approved_budget", "more than £0"),
        ({"approved_budget": "£0.00"}, "approved_budget", "more than £0"),
        ({"approved_budget": "£10,000,000,000,000"}, "approved_budget", "implausibly large"),
        ({"start_date": "31/02/2026"}, "start_date", "is not a real date"),
        ({"end_date": "soon"}, "end_date", "is not a date"),
        ({"start_date": "01/01/1989"}, "start_date", "outside 1990–2100"),
        ({"end_date": "01/01/2101", "start_date": ""}, "end_date", "outside 1990–2100"),
        (
            {"start_date": "01/04/2026", "end_date": "31/03/2026"},
            "end_date",
            "before the start date",
        ),
        (
            {
                "delivery_model": DeliveryModel.IN_HOUSE,
                "supplier_category": SupplierCategory.GENERAL,
            },
            "supplier_category",
            "in-house service has no supplier category",
        ),
    ],
)
def test_a_form_breaking_a_rule_names_the_field_and_saves_nothing(
    db: Database,
    project_form: ProjectForm,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    problems = _problems(db, project_form(**overrides))

    assert list(problems) == [field]
    assert message in problems[field]
    assert list_projects(db, include_archived=True) == []


@pytest.mark.parametrize(
    ("overrides", "stored"),
    [
        ({"name": "x" * 200}, "name"),
        ({"reference": "AB"}, "reference"),
        ({"reference": "A" * 20}, "reference"),
        ({"reference": "ASC/2026-01"}, "reference"),
        ({"start_date": "01/04/2026", "end_date": "01/04/2026"}, "end_date"),
        ({"approved_budget": "0.01"}, "approved_budget_pence"),
    ],
)
def test_values_at_the_edge_of_a_rule_are_accepted(
    db: Database, project_form: ProjectForm, overrides: dict[str, Any], stored: str
) -> None:
    project_id = create_project(db, project_form(**overrides))

    assert getattr(get_project(db, project_id), stored) is not None


def test_every_broken_rule_is_reported_at_once(db: Database, project_form: ProjectForm) -> None:
    problems = _problems(
        db,
        project_form(reference="", name="", service_area="", approved_budget="x", end_date="x"),
    )

    assert set(problems) == {"reference", "name", "service_area", "approved_budget", "end_date"}


@pytest.mark.parametrize("reference", ["ASC-2026-01", "asc-2026-01", " Asc - 2026 - 01 "])
def test_a_reference_already_in_use_is_refused_whatever_its_case(
    db: Database, make_project: MakeProject, project_form: ProjectForm, reference: str
) -> None:
    make_project(db, reference="ASC-2026-01")

    problems = _problems(db, project_form(reference=reference, name="Another project"))

    assert problems == {"reference": "Another project already uses the reference ASC-2026-01."}
    assert len(list_projects(db)) == 1


@pytest.mark.parametrize("field", ["lead_commissioner_id", "sponsor_id"])
def test_a_person_no_longer_in_the_database_is_named_as_a_problem(
    db: Database, project_form: ProjectForm, field: str
) -> None:
    problems = _problems(db, project_form(**{field: 999}))

    assert list(problems) == [field]
    assert "no longer in the database" in problems[field]
    assert list_projects(db) == []


def test_an_edit_naming_a_person_no_longer_in_the_database_saves_nothing(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    before = get_project(db, project_id)

    with pytest.raises(ValidationError) as error:
        update_project(
            db, project_id, dataclasses.replace(before.as_input(), name="New", sponsor_id=999)
        )

    assert set(error.value.problems) == {"sponsor_id"}
    assert get_project(db, project_id) == before


# The portfolio


def test_the_portfolio_is_ordered_by_reference(db: Database, make_project: MakeProject) -> None:
    for reference in ("HSG-01", "ASC-02", "ASC-01", "WST-01"):
        make_project(db, reference=reference)

    references = [project.reference for project in list_projects(db)]

    assert references == ["ASC-01", "ASC-02", "HSG-01", "WST-01"]


def test_the_portfolio_shows_the_lead_commissioner_by_name(
    db: Database, make_project: MakeProject
) -> None:
    lead = Person(full_name="Priya Shah", job_title="Commissioning manager")
    with db.session() as session:
        session.add(lead)
    make_project(db, reference="ASC-01", lead_commissioner_id=lead.id)
    make_project(db, reference="ASC-02")

    leads = [project.lead_commissioner for project in list_projects(db)]

    assert leads == ["Priya Shah", ""]
    assert get_project(db, list_projects(db)[0].id).lead_commissioner == "Priya Shah"


def test_archived_projects_are_hidden_unless_asked_for(
    db: Database, make_project: MakeProject
) -> None:
    make_project(db, reference="ASC-01")
    archived_id = make_project(db, reference="ASC-02")

    set_archived(db, archived_id, True)

    assert [project.reference for project in list_projects(db)] == ["ASC-01"]
    everything = list_projects(db, include_archived=True)
    assert [(project.reference, project.archived) for project in everything] == [
        ("ASC-01", False),
        ("ASC-02", True),
    ]


def test_archiving_and_restoring_a_project_round_trips(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    before = get_project(db, project_id)

    set_archived(db, project_id, True)
    assert get_project(db, project_id).archived
    set_archived(db, project_id, False)

    assert get_project(db, project_id) == before
    assert [project.id for project in list_projects(db)] == [project_id]


def test_archiving_an_archived_project_again_changes_nothing(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    set_archived(db, project_id, True)
    archived_changes = _updates(db)

    set_archived(db, project_id, True)

    assert _updates(db) == archived_changes
    assert [field for field, _old, _new in archived_changes] == ["archived_at"]


@pytest.mark.parametrize(
    ("ratings", "trend"),
    [
        ([ConfidenceRating.AMBER, ConfidenceRating.GREEN], "improving"),
        ([ConfidenceRating.AMBER_GREEN, ConfidenceRating.RED], "worsening"),
        ([ConfidenceRating.AMBER, ConfidenceRating.AMBER], "steady"),
    ],
)
def test_the_portfolio_shows_the_latest_confidence_and_its_trend(
    db: Database, make_project: MakeProject, ratings: list[ConfidenceRating], trend: str
) -> None:
    project_id = make_project(db)
    earlier, later = ratings
    # Recorded out of order: the trend follows the assessment dates.
    _add_assessment(db, project_id, dt.date(2026, 7, 1), later)
    _add_assessment(db, project_id, dt.date(2026, 5, 1), earlier)

    (project,) = list_projects(db)

    assert (project.confidence, project.previous_confidence) == (later, earlier)
    assert project.confidence_trend == trend


def test_one_assessment_gives_a_rating_but_no_trend(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db, reference="ASC-01")
    make_project(db, reference="ASC-02")
    _add_assessment(db, project_id, dt.date(2026, 5, 1), ConfidenceRating.AMBER_RED)

    assessed, unassessed = list_projects(db)

    assert (assessed.confidence, assessed.confidence_trend) == (ConfidenceRating.AMBER_RED, "")
    assert (unassessed.confidence, unassessed.confidence_trend) == (None, "")


# Editing


def test_saving_the_edit_form_unchanged_changes_nothing(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(
        db,
        approved_budget="£1,250,000.50",
        start_date="01/04/2026",
        end_date="31/03/2028",
        supplier_category=SupplierCategory.STRATEGIC_PARTNER,
        delivery_model=DeliveryModel.MIXED,
        description="Framework for domiciliary care.",
    )
    before = get_project(db, project_id)

    update_project(db, project_id, before.as_input())

    assert get_project(db, project_id) == before
    assert _updates(db) == []


def test_editing_a_project_saves_and_audits_only_the_changed_fields(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db, name="Home care framework", end_date="31/03/2028")
    form = get_project(db, project_id).as_input()

    update_project(
        db,
        project_id,
        dataclasses.replace(
            form, name="Home care", end_date="30/09/2028", status=ProjectStatus.ON_HOLD
        ),
    )

    project = get_project(db, project_id)
    assert (project.name, project.end_date, project.status) == (
        "Home care",
        dt.date(2028, 9, 30),
        ProjectStatus.ON_HOLD,
    )
    assert sorted(_updates(db)) == [
        ("end_date", "2028-03-31", "2028-09-30"),
        ("name", "Home care framework", "Home care"),
        ("status", "active", "on_hold"),
    ]


def test_a_project_keeps_its_own_reference_when_edited(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db, reference="ASC-01")
    form = get_project(db, project_id).as_input()

    update_project(db, project_id, dataclasses.replace(form, reference="asc-01", name="Renamed"))

    assert get_project(db, project_id).reference == "ASC-01"


def test_an_edit_cannot_take_another_projects_reference(
    db: Database, make_project: MakeProject
) -> None:
    make_project(db, reference="ASC-01")
    project_id = make_project(db, reference="ASC-02")
    form = get_project(db, project_id).as_input()

    with pytest.raises(ValidationError) as error:
        update_project(db, project_id, dataclasses.replace(form, reference="asc-01"))

    assert set(error.value.problems) == {"reference"}
    assert get_project(db, project_id).reference == "ASC-02"


def test_an_invalid_edit_saves_nothing(db: Database, make_project: MakeProject) -> None:
    project_id = make_project(db)
    before = get_project(db, project_id)

    with pytest.raises(ValidationError):
        update_project(
            db, project_id, dataclasses.replace(before.as_input(), name="New name", end_date="x")
        )

    assert get_project(db, project_id) == before
    assert _updates(db) == []


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda db, form: get_project(db, 999), id="get"),
        pytest.param(lambda db, form: update_project(db, 999, form), id="update"),
        pytest.param(lambda db, form: set_archived(db, 999, True), id="archive"),
        pytest.param(lambda db, form: delete_project(db, 999), id="delete"),
    ],
)
def test_a_project_that_no_longer_exists_is_reported(
    db: Database, project_form: ProjectForm, action: Callable[[Database, ProjectInput], object]
) -> None:
    with pytest.raises(RecordNotFoundError, match="no longer exists"):
        action(db, project_form())
