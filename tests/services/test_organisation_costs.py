"""The council's cost tolerances in organisation settings: defaults, saving, validation,
undo, and the cost RAG of projects that do not set their own."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from commissioner.errors import ValidationError
from commissioner.models.enums import Rag
from commissioner.services import budgets, cost_entries, organisation
from commissioner.services.budgets import BudgetInput
from commissioner.services.cost_entries import CellEdit, CostLineInput
from commissioner.services.costs import get_cost_position
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 17)


def overrun_by(db: Database, project_id: int, percent: int) -> None:
    """One line whose forecast is ``percent`` over a £100,000 budget (the project's)."""
    category = cost_entries.list_categories(db)[0].id
    line = cost_entries.add_cost_line(db, project_id, CostLineInput("Provider", category))
    month = dt.date(2026, 4, 1)
    cost_entries.set_cells(
        db,
        project_id,
        [
            CellEdit(line, month, "budget", 10_000_000),
            CellEdit(line, month, "forecast", 10_000_000 + percent * 100_000),
        ],
    )


def save_tolerances(db: Database, amber: str, red: str) -> organisation.OrganisationView:
    before = organisation.get_organisation(db)
    organisation.update_organisation(
        db, dataclasses.replace(before, cost_amber_percent=amber, cost_red_percent=red)
    )
    return before


def test_a_new_file_has_amber_at_5_and_red_at_10_percent(db: Database) -> None:
    view = organisation.get_organisation(db)
    assert (view.cost_amber_percent, view.cost_red_percent) == ("5", "10")


def test_saved_tolerances_come_back_as_typed_and_set_the_cost_rag(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="£100,000")
    overrun_by(db, project, 8)
    assert get_cost_position(db, project, TODAY).rag is Rag.AMBER

    save_tolerances(db, "7.5%", " 8 ")

    view = organisation.get_organisation(db)
    assert (view.cost_amber_percent, view.cost_red_percent) == ("7.5", "8")
    position = get_cost_position(db, project, TODAY)
    assert (position.tolerances.amber_bp, position.tolerances.red_bp) == (750, 800)
    assert position.rag is Rag.RED  # exactly at the red tolerance is Red
    save_tolerances(db, "8.01", "20")
    assert get_cost_position(db, project, TODAY).rag is Rag.GREEN


def test_a_project_with_its_own_tolerances_keeps_them(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="£100,000")
    overrun_by(db, project, 8)
    budgets.update_budget(
        db, project, BudgetInput("£100,000", amber_percent="10", red_percent="20"), TODAY
    )
    save_tolerances(db, "2", "4")
    position = get_cost_position(db, project, TODAY)
    assert position.tolerances.own
    assert position.rag is Rag.GREEN


def test_amber_at_zero_is_kept_rather_than_taken_for_blank(db: Database) -> None:
    save_tolerances(db, "0", "2.5")
    view = organisation.get_organisation(db)
    assert (view.cost_amber_percent, view.cost_red_percent) == ("0", "2.5")


@pytest.mark.parametrize(
    ("amber", "red", "problems"),
    [
        ("10", "10", {"cost_red_percent": "The red tolerance must be higher than the amber one."}),
        ("12", "8", {"cost_red_percent": "The red tolerance must be higher than the amber one."}),
        (
            "-5",
            "10",
            {"cost_amber_percent": "Give tolerances as percentages over budget, 0 or more."},
        ),
        (
            "",
            "10",
            {"cost_amber_percent": "Give a tolerance as a percentage over budget, e.g. 5."},
        ),
        (
            "5",
            " ",
            {"cost_red_percent": "Give a tolerance as a percentage over budget, e.g. 5."},
        ),
        ("five", "10", {"cost_amber_percent": "“five” is not a percentage, e.g. 5 or 7.5."}),
        ("5", "7.125", {"cost_red_percent": "Give the percentage to at most two decimal places."}),
    ],
)
def test_unusable_tolerances_are_refused_with_a_message_and_nothing_saved(
    db: Database, amber: str, red: str, problems: dict[str, str]
) -> None:
    before = organisation.get_organisation(db)
    changed = dataclasses.replace(
        before, council_name="Harrowdale", cost_amber_percent=amber, cost_red_percent=red
    )
    with pytest.raises(ValidationError) as raised:
        organisation.update_organisation(db, changed)
    assert raised.value.problems == problems
    assert organisation.get_organisation(db) == before


def test_saving_the_previous_settings_undoes_a_change(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="£100,000")
    overrun_by(db, project, 6)
    before = save_tolerances(db, "7", "12")
    assert get_cost_position(db, project, TODAY).rag is Rag.GREEN

    organisation.update_organisation(db, before)

    assert organisation.get_organisation(db) == before
    assert get_cost_position(db, project, TODAY).rag is Rag.AMBER
