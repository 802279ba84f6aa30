"""The cost S-curve and the variance by category: what each chart draws, read back from
its pyqtgraph items, and the sentence shown when there is nothing to draw."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from commissioner.models.enums import ChangeRequestStatus
from commissioner.models.money import short_pounds
from commissioner.services import change_requests, cost_entries
from commissioner.services.change_requests import ChangeRequestInput, DecisionInput
from commissioner.services.cost_entries import CellEdit, CostLineInput
from commissioner.services.costs import CostSheet, get_cost_sheet
from commissioner.storage import Database
from commissioner.ui.app import make_application
from commissioner.ui.cost_charts import (
    OVERRUN_COLOUR,
    OVERRUN_WORDS,
    UNDERSPEND_COLOUR,
    CostSCurve,
    MoneyAxis,
    VarianceByCategoryChart,
    month_ticks,
    two_lines,
)
from commissioner.ui.kpi_chart import timestamp
from tests.conftest import MakeProject

TODAY = dt.date(2026, 7, 15)
APRIL = dt.date(2026, 4, 1)
POUND = 100


def month(offset: int) -> dt.date:
    return dt.date(2026, 4 + offset, 1) if offset < 9 else dt.date(2027, offset - 8, 1)


def add_line(db: Database, project: int, name: str, category: str) -> int:
    ids = {row.name: row.id for row in cost_entries.list_categories(db)}
    return cost_entries.add_cost_line(db, project, CostLineInput(name, ids[category]))


@pytest.fixture
def project(db: Database, make_project: MakeProject) -> int:
    """A year's project (April 2026 to March 2027) with a £400,000 approved budget."""
    make_application()
    return make_project(
        db, approved_budget="£400,000", start_date="01/04/2026", end_date="31/03/2027"
    )


@pytest.fixture
def sheet(db: Database, project: int) -> CostSheet:
    """Staff overrunning (£12k a month against £10k), the provider under (£18k against
    £20k); April to June are booked, except the provider's June invoice."""
    staff = add_line(db, project, "Commissioning team", "Staff")
    provider = add_line(db, project, "Provider payments", "Supplier payments")
    edits = []
    for offset in range(12):
        edits += [
            CellEdit(staff, month(offset), "budget", 10_000 * POUND),
            CellEdit(staff, month(offset), "forecast", 12_000 * POUND),
            CellEdit(provider, month(offset), "budget", 20_000 * POUND),
            CellEdit(provider, month(offset), "forecast", 18_000 * POUND),
        ]
    for offset in range(3):
        edits.append(CellEdit(staff, month(offset), "actual", 11_000 * POUND))
    for offset in range(2):
        edits.append(CellEdit(provider, month(offset), "actual", 17_500 * POUND))
    cost_entries.set_cells(db, project, edits)
    return get_cost_sheet(db, project, TODAY)


@pytest.fixture
def s_curve(qtbot: QtBot) -> CostSCurve:
    chart = CostSCurve()
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.show()
    return chart


@pytest.fixture
def variance_chart(qtbot: QtBot) -> VarianceByCategoryChart:
    chart = VarianceByCategoryChart()
    qtbot.addWidget(chart)
    chart.resize(900, 380)
    chart.show()
    return chart


def pounds(curve: object) -> list[float]:
    return [float(y) / POUND for y in curve.yData]  # type: ignore[attr-defined]


# ----- the S-curve --------------------------------------------------------------------


def test_budget_line_climbs_by_each_months_budget_from_zero(
    s_curve: CostSCurve, sheet: CostSheet
) -> None:
    s_curve.show_sheet(sheet, TODAY)
    assert not s_curve.empty
    assert pounds(s_curve.curves["budget"]) == [30_000.0 * n for n in range(13)]
    xs = list(s_curve.curves["budget"].xData)
    assert xs[0] == timestamp(APRIL)
    assert xs[-1] == timestamp(dt.date(2027, 4, 1))  # the end of March 2027


def test_forecast_runs_through_actuals_to_the_forecast_at_completion(
    s_curve: CostSCurve, sheet: CostSheet
) -> None:
    s_curve.show_sheet(sheet, TODAY)
    forecast = pounds(s_curve.curves["forecast"])
    # April and May booked on both lines; June only on staff, so the provider's June
    # forecast still counts; then forecasts on both lines to March.
    assert forecast[1:4] == [28_500.0, 57_000.0, 86_000.0]
    assert forecast[-1] == 86_000 + 9 * 30_000
    assert forecast[-1] * POUND == sheet.position.forecast_at_completion
    assert s_curve.completion_note is not None
    assert s_curve.completion_note.toPlainText() == "Forecast at completion £356,000"


