"""The cost sheet, the cost position a CRO reads first, and the portfolio cost table."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from commissioner.models.enums import ChangeRequestStatus, Rag
from commissioner.services import change_requests as cr
from commissioner.services.budgets import BudgetInput, update_budget
from commissioner.services.cost_entries import (
    CellEdit,
    CostLineInput,
    add_cost_line,
    list_categories,
    set_cells,
)
from commissioner.services.costs import CostCell, get_cost_position, get_cost_sheet, portfolio_costs
from commissioner.services.organisation import get_organisation, update_organisation
from commissioner.services.projects import set_archived
from commissioner.storage import Database
from tests.conftest import MakeProject

D = dt.date
TODAY = D(2026, 10, 15)


def _category(db: Database, name: str) -> int:
    return next(row.id for row in list_categories(db) if row.name == name)


def _line(db: Database, project_id: int, name: str, category: str = "Staff") -> int:
    return add_cost_line(db, project_id, CostLineInput(name, _category(db, category)))


def _set(db: Database, project_id: int, line_id: int, month: dt.date, **pence: int) -> None:
    set_cells(
        db, project_id, [CellEdit(line_id, month, measure, p) for measure, p in pence.items()]
    )


def _budget(db: Database, project_id: int, pounds: str, amber: str = "", red: str = "") -> None:
    form = BudgetInput(pounds, "01/03/2026", "Cabinet", amber_percent=amber, red_percent=red)
    update_budget(db, project_id, form, TODAY)


def _change(db: Database, project_id: int, pounds: str, status: ChangeRequestStatus) -> int:
    request = cr.add_change_request(
        db,
        project_id,
        cr.ChangeRequestInput("Extra hours", "01/05/2026", cost_impact=pounds),
        TODAY,
    )
    if status is not ChangeRequestStatus.PROPOSED:
        cr.decide_change_request(
            db, request, cr.DecisionInput(status, "Commissioning Board", "01/06/2026"), TODAY
        )
    return request


# --- The cost sheet --------------------------------------------------------------------


def test_months_span_the_project_widened_by_figures_outside_it(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, start_date="15/04/2026", end_date="10/03/2027")
    sheet = get_cost_sheet(db, project, TODAY)
    assert (sheet.months[0], sheet.months[-1], len(sheet.months)) == (
        D(2026, 4, 1),
        D(2027, 3, 1),
        12,
    )

    line = _line(db, project, "Care workers")
    _set(db, project, line, D(2026, 1, 1), budget=100)
    _set(db, project, line, D(2027, 6, 1), forecast=200)
    sheet = get_cost_sheet(db, project, TODAY)

    assert (sheet.months[0], sheet.months[-1], len(sheet.months)) == (
        D(2026, 1, 1),
        D(2027, 6, 1),
        18,
    )
    assert sheet.financial_year_start_month == 4


def test_a_project_with_no_dates_spans_its_figures_or_this_month(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, start_date="", end_date="")
    assert get_cost_sheet(db, project, TODAY).months == (D(2026, 10, 1),)

    line = _line(db, project, "Licences")
    _set(db, project, line, D(2025, 11, 1), actual=5_00)
    _set(db, project, line, D(2026, 2, 1), forecast=7_00)

    months = get_cost_sheet(db, project, TODAY).months
    assert months == (D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1))


def test_a_project_with_only_a_start_runs_to_this_month(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, start_date="01/08/2026", end_date="")
    months = get_cost_sheet(db, project, TODAY).months
    assert (months[0], months[-1]) == (D(2026, 8, 1), D(2026, 10, 1))


def test_lines_are_ordered_by_category_then_line(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    _line(db, project, "Contingency pot", "Contingency")
    _line(db, project, "Framework fees", "Supplier payments")
    _line(db, project, "Care workers")
    _line(db, project, "Project manager")
    _line(db, project, "Block contract", "Supplier payments")

    lines = get_cost_sheet(db, project, TODAY).lines

    assert [(line.category, line.name) for line in lines] == [
        ("Staff", "Care workers"),
        ("Staff", "Project manager"),
        ("Supplier payments", "Framework fees"),
        ("Supplier payments", "Block contract"),
        ("Contingency", "Contingency pot"),
    ]


def test_blank_is_not_zero_and_lines_total_their_months(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    line = _line(db, project, "Care workers")
    _set(db, project, line, D(2026, 4, 1), budget=1000_00, forecast=1100_00, actual=1050_00)
    _set(db, project, line, D(2026, 5, 1), budget=1000_00, forecast=0)
    _set(db, project, line, D(2026, 12, 1), forecast=900_00)

    (view,) = get_cost_sheet(db, project, TODAY).lines

    assert view.periods[D(2026, 12, 1)] == CostCell(None, 900_00, None)
    assert view.periods[D(2026, 5, 1)] == CostCell(1000_00, 0, None)
    assert D(2026, 6, 1) not in view.periods
    assert view.totals() == CostCell(2000_00, 2000_00, 1050_00)


# --- The cost position -----------------------------------------------------------------


def test_current_budget_moves_only_with_approved_change_requests(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="£100,000")
    _change(db, project, "£10,000", ChangeRequestStatus.APPROVED)
    _change(db, project, "-£2,500.50", ChangeRequestStatus.APPROVED)
    _change(db, project, "£40,000", ChangeRequestStatus.PROPOSED)
    _change(db, project, "£50,000", ChangeRequestStatus.REJECTED)

    position = get_cost_position(db, project, TODAY)

    assert position.approved_budget == 100_000_00
    assert position.approved_changes == 7_499_50
    assert position.current_budget == 107_499_50


def test_forecast_at_completion_counts_missing_past_actuals_at_forecast(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="£10,000")
    staff, fees = _line(db, project, "Care workers"), _line(db, project, "Fees", "Other")
    for month in (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1), D(2026, 11, 1)):
        _set(db, project, staff, month, forecast=1000_00)
    _set(db, project, staff, D(2026, 7, 1), actual=1200_00)
    _set(db, project, fees, D(2026, 8, 1), forecast=500_00, actual=450_00)
    _set(db, project, fees, D(2026, 10, 1), forecast=300_00)  # this month: not yet missing

    position = get_cost_position(db, project, TODAY)

    # Each line counts its own forecast where it has no actual: the fees booked in
    # August do not stand in for the care workers' August, which is still unbooked.
    assert position.missing_actuals == (D(2026, 8, 1), D(2026, 9, 1))
    assert position.forecast_at_completion == (
        1200_00 + (1000_00 + 450_00) + 1000_00 + 300_00 + 1000_00
    )


def test_variance_to_approved_and_current_budget_in_money_and_exact_percent(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="£300,000")
    _change(db, project, "£30,000", ChangeRequestStatus.APPROVED)
    line = _line(db, project, "Block contract", "Supplier payments")
    _set(db, project, line, D(2027, 1, 1), forecast=340_000_00)

    position = get_cost_position(db, project, TODAY)

    assert position.variance_to_approved == 40_000_00
    assert position.variance_to_current == 10_000_00
    assert position.variance_percent == Decimal(1) / Decimal(33) * 100  # exactly 3.0303…%
    assert position.rag is Rag.GREEN
    assert not position.overrun


def _position_at(db: Database, project: int, forecast_pence: int) -> tuple[Rag | None, bool]:
    line = _line(db, project, f"Line for {forecast_pence}")
    _set(db, project, line, D(2027, 1, 1), forecast=forecast_pence)
    position = get_cost_position(db, project, TODAY)
    set_cells(db, project, [CellEdit(line, D(2027, 1, 1), "forecast", None)])
    return position.rag, position.overrun


def test_cost_rag_at_the_councils_exact_thresholds(db: Database, make_project: MakeProject) -> None:
    project = make_project(db, approved_budget="£200,000")
    bands = [_position_at(db, project, pence) for pence in (209_999_99, 210_000_00)]
    bands += [_position_at(db, project, pence) for pence in (219_999_99, 220_000_00)]
    assert bands == [(Rag.GREEN, False), (Rag.AMBER, True), (Rag.AMBER, True), (Rag.RED, True)]
    assert _position_at(db, project, 150_000_00) == (Rag.GREEN, False)

    update_organisation(db, dataclasses.replace(get_organisation(db), cost_amber_percent="2"))
    assert _position_at(db, project, 204_000_00) == (Rag.AMBER, True)
    assert _position_at(db, project, 203_999_99) == (Rag.GREEN, False)


def test_cost_rag_at_the_projects_own_thresholds(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    _budget(db, project, "£200,000", amber="2.5", red="7.5")

    position = get_cost_position(db, project, TODAY)
    assert (position.tolerances.amber_bp, position.tolerances.red_bp) == (250, 750)
    assert position.tolerances.own
    assert position.approved_on == D(2026, 3, 1)
    assert position.approval_source == "Cabinet"
    assert _position_at(db, project, 204_999_99) == (Rag.GREEN, False)
    assert _position_at(db, project, 205_000_00) == (Rag.AMBER, True)
    assert _position_at(db, project, 214_999_99) == (Rag.AMBER, True)
    assert _position_at(db, project, 215_000_00) == (Rag.RED, True)

    _budget(db, project, "£200,000")  # blank tolerances: the council's apply again
    assert not get_cost_position(db, project, TODAY).tolerances.own
    assert _position_at(db, project, 215_000_00) == (Rag.AMBER, True)


def test_spend_to_date_burn_rate_and_months_left(db: Database, make_project: MakeProject) -> None:
    project = make_project(db, approved_budget="£10,000")
    line = _line(db, project, "Care workers")
    for month, pounds in ((4, 900), (5, 1000), (6, 1100), (7, 1200), (8, 1300)):
        _set(db, project, line, D(2026, month, 1), actual=pounds * 100)
    _set(db, project, line, D(2026, 11, 1), actual=999_00)  # booked ahead of this month
    _set(db, project, line, D(2026, 9, 1), budget=500_00, forecast=500_00)

    position = get_cost_position(db, project, TODAY)

    assert position.spend_to_date == 5500_00
    assert position.burn_rate == 1200_00  # (1,100 + 1,200 + 1,300) / 3
    assert position.remaining == 4500_00
    assert position.months_left == Decimal("3.8")
    assert position.profiled_budget == 500_00


def test_a_project_without_an_approved_budget(db: Database, make_project: MakeProject) -> None:
    project = make_project(db, approved_budget="")
    line = _line(db, project, "Care workers")
    _set(db, project, line, D(2026, 5, 1), forecast=100_00, actual=80_00)
    _change(db, project, "£1,000", ChangeRequestStatus.APPROVED)

    position = get_cost_position(db, project, TODAY)

    assert (position.approved_budget, position.current_budget) == (None, None)
    assert (position.variance_to_approved, position.variance_to_current) == (None, None)
    assert (position.variance_percent, position.rag, position.overrun) == (None, None, False)
    assert (position.remaining, position.months_left) == (None, None)
    assert (position.forecast_at_completion, position.spend_to_date) == (80_00, 80_00)


def test_thirty_six_months_of_awkward_pence_sum_exactly(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="£1,000,000.01")
    lines = [_line(db, project, name) for name in ("Care workers", "Night cover", "Agency")]
    months = [D(2026 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(36)]
    edits, expected = [], {"budget": 0, "forecast": 0, "actual": 0}
    for i, month in enumerate(months):
        for j, line in enumerate(lines):
            # Amounts like £9,259.26, £0.10 and £0.33 that binary floats cannot hold.
            figures = {
                "budget": 925_926 + j,
                "forecast": 10 + 33 * ((i + j) % 3),
                "actual": 33 + 7 * j,
            }
            for measure, pence in figures.items():
                edits.append(CellEdit(line, month, measure, pence))
                expected[measure] += pence
    set_cells(db, project, edits)

    sheet = get_cost_sheet(db, project, D(2029, 4, 1))

    assert len(sheet.months) == 36
    totals = [line.totals() for line in sheet.lines]
    assert sum(t.budget or 0 for t in totals) == expected["budget"]
    assert sheet.position.profiled_budget == expected["budget"]
    assert sheet.position.forecast_at_completion == expected["actual"]
    assert sheet.position.spend_to_date == expected["actual"]
    assert sheet.position.variance_to_current == expected["actual"] - 1_000_000_01
    forecast_sum = sum(t.forecast or 0 for t in totals)
    assert forecast_sum == expected["forecast"] == 36 * (10 + 43 + 76)


# --- The portfolio ---------------------------------------------------------------------


def test_portfolio_puts_overruns_first_and_leaves_archived_out(
    db: Database, make_project: MakeProject
) -> None:
    def project_at(reference: str, forecast_pence: int | None) -> int:
        project = make_project(db, reference=reference, approved_budget="£100,000")
        if forecast_pence is not None:
            line = _line(db, project, "Block contract", "Supplier payments")
            _set(db, project, line, D(2027, 1, 1), forecast=forecast_pence)
        return project

    project_at("ASC-01", 90_000_00)  # Green, under budget
    project_at("ASC-02", 106_000_00)  # Amber 6%
    project_at("ASC-03", 112_000_00)  # Red 12%
    project_at("ASC-04", 109_000_00)  # Amber 9%
    project_at("ASC-05", 130_000_00)  # Red 30%
    archived = project_at("ASC-06", 200_000_00)
    set_archived(db, archived, True)
    make_project(db, reference="ASC-07", approved_budget="")

    rows = portfolio_costs(db, TODAY)

    assert [(row.reference, row.position.rag) for row in rows] == [
        ("ASC-05", Rag.RED),
        ("ASC-03", Rag.RED),
        ("ASC-04", Rag.AMBER),
        ("ASC-02", Rag.AMBER),
        ("ASC-01", Rag.GREEN),
        ("ASC-07", None),
    ]
    everything = portfolio_costs(db, TODAY, include_archived=True)
    assert everything[0].reference == "ASC-06"


def test_a_budget_with_no_figures_has_no_variance_or_rag(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    position = get_cost_position(db, project, dt.date(2026, 6, 1))
    assert position.current_budget is not None
    assert not position.forecasted
    assert position.variance_to_current is None
    assert position.variance_percent is None
    assert position.rag is None
    assert not position.overrun


def test_the_latest_month_booked_is_the_last_actual_up_to_today(
    db: Database, make_project: MakeProject
) -> None:
    from commissioner.services import cost_entries

    project = make_project(db)
    category = cost_entries.list_categories(db)[0].id
    line = cost_entries.add_cost_line(db, project, CostLineInput("Staff", category))
    cost_entries.set_cells(
        db,
        project,
        [
            CellEdit(line, dt.date(2026, 5, 1), "actual", 100),
            CellEdit(line, dt.date(2026, 9, 1), "actual", 100),  # booked ahead of today
            CellEdit(line, dt.date(2026, 7, 1), "forecast", 100),
        ],
    )
    position = get_cost_position(db, project, dt.date(2026, 7, 20))
    assert position.latest_actual == dt.date(2026, 5, 1)
    assert get_cost_position(db, make_project(db), dt.date(2026, 7, 20)).latest_actual is None
