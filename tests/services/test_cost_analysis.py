"""The portfolio's cost totals: variance only over projects with a budget and a forecast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from commissioner.services.cost_analysis import portfolio_totals
from commissioner.services.cost_entries import (
    CellEdit,
    CostLineInput,
    add_cost_line,
    list_categories,
    set_cells,
)
from commissioner.services.costs import portfolio_costs
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 7, 15)


def test_totals_measure_variance_only_where_there_is_a_forecast(
    db: Database, make_project: MakeProject
) -> None:
    over = make_project(db, approved_budget="£100,000")
    make_project(db, approved_budget="£50,000")  # no figures yet: not measured
    make_project(db, approved_budget="")  # no budget: not measured
    line = add_cost_line(db, over, CostLineInput("Routes", list_categories(db)[0].id))
    set_cells(db, over, [CellEdit(line, dt.date(2026, 6, 1), "forecast", 11_000_000)])

    totals = portfolio_totals(portfolio_costs(db, TODAY))
    assert totals.projects == 3
    assert totals.current_budget == 15_000_000
    assert totals.variance == 1_000_000
    assert totals.budget_behind_variance == 10_000_000
    assert totals.variance_percent == Decimal(10)
    assert totals.not_measured == 2
