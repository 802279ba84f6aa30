"""Contract use-case tests: scenarios against clauses, and the ambiguities still open."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models.enums import WarningStatus
from commissioner.services import use_cases as uc
from commissioner.services.golden_thread_records import restore_removal
from commissioner.storage import Database
from tests.conftest import MakeProject


def _add(db: Database, project_id: int, scenario: str, **fields: object) -> int:
    return uc.add_use_case(db, project_id, uc.UseCaseInput(scenario, **fields))  # type: ignore[arg-type]


def test_a_use_case_keeps_both_readings_as_typed(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    use_case = _add(
        db,
        project,
        "  A client's needs rise from 10 to 25 hours a week\nmid-package  ",
        clause_reference="  Schedule 2,   cl. 4.3 ",
        expected_behaviour="Provider increases hours within 48 hours",
        council_reading="Within the price: 'reasonable' uplifts < 20% & no change notice",
        supplier_reading="Any uplift is a variation",
        ambiguous=True,
    )
    (row,) = uc.list_use_cases(db, project)
    assert row.id == use_case
    assert row.scenario == "A client's needs rise from 10 to 25 hours a week\nmid-package"
    assert row.clause_reference == "Schedule 2, cl. 4.3"
    assert row.council_reading == "Within the price: 'reasonable' uplifts < 20% & no change notice"
    assert row.outstanding_ambiguity
    assert row.as_input() == uc.UseCaseInput(
        scenario=row.scenario,
        clause_reference="Schedule 2, cl. 4.3",
        expected_behaviour="Provider increases hours within 48 hours",
        council_reading=row.council_reading,
        supplier_reading="Any uplift is a variation",
        ambiguous=True,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"scenario": "   \n "}, "scenario"),
        ({"scenario": "x" * 4001}, "scenario"),
        ({"scenario": "Missed visit", "clause_reference": "x" * 101}, "clause_reference"),
    ],
)
def test_use_case_fields_are_checked(
    db: Database, make_project: MakeProject, fields: dict[str, Any], field: str
) -> None:
    project = make_project(db)
    with pytest.raises(ValidationError) as caught:
        uc.add_use_case(db, project, uc.UseCaseInput(**fields))
    assert set(caught.value.problems) == {field}
    assert uc.list_use_cases(db, project) == []


def test_closing_an_ambiguity_needs_its_resolution(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    use_case = _add(db, project, "Missed visit during snow", ambiguous=True)
    (row,) = uc.list_use_cases(db, project)
    closing = dataclasses.replace(row.as_input(), status=WarningStatus.CLOSED)
    with pytest.raises(ValidationError) as caught:
        uc.update_use_case(db, use_case, closing)
    assert set(caught.value.problems) == {"resolution"}
    assert uc.outstanding_ambiguities(db, project) == 1

    uc.update_use_case(
        db, use_case, dataclasses.replace(closing, resolution="Clause 7.2 reworded: force majeure")
    )
    (row,) = uc.list_use_cases(db, project)
    assert row.status is WarningStatus.CLOSED
    assert not row.outstanding_ambiguity
    assert uc.outstanding_ambiguities(db, project) == 0
    # A use case that was never ambiguous may close without a resolution.
    _add(db, project, "Provider insolvency", status=WarningStatus.CLOSED)


def test_outstanding_ambiguities_count_only_open_ambiguous_ones_on_the_project(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    assert uc.outstanding_ambiguities(db, project) == 0
    _add(db, project, "Open and ambiguous", ambiguous=True)
    _add(db, project, "Responded but ambiguous", ambiguous=True, status=WarningStatus.RESPONDED)
    _add(db, project, "Clear", ambiguous=False)
    _add(
        db,
        project,
        "Resolved",
        ambiguous=True,
        status=WarningStatus.CLOSED,
        resolution="Agreed in heads of terms",
    )
    _add(db, make_project(db), "Another project's", ambiguous=True)
    assert uc.outstanding_ambiguities(db, project) == 2


def test_outstanding_ambiguities_come_first_then_the_order_added(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    _add(db, project, "First, clear")
    _add(db, project, "Second, ambiguous", ambiguous=True)
    _add(
        db,
        project,
        "Third, resolved",
        ambiguous=True,
        status=WarningStatus.CLOSED,
        resolution="Reworded",
    )
    _add(db, project, "Fourth, ambiguous", ambiguous=True)
    assert [row.scenario for row in uc.list_use_cases(db, project)] == [
        "Second, ambiguous",
        "Fourth, ambiguous",
        "First, clear",
        "Third, resolved",
    ]


def test_delete_and_undo(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    use_case = _add(db, project, "Missed visit", ambiguous=True)
    (before,) = uc.list_use_cases(db, project)
    removal = uc.delete_use_case(db, use_case)
    assert uc.list_use_cases(db, project) == []
    assert uc.outstanding_ambiguities(db, project) == 0
    restore_removal(db, removal)
    assert uc.list_use_cases(db, project) == [before]


def test_missing_records_are_reported(db: Database) -> None:
    with pytest.raises(RecordNotFoundError):
        _add(db, 99, "No such project")
    with pytest.raises(RecordNotFoundError):
        uc.update_use_case(db, 99, uc.UseCaseInput("Gone"))
    with pytest.raises(RecordNotFoundError):
        uc.delete_use_case(db, 99)


def test_the_advice_on_ambiguities_follows_the_stage() -> None:
    open_case = uc.UseCaseRow(scenario="Missed bin", ambiguous=True, id=1)
    settled = uc.UseCaseRow(scenario="Assisted collection", id=2)
    assert uc.ambiguity_summary([], False).startswith("No use-case tests yet")
    assert uc.ambiguity_summary([settled], False) == "1 use case tested; no outstanding ambiguities"
    assert uc.ambiguity_summary([open_case, settled], False) == (
        "1 outstanding ambiguity: settle this before the contracting gate"
    )
    assert uc.ambiguity_summary([open_case, open_case], True) == (
        "2 outstanding ambiguities: agree these with the provider, as ambiguous wording is "
        "where disputes start"
    )
