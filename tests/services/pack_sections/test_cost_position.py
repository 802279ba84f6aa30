"""The pack's cost position: the figures a CRO reads, as the Costs area works them out."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import event, select

from commissioner.models import Project
from commissioner.models.cost_rules import shown_percent
from commissioner.models.enums import ChangeRequestStatus
from commissioner.models.money import format_pounds
from commissioner.reports.blocks import (
    BarChart,
    KeyFigure,
    KeyFigures,
    LineChart,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services.budgets import BudgetInput, update_budget
from commissioner.services.change_requests import (
    ChangeRequestInput,
    DecisionInput,
    add_change_request,
    budget_trail,
    decide_change_request,
    list_change_requests,
)
from commissioner.services.cost_analysis import category_variances
from commissioner.services.cost_entries import (
    CellEdit,
    CostLineInput,
    add_cost_line,
    list_categories,
    set_cells,
)
from commissioner.services.costs import get_cost_position, get_cost_sheet
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.cost_position import FIRST_PACK, build_cost_position
from commissioner.storage import Database, open_database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x"'
B = TypeVar("B")


# ----- fixtures and helpers ---------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path, demo_portfolio_file: Path) -> Iterator[Database]:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_portfolio_file, path)
    database = open_database(path, actor="tester")
    yield database
    database.close()


def project_id(db: Database, reference: str) -> int:
    with db.session() as session:
        found = session.scalar(select(Project.id).where(Project.reference == reference))
    assert found is not None, reference
    return found


def context_for(
    project: int, previous: PackFigures | None = None, as_of: dt.date = TODAY
) -> PackContext:
    return PackContext(
        project_id=project,
        as_of=as_of,
        period_label="November 2026",
        current=PackFigures(),
        previous=previous,
        previous_label="version 1.0 of 3 Nov 2026" if previous else "",
    )


def blocks_of(section: Section, kind: type[B]) -> list[B]:
    return [block for block in section.blocks if isinstance(block, kind)]


def after(section: Section, heading: str) -> list[Any]:
    """The blocks under a subheading, up to the next one."""
    blocks = list(section.blocks)
    rest = blocks[blocks.index(Subheading(heading)) + 1 :]
    end = next((n for n, block in enumerate(rest) if isinstance(block, Subheading)), len(rest))
    return rest[:end]


def one(blocks: list[Any], kind: type[B]) -> B:
    found = [block for block in blocks if isinstance(block, kind)]
    assert len(found) == 1, found
    return found[0]


def figures(section: Section) -> dict[str, KeyFigure]:
    (row,) = blocks_of(section, KeyFigures)
    return {figure.label: figure for figure in row.figures}


def lead(section: Section) -> str:
    (paragraph,) = [p for p in blocks_of(section, Paragraph) if p.kind == "lead"]
    return paragraph.text


def notes(section: Section) -> list[str]:
    return [p.text for p in blocks_of(section, Paragraph) if p.kind == "note"]


def signed(pence: int) -> str:
    return f"+{format_pounds(pence)}" if pence > 0 else format_pounds(pence)


def costed_project(
    db: Database, make_project: MakeProject, forecast: int, *, budget: str = "£100,000"
) -> int:
    """A project with one line: £100,000 budget profiled over June, a forecast for June."""
    project = make_project(db, approved_budget=budget)
    line = add_cost_line(db, project, CostLineInput("Routes", list_categories(db)[0].id))
    june = dt.date(2026, 6, 1)
    set_cells(
        db,
        project,
        [CellEdit(line, june, "budget", 10_000_000), CellEdit(line, june, "forecast", forecast)],
    )
    return project


# ----- the demo portfolio -----------------------------------------------------------


def test_headline_figures_equal_the_costs_area(demo: Database) -> None:
    project = project_id(demo, "EDU-2026-01")
    position = get_cost_position(demo, project, TODAY)
    assert position.variance_to_current is not None and position.rag is not None

    section = build_cost_position(demo, context_for(project))

    assert (section.key, section.title) == ("costs", "Cost position")
    tiles = figures(section)
    assert tiles["Current budget"].value == format_pounds(position.current_budget) == "£13,000,000"
    assert tiles["Current budget"].note == "£12,400,000 approved, +£600,000 by approved changes"
    assert tiles["Actual to date"].value == format_pounds(position.spend_to_date)
    assert tiles["Actual to date"].note == "Booked to October 2026"
    assert tiles["Forecast at completion"].value == format_pounds(position.forecast_at_completion)
    assert tiles["Variance to budget"].value == signed(position.variance_to_current)
    assert tiles["Variance to budget"].rating == position.rag.label == "Red"
    assert tiles["Variance to budget"].note.startswith(shown_percent(position.variance_percent))


def test_a_red_overrun_is_stated_against_the_red_tolerance(demo: Database) -> None:
    project = project_id(demo, "EDU-2026-01")
    position = get_cost_position(demo, project, TODAY)
    assert position.variance_to_current is not None

    section = build_cost_position(demo, context_for(project))

    overrun = format_pounds(position.variance_to_current)
    assert lead(section) == (
        f"Forecast overrun of {overrun} (19.6%) is beyond the red tolerance of 10%."
    )


def test_a_projects_own_tolerances_are_named(demo: Database) -> None:
    project = project_id(demo, "HWY-2022-01")  # its own 7.5% / 15%, overrunning 6.2%
    position = get_cost_position(demo, project, TODAY)
    assert position.tolerances.own and position.variance_to_current is not None

    section = build_cost_position(demo, context_for(project))

    assert lead(section) == (
        f"Forecast overrun of {format_pounds(position.variance_to_current)} (6.2%) is within "
        "the amber tolerance of 7.5% (this project's own tolerances)."
    )
    assert figures(section)["Variance to budget"].rating == "Green"


def test_the_s_curve_ends_at_the_budget_the_forecast_and_spend_to_date(demo: Database) -> None:
    project = project_id(demo, "EDU-2026-01")
    sheet = get_cost_sheet(demo, project, TODAY)

    chart = one(after(build_cost_position(demo, context_for(project)), "Spend profile"), LineChart)

    assert chart.title and chart.y_label and chart.value_format == "money"
    assert len(chart.x_labels) == len(sheet.months)
    assert chart.x_labels[chart.marker_index] == "Nov 2026"
    budget, actual, forecast = chart.series
    assert [s.colour for s in chart.series] == ["budget", "actual", "forecast"]
    assert [s.dashed for s in chart.series] == [False, False, True]
    assert all(s.name for s in chart.series)
    # Chart money is in pounds; the models hold pence.
    assert budget.values[-1] == sheet.position.profiled_budget / 100
    assert forecast.values[-1] == sheet.position.forecast_at_completion / 100
    booked = [value for value in actual.values if value is not None]
    assert booked[-1] == sheet.position.spend_to_date / 100
    # Actuals stop at October, the last month booked, and do not run on flat.
    october = chart.x_labels.index("Oct 2026")
    assert actual.values[october] is not None and actual.values[october + 1] is None
    assert booked == sorted(booked)


def test_variance_by_category_equals_the_cost_analysis(demo: Database) -> None:
    project = project_id(demo, "ASC-2025-01")
    sheet = get_cost_sheet(demo, project, TODAY)
    expected = category_variances(sheet, TODAY)

    under = after(build_cost_position(demo, context_for(project)), "Variance by cost category")

    table = one(under, Table)
    assert table.total_row
    assert [row[0] for row in table.rows] == [c.category for c in expected] + ["Total"]
    assert [row[3] for row in table.rows[:-1]] == [signed(c.variance) for c in expected]
    total = table.rows[-1]
    assert total[2] == format_pounds(sheet.position.forecast_at_completion)
    assert total[1] == format_pounds(sheet.position.profiled_budget)
    chart = one(under, BarChart)
    assert chart.categories == tuple(c.category for c in expected)
    overrun, underspend = chart.series
    assert (overrun.name, overrun.colour, underspend.name) == ("Overrun", "Red", "Underspend")
    # Each category is one bar: an overrun up in red or an underspend down in blue, in pounds.
    for row, over, under_ in zip(expected, overrun.values, underspend.values, strict=True):
        assert (over, under_) == (
            (row.variance / 100, None) if row.variance > 0 else (None, row.variance / 100)
        )
    assert any(v is not None for v in underspend.values)
    assert chart.y_label and chart.title


def test_change_requests_and_the_budget_trail(demo: Database) -> None:
    project = project_id(demo, "EDU-2026-01")
    requests = list_change_requests(demo, project)
    trail = budget_trail(demo, project)

    section = build_cost_position(demo, context_for(project))

    under = after(section, "Change requests")
    assert one(under, Paragraph).text == (
        "3 change requests: 1 approved (+£600,000), 1 awaiting a decision (+£1,900,000), "
        "1 rejected (−£150,000)."
    )
    table = one(under, Table)
    assert [row[0] for row in table.rows] == [r.reference for r in requests]
    proposed = next(r for r in requests if r.status is ChangeRequestStatus.PROPOSED)
    row = table.rows[[r.reference for r in requests].index(proposed.reference)]
    assert row[2:] == ("Proposed", "+£1,900,000", "18/11/2026", "Awaiting decision")
    steps = one(after(section, "Budget trail"), Table)
    assert [r[1] for r in steps.rows] == [step.what for step in trail]
    assert steps.rows[-1][3] == figures(section)["Current budget"].value
    assert steps.rows[1][2] == "+£600,000"


# ----- movements since the last pack ------------------------------------------------


def test_variance_movement_since_the_last_pack(demo: Database) -> None:
    project = project_id(demo, "EDU-2026-01")
    position = get_cost_position(demo, project, TODAY)
    assert position.variance_to_current is not None
    previous = PackFigures(
        forecast_pence=1_400_000_000, variance_pence=100_000_000, cost_rating="Amber"
    )

    section = build_cost_position(demo, context_for(project, previous))

    worse = format_pounds(position.variance_to_current - 100_000_000)
    assert notes(section)[0] == (
        f"The variance has worsened by {worse} since version 1.0 of 3 Nov 2026, from "
        f"+£1,000,000 to {signed(position.variance_to_current)}. "
        "The cost rating has moved from Amber to Red."
    )
    tiles = figures(section)
    assert tiles["Forecast at completion"].note == "£14,000,000 at the last pack"
    assert tiles["Variance to budget"].note.endswith("; Amber at the last pack")


def test_an_improving_variance_and_the_first_pack(db: Database, make_project: MakeProject) -> None:
    project = costed_project(db, make_project, forecast=10_800_000)
    improved = PackFigures(variance_pence=1_500_000, cost_rating="Red")

    first = build_cost_position(db, context_for(project))
    later = build_cost_position(db, context_for(project, improved))

    assert notes(first)[0] == FIRST_PACK
    assert notes(later)[0] == (
        "The variance has improved by £7,000 since version 1.0 of 3 Nov 2026, from "
        "+£15,000 to +£8,000. The cost rating has moved from Red to Amber."
    )


def test_an_amber_overrun_is_stated_against_both_tolerances(
    db: Database, make_project: MakeProject
) -> None:
    project = costed_project(db, make_project, forecast=10_800_000)

    section = build_cost_position(db, context_for(project))

    assert lead(section) == (
        "Forecast overrun of £8,000 (8.0%) is beyond the amber tolerance of 5%, "
        "within the red tolerance of 10%."
    )
    assert figures(section)["Variance to budget"].rating == "Amber"


def test_an_underspend_is_stated_as_one(db: Database, make_project: MakeProject) -> None:
    project = costed_project(db, make_project, forecast=9_750_000)

    section = build_cost_position(db, context_for(project))

    assert lead(section) == "Forecast underspend of £2,500 (2.5%) against the current budget."
    assert figures(section)["Variance to budget"].value == "−£2,500"


def test_missing_actuals_and_an_unprofiled_budget_are_noted(
    db: Database, make_project: MakeProject
) -> None:
    project = costed_project(db, make_project, forecast=10_000_000, budget="£120,000")

    section = build_cost_position(db, context_for(project))

    # The same notes, word for word, as the Costs area shows.
    assert notes(section)[1:] == [
        "Actuals missing for 1 month (Jun 2026): counted at forecast until they are booked.",
        "The lines' monthly budgets add up to £100,000, £20,000 less than the current budget.",
    ]
    curve = one(after(section, "Spend profile"), LineChart)
    assert [s.name for s in curve.series] == [
        "Budget (profiled)",
        "Forecast (actuals, then forecast)",
    ]


# ----- empty and unusual projects ---------------------------------------------------


def test_a_project_with_nothing_recorded_gets_one_line(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, approved_budget="")

    section = build_cost_position(db, context_for(project))

    assert section.blocks == (
        Paragraph(
            "No budget, cost lines or change requests are recorded for this project.",
            kind="empty",
        ),
    )


def test_a_budget_alone_says_what_is_missing_in_single_lines(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)  # £1,250,000 approved, nothing else

    section = build_cost_position(db, context_for(project))

    tiles = figures(section)
    assert tiles["Current budget"].value == "£1,250,000"
    assert tiles["Forecast at completion"].value == "—"
    assert tiles["Variance to budget"].value == "—"
    assert tiles["Variance to budget"].rating == ""
    assert lead(section) == (
        "No variance can be measured yet: no forecast or actual figures are entered."
    )
    empty = [p.text for p in blocks_of(section, Paragraph) if p.kind == "empty"]
    assert empty == [
        "No cost lines are recorded for this project.",
        "No change requests are recorded for this project.",
        "The approved budget of £1,250,000 has not been changed by any approved change request.",
    ]
    assert not blocks_of(section, LineChart) and not blocks_of(section, BarChart)
    assert not blocks_of(section, Table)


def test_change_request_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    form = ChangeRequestInput(description=f"{HOSTILE}\nSecond line", raised_on="01/10/2026")
    request = add_change_request(db, project, form, TODAY)
    decide_change_request(
        db,
        request,
        DecisionInput(ChangeRequestStatus.APPROVED, "Smith & Jones <Ltd>", "02/10/2026"),
        TODAY,
    )

    section = build_cost_position(db, context_for(project))

    table = one(after(section, "Change requests"), Table)
    assert table.rows == (("CR-001", HOSTILE, "Approved", "£0", "01/10/2026", "02/10/2026"),)
    trail = one(after(section, "Budget trail"), Table)
    assert trail.rows[1][1] == f"CR-001 {HOSTILE}"


def test_thirty_six_months_of_costs_take_a_handful_of_queries(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, start_date="01/12/2023", end_date="30/11/2026")
    update_budget(db, project, BudgetInput("£1,250,000", "01/11/2023", "Cabinet"), TODAY)
    categories = list_categories(db)
    months = [dt.date(2023 + (11 + n) // 12, (11 + n) % 12 + 1, 1) for n in range(36)]
    edits = []
    for number in range(8):
        line = add_cost_line(
            db, project, CostLineInput(f"Line {number}", categories[number % 4].id)
        )
        for month in months:
            edits.append(CellEdit(line, month, "budget", 433_333))
            edits.append(CellEdit(line, month, "actual", 450_001))
    set_cells(db, project, edits)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        section = build_cost_position(db, context_for(project))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)

    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 15
    curve = one(after(section, "Spend profile"), LineChart)
    assert len(curve.x_labels) == 36
    assert curve.series[1].values[-1] == 8 * 36 * 450_001 / 100
    assert figures(section)["Actual to date"].value == format_pounds(8 * 36 * 450_001)