def test_actual_line_stops_at_the_latest_month_booked(
    s_curve: CostSCurve, sheet: CostSheet
) -> None:
    s_curve.show_sheet(sheet, TODAY)
    assert pounds(s_curve.curves["actual"]) == [0.0, 28_500.0, 57_000.0, 68_000.0]


def test_today_and_the_current_budget_are_labelled_lines(
    s_curve: CostSCurve, sheet: CostSheet, db: Database, project: int
) -> None:
    request = change_requests.add_change_request(
        db, project, ChangeRequestInput("Extra visits", "01/05/2026", cost_impact="£25,000"), TODAY
    )
    decision = DecisionInput(ChangeRequestStatus.APPROVED, "Cabinet", "01/06/2026")
    change_requests.decide_change_request(db, request, decision, TODAY)
    s_curve.show_sheet(get_cost_sheet(db, project, TODAY), TODAY)

    assert s_curve.today_line is not None and s_curve.budget_line is not None
    assert s_curve.today_line.value() == timestamp(TODAY)
    assert s_curve.today_line.label.toPlainText() == "Today 15/07/2026"
    assert s_curve.budget_line.value() == 425_000 * POUND
    assert s_curve.budget_line.label.toPlainText() == "Current budget £425,000"
    low, high = s_curve.plot.viewRange()[1]
    assert low <= 0 and high > 425_000 * POUND  # the budget line is in view


def test_lines_differ_in_dash_as_well_as_colour_and_are_named_in_the_legend(
    s_curve: CostSCurve, sheet: CostSheet
) -> None:
    s_curve.show_sheet(sheet, TODAY)
    s_curve.show_sheet(sheet, TODAY)  # redrawn after an edit: still one entry per line
    pens = {key: curve.opts["pen"] for key, curve in s_curve.curves.items()}
    assert len({pen.style() for pen in pens.values()}) == 3
    assert len({pen.color().name() for pen in pens.values()}) == 3
    names = [label.text for _sample, label in s_curve.legend.items]
    assert names == [
        "Budget (profiled, cumulative)",
        "Forecast (actuals, then forecast)",
        "Actual spend",
    ]


def test_money_axis_and_month_ticks_read_in_pounds_and_months() -> None:
    axis = MoneyAxis("left")
    assert axis.tickStrings([0, 50_000_000, 150_000_000, 2_500_000_000], 1, 1) == [
        "£0",
        "£500k",
        "£1.5m",
        "£25m",
    ]
    assert short_pounds(-8_912_345) == "−£89.1k"
    assert short_pounds(123_456, signed=True) == "+£1.23k"
    three_years = month_ticks(dt.date(2025, 4, 1), dt.date(2028, 4, 1))
    assert [label for _x, label in three_years[:3]] == ["Apr 2025", "Jul 2025", "Oct 2025"]
    assert len(three_years) == 13
    one_year = month_ticks(APRIL, dt.date(2027, 4, 1))
    assert [label for _x, label in one_year][:2] == ["Apr 2026", "May"]
    assert one_year[9][1] == "Jan 2027"
    narrow = month_ticks(dt.date(2025, 4, 1), dt.date(2028, 4, 1), max_ticks=4)
    assert [label for _x, label in narrow] == ["Apr 2025", "Apr 2026", "Apr 2027", "Apr 2028"]
    calendar_years = month_ticks(dt.date(2025, 4, 1), dt.date(2027, 4, 1), 3, year_start=1)
    assert [label for _x, label in calendar_years] == ["Jan 2026", "Jan 2027"]
    ten_years = month_ticks(dt.date(2023, 4, 1), dt.date(2033, 7, 1), max_ticks=6)
    assert [label for _x, label in ten_years] == [
        "Apr 2023",
        "Apr 2025",
        "Apr 2027",
        "Apr 2029",
        "Apr 2031",
        "Apr 2033",
    ]


