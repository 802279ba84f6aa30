"""The demo's cost history, read through the services the Costs area uses: 2–4 years of
figures per budgeted project, one overrun beyond red tolerance, one project within
tolerance only because of a logged scope reduction, change requests in every state,
and missing actuals on one project."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from commissioner.models.cost_rules import (
    add_months,
    cost_rag,
    month_start,
    months_from,
    variance_percent,
)
from commissioner.models.enums import ChangeRequestStatus, Rag, RaidKind, RaidStatus, StageKind
from commissioner.services.budgets import get_budget
from commissioner.services.change_requests import (
    ChangeRequestRow,
    budget_trail,
    list_change_requests,
)
from commissioner.services.cost_entries import list_categories
from commissioner.services.costs import CostSheet, ProjectCostRow, get_cost_sheet, portfolio_costs
from commissioner.services.demo import build_demo_portfolio
from commissioner.services.projects import get_project, list_projects
from commissioner.services.risks import get_raid_entry
from commissioner.storage import Database, open_database

TODAY = dt.date(2026, 3, 16)
THIS_MONTH = month_start(TODAY)
_OVERRUN = "SEND home-to-school transport"
_RECOVERED = "Waste collection and recycling contract"
_UNBOOKED = "Integrated community equipment service"
_OWN_TOLERANCES = "Highways maintenance term contract"


def _build(folder: Path) -> Database:
    db = open_database(folder / "demo.db", actor="tester")
    build_demo_portfolio(db, today=TODAY)
    return db


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = _build(tmp_path_factory.mktemp("demo"))
    yield db
    db.close()


@pytest.fixture(scope="module")
def rows(demo: Database) -> dict[str, ProjectCostRow]:
    return {row.name: row for row in portfolio_costs(demo, TODAY, include_archived=True)}


@pytest.fixture(scope="module")
def sheets(demo: Database, rows: dict[str, ProjectCostRow]) -> dict[str, CostSheet]:
    return {name: get_cost_sheet(demo, row.project_id, TODAY) for name, row in rows.items()}


def _months_with_figures(sheet: CostSheet) -> list[dt.date]:
    return sorted({month for line in sheet.lines for month in line.periods})


def test_every_budgeted_project_has_two_to_four_years_of_profiled_lines(
    demo: Database, sheets: dict[str, CostSheet]
) -> None:
    budgeted = [p for p in list_projects(demo, include_archived=True) if p.approved_budget_pence]
    categories = {category.name for category in list_categories(demo)}
    assert len(budgeted) == len(sheets) >= 6
    for summary in budgeted:
        sheet, project = sheets[summary.name], get_project(demo, summary.id)
        months = _months_with_figures(sheet)
        assert 24 <= len(months_from(months[0], months[-1])) <= 48, summary.reference
        assert project.start_date is not None and project.end_date is not None
        assert month_start(project.start_date) <= months[0], summary.reference
        assert months[-1] <= month_start(project.end_date), summary.reference
        assert 3 <= len(sheet.lines) <= 6, summary.reference
        for line in sheet.lines:
            assert line.category in categories
            assert re.fullmatch(r"[A-Z]{3}-\d{4}", line.finance_code), line.name
            assert all(cell.budget for cell in line.periods.values()), line.name
        assert sheet.position.profiled_budget == sheet.position.current_budget


def test_actuals_run_to_last_month_and_forecasts_beyond_it(
    demo: Database, sheets: dict[str, CostSheet]
) -> None:
    for name, sheet in sheets.items():
        booked = {m for line in sheet.lines for m, cell in line.periods.items() if cell.actual}
        future = [m for m in _months_with_figures(sheet) if m >= THIS_MONTH]
        assert max(booked) < THIS_MONTH, name
        if future:  # a live project: booked to last month, forecast from this one
            assert max(booked) == add_months(THIS_MONTH, -1) or name == _UNBOOKED
            assert all(
                line.periods[m].forecast is not None and line.periods[m].actual is None
                for line in sheet.lines
                for m in future
                if m in line.periods
            ), name


def test_supplier_payments_start_with_the_delivery_stage(
    demo: Database, rows: dict[str, ProjectCostRow], sheets: dict[str, CostSheet]
) -> None:
    project = get_project(demo, rows["Home care recommissioning"].project_id)
    delivery = next(s for s in project.stages if s.kind is StageKind.DELIVERY)
    assert delivery.planned_start is not None and delivery.actual_start is None
    payments = next(line for line in sheets[project.name].lines if line.finance_code == "ASC-3110")

    assert min(payments.periods) == month_start(delivery.planned_start)
    assert all(cell.actual is None for cell in payments.periods.values())


def test_each_budget_has_its_approval_date_and_source(
    demo: Database, rows: dict[str, ProjectCostRow]
) -> None:
    for name, row in rows.items():
        budget, project = get_budget(demo, row.project_id), get_project(demo, row.project_id)
        approved_on = dt.datetime.strptime(budget.approved_on, "%d/%m/%Y").date()
        assert project.start_date is not None and approved_on <= project.start_date, name
        when = f"{approved_on.day} {approved_on:%B %Y}"
        assert re.fullmatch(rf".+ {when}, report [A-Z]+/{approved_on:%y}/\d{{3}}", budget.source)


def test_exactly_the_send_transport_project_overruns_beyond_red_tolerance(
    rows: dict[str, ProjectCostRow],
) -> None:
    rags = {name: row.position.rag for name, row in rows.items()}
    overrun = rows[_OVERRUN].position

    assert [name for name, rag in rags.items() if rag is not Rag.GREEN] == [_OVERRUN]
    assert rags[_OVERRUN] is Rag.RED
    assert overrun.variance_percent is not None
    assert overrun.variance_percent >= overrun.tolerances.red_percent
    assert overrun.overrun
    assert next(iter(rows)) == _OVERRUN, "the portfolio puts the overrun at the top"


def _approved_scope_reduction(demo: Database, row: ProjectCostRow) -> ChangeRequestRow:
    changes = list_change_requests(demo, row.project_id)
    return next(
        c for c in changes if c.scope_reduction and c.status is ChangeRequestStatus.APPROVED
    )


def test_waste_contract_is_within_tolerance_only_thanks_to_its_scope_reduction(
    demo: Database, rows: dict[str, ProjectCostRow], sheets: dict[str, CostSheet]
) -> None:
    position = rows[_RECOVERED].position
    reduction = _approved_scope_reduction(demo, rows[_RECOVERED])
    assert reduction.decided_on is not None
    stopped = next(
        line for line in sheets[_RECOVERED].lines if line.finance_code in reduction.scope_change
    )
    # Without the reduction the stopped work would have cost what was budgeted for it.
    saving = sum(
        (cell.budget or 0) - (cell.actual if cell.actual is not None else cell.forecast or 0)
        for month, cell in stopped.periods.items()
        if month > month_start(reduction.decided_on)
    )
    assert position.current_budget is not None
    without = variance_percent(position.forecast_at_completion + saving, position.current_budget)
    tolerances = position.tolerances

    assert position.rag is Rag.GREEN
    assert saving > 0
    assert cost_rag(without, tolerances.amber_percent, tolerances.red_percent) in (
        Rag.AMBER,
        Rag.RED,
    )


def test_the_scope_reduction_links_its_quality_and_benefit_risk(
    demo: Database, rows: dict[str, ProjectCostRow]
) -> None:
    reduction = _approved_scope_reduction(demo, rows[_RECOVERED])
    assert reduction.risk_id is not None
    risk = get_raid_entry(demo, reduction.risk_id)

    assert reduction.quality_impact and not reduction.needs_risk
    assert reduction.risk_reference == risk.reference
    assert risk.kind is RaidKind.RISK and risk.status is RaidStatus.OPEN
    assert risk.project_id == rows[_RECOVERED].project_id
    assert "recycling rate" in risk.consequence and "benefit" in risk.consequence
    assert risk.raised_on == reduction.decided_on


def test_change_requests_in_every_status_with_their_decisions(
    demo: Database, rows: dict[str, ProjectCostRow]
) -> None:
    changes = [c for row in rows.values() for c in list_change_requests(demo, row.project_id)]

    assert {c.status for c in changes} == set(ChangeRequestStatus)
    for change in changes:
        decided = change.status is not ChangeRequestStatus.PROPOSED
        assert bool(change.approver) is decided, change.reference
        assert (change.decided_on is not None) is decided, change.reference
        assert change.raised_on <= (change.decided_on or change.raised_on) <= TODAY
    assert sum(c.scope_reduction for c in changes) == 1


def test_approved_changes_move_the_current_budget_with_a_trail(
    demo: Database, rows: dict[str, ProjectCostRow]
) -> None:
    row = rows[_OVERRUN]
    trail = budget_trail(demo, row.project_id)
    approved = [
        c
        for c in list_change_requests(demo, row.project_id)
        if c.status is ChangeRequestStatus.APPROVED
    ]

    assert len(trail) == 1 + len(approved) >= 2
    assert trail[0].budget_after_pence == row.position.approved_budget
    assert trail[-1].budget_after_pence == row.position.current_budget
    assert row.position.current_budget != row.position.approved_budget


def test_missing_actuals_show_on_one_project_only(rows: dict[str, ProjectCostRow]) -> None:
    missing = {name: row.position.missing_actuals for name, row in rows.items()}

    assert [name for name, months in missing.items() if months] == [_UNBOOKED]
    assert missing[_UNBOOKED] == (add_months(THIS_MONTH, -2), add_months(THIS_MONTH, -1))


def test_one_project_has_its_own_tolerances_which_change_its_rag(
    rows: dict[str, ProjectCostRow],
) -> None:
    position = rows[_OWN_TOLERANCES].position
    others = [row.position.tolerances for name, row in rows.items() if name != _OWN_TOLERANCES]

    assert position.tolerances.own
    assert not any(tolerances.own for tolerances in others)
    assert position.rag is Rag.GREEN
    assert cost_rag(position.variance_percent) is Rag.AMBER, "Amber on the council's defaults"


def test_the_same_day_gives_the_same_cost_history(
    tmp_path: Path, sheets: dict[str, CostSheet]
) -> None:
    again = _build(tmp_path)
    try:
        rebuilt = {row.name: row for row in portfolio_costs(again, TODAY, include_archived=True)}
        for name, sheet in sheets.items():
            other = get_cost_sheet(again, rebuilt[name].project_id, TODAY)
            assert [line.periods for line in other.lines] == [line.periods for line in sheet.lines]
            assert other.position == sheet.position
    finally:
        again.close()
