"""The approved budget form: amount, approval, source and the project's own tolerances."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.services.budgets import (
    BudgetInput,
    get_budget,
    parse_percent,
    parse_tolerances,
    percent_text,
    restore_budget,
    update_budget,
)
from commissioner.services.organisation import get_organisation
from commissioner.services.projects import get_project
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 10, 15)


def _problems(db: Database, project: int, **fields: str) -> dict[str, str]:
    form = BudgetInput(**{"approved_budget": "£1,000,000", **fields})
    with pytest.raises(ValidationError) as caught:
        update_budget(db, project, form, TODAY)
    return caught.value.problems


def test_the_budget_round_trips_through_its_form(db: Database, make_project: MakeProject) -> None:
    project = make_project(db, approved_budget="£1,250,000")
    assert get_budget(db, project) == BudgetInput("£1,250,000.00")

    form = BudgetInput(
        approved_budget="£1,325,000.50",
        approved_on="12/03/2026",
        source="Cabinet 12 March 2026, report CAB/26/014 <appendix B> & C",
        amber_percent="7.5%",
        red_percent=" 12 ",
    )
    update_budget(db, project, form, TODAY)

    saved = get_budget(db, project)
    assert saved == BudgetInput(
        approved_budget="£1,325,000.50",
        approved_on="12/03/2026",
        source="Cabinet 12 March 2026, report CAB/26/014 <appendix B> & C",
        amber_percent="7.5",
        red_percent="12",
    )
    assert get_project(db, project).approved_budget_pence == 1_325_000_50
    update_budget(db, project, saved, TODAY)  # saving the form unchanged changes nothing
    assert get_budget(db, project) == saved


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-£5,000", "must be more than £0"),
        ("0", "must be more than £0"),
        ("", "Give the approved budget"),
        ("£10,000,000,000,000", "implausibly large"),
        ("1.234", "more than two decimal places"),
        ("lots", "not an amount in pounds"),
    ],
)
def test_a_budget_that_cannot_be_approved_is_refused(
    db: Database, make_project: MakeProject, typed: str, message: str
) -> None:
    project = make_project(db, approved_budget="£1,250,000")
    assert message in _problems(db, project, approved_budget=typed)["approved_budget"]
    assert get_project(db, project).approved_budget_pence == 1_250_000_00


def test_the_approval_date_must_be_real_and_not_in_the_future(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    assert "approved_on" in _problems(db, project, approved_on="31/02/2026")
    future = _problems(db, project, approved_on="16/10/2026")["approved_on"]
    assert "cannot be in the future" in future
    update_budget(db, project, BudgetInput("£5", approved_on="15/10/2026"), TODAY)


@pytest.mark.parametrize(
    ("amber", "red", "field", "message"),
    [
        ("5", "", "red_percent", "Give both tolerances"),
        ("", "10", "amber_percent", "Give both tolerances"),
        ("10", "10", "red_percent", "higher than the amber one"),
        ("12", "10", "red_percent", "higher than the amber one"),
        ("-1", "10", "amber_percent", "0 or more"),
        ("1.234", "10", "amber_percent", "two decimal places"),
        ("5", "ten", "red_percent", "not a percentage"),
        ("5", "1e100", "red_percent", "not a percentage"),
        ("5", "NaN", "red_percent", "not a percentage"),
    ],
)
def test_tolerances_must_make_sense(
    db: Database, make_project: MakeProject, amber: str, red: str, field: str, message: str
) -> None:
    project = make_project(db)
    problems = _problems(db, project, amber_percent=amber, red_percent=red)
    assert message in problems[field]
    assert get_budget(db, project).amber_percent == ""


def test_percentages_as_typed_and_shown() -> None:
    assert [parse_percent(text) for text in ("7.5%", " 10 ", "0", "", "2.25 %")] == [
        750,
        1000,
        0,
        None,
        225,
    ]
    assert [percent_text(bp) for bp in (500, 1000, 750, 1025, 2000, 0, None)] == [
        "5",
        "10",
        "7.5",
        "10.25",
        "20",
        "0",
        "",
    ]


def test_the_councils_default_tolerances_read_back_as_typed(db: Database) -> None:
    view = get_organisation(db)
    assert (view.cost_amber_percent, view.cost_red_percent) == ("5", "10")


def test_a_deleted_project_has_no_budget(db: Database) -> None:
    with pytest.raises(RecordNotFoundError):
        get_budget(db, 9999)
    with pytest.raises(RecordNotFoundError):
        update_budget(db, 9999, BudgetInput("£5"), TODAY)


def test_restoring_a_project_that_had_no_budget_clears_it_whole(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="")
    before = get_budget(db, project)
    assert before.approved_budget == ""
    update_budget(
        db,
        project,
        BudgetInput("£2m", "01/03/2026", "Cabinet, report CAB/26/1", "4", "8"),
        dt.date(2026, 3, 31),
    )
    restore_budget(db, project, before, dt.date(2026, 3, 31))
    assert get_budget(db, project) == before


def test_both_tolerances_are_asked_for_even_beside_other_problems() -> None:
    problems = {"approved_budget": "Give the approved budget, e.g. £1,250,000."}
    assert parse_tolerances("5", "", problems) == (500, None)
    assert (
        problems["red_percent"] == "Give both tolerances, or leave both blank to use the council's."
    )