def test_month_labels_thin_out_when_the_chart_is_narrow(
    s_curve: CostSCurve, sheet: CostSheet
) -> None:
    s_curve.resize(1200, 420)
    s_curve.show_sheet(sheet, TODAY)
    wide = s_curve.plot.getAxis("bottom")._tickLevels[0]
    assert len(wide) == 13  # every month of the year and the end of March
    s_curve.resize(420, 420)
    narrow = s_curve.plot.getAxis("bottom")._tickLevels[0]
    assert [label for _x, label in narrow] == ["Apr 2026", "Oct 2026", "Apr 2027"]


def test_s_curve_says_so_when_there_is_nothing_to_draw(
    s_curve: CostSCurve, sheet: CostSheet, db: Database, project: int
) -> None:
    s_curve.show_sheet(dataclasses.replace(sheet, lines=()), TODAY)
    assert s_curve.empty
    assert s_curve.message.text().startswith("No cost lines yet.")
    assert s_curve.message.isVisible() and not s_curve.plot.isVisible()

    add_line(db, project, "Contingency", "Contingency")
    bare = dataclasses.replace(
        sheet, lines=tuple(line for line in get_cost_sheet(db, project, TODAY).lines[-1:])
    )
    s_curve.show_sheet(bare, TODAY)
    assert s_curve.message.text().startswith("No budget, forecast or actual figures yet.")

    s_curve.show_sheet(sheet, TODAY)
    assert not s_curve.empty and s_curve.plot.isVisible()


# ----- variance by category -----------------------------------------------------------


def test_bars_show_each_categorys_variance_overruns_red_underspends_blue(
    variance_chart: VarianceByCategoryChart, sheet: CostSheet
) -> None:
    variance_chart.show_sheet(sheet, TODAY)
    # Staff: 11k × 3 booked + 12k × 9 forecast − 120k budget = +£21,000.
    assert variance_chart.heights("overrun") == {"Staff": 21_000.0 * POUND}
    # Provider: 17.5k × 2 booked + 18k × 10 forecast − 240k budget = −£25,000.
    assert variance_chart.heights("underspend") == {"Supplier payments": -25_000.0 * POUND}
    brush = variance_chart.bars["overrun"].opts["brush"]
    assert brush.color() == QColor(OVERRUN_COLOUR)
    assert variance_chart.bars["underspend"].opts["brush"].color() == QColor(UNDERSPEND_COLOUR)
    labels = [note.toPlainText() for note in variance_chart.notes]
    assert labels == ["£21k over", "£25k under"]
    names = [label.text for _sample, label in variance_chart.plot.getPlotItem().legend.items]
    assert names[0] == OVERRUN_WORDS
    ticks = variance_chart.plot.getAxis("bottom")._tickLevels[0]
    assert [label for _x, label in ticks] == ["Staff", "Supplier payments"]


def test_long_category_names_wrap_onto_two_lines_before_they_are_shortened() -> None:
    assert two_lines("Staff", 10) == "Staff"
    assert two_lines("Supplier payments", 10) == "Supplier\npayments"
    assert two_lines("One-off implementation", 10) == "One-off\nimplement…"
    assert two_lines("Licences, hosting and support", 10) == "Licences,\nhosting a…"


def test_a_category_on_budget_has_no_bar_but_says_so(
    variance_chart: VarianceByCategoryChart, db: Database, project: int
) -> None:
    line = add_line(db, project, "Training", "Other")
    cost_entries.set_cells(
        db,
        project,
        [
            CellEdit(line, APRIL, "budget", 5_000 * POUND),
            CellEdit(line, APRIL, "forecast", 5_000 * POUND),
        ],
    )
    variance_chart.show_sheet(get_cost_sheet(db, project, TODAY), TODAY)
    assert variance_chart.bars == {}
    assert [note.toPlainText() for note in variance_chart.notes] == ["On budget"]


def test_variance_chart_says_so_when_there_is_nothing_to_draw(
    variance_chart: VarianceByCategoryChart, db: Database, project: int
) -> None:
    variance_chart.show_sheet(get_cost_sheet(db, project, TODAY), TODAY)
    assert variance_chart.empty
    assert variance_chart.message.text().startswith("No cost lines yet")
    add_line(db, project, "Contingency", "Contingency")
    variance_chart.show_sheet(get_cost_sheet(db, project, TODAY), TODAY)
    assert variance_chart.message.text().startswith("No budget, forecast or actual figures")
    assert variance_chart.message.textFormat() == Qt.TextFormat.PlainText
