"""The portfolio pack's sections show the same figures as the app's portfolio views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TypeVar

from commissioner.models.cost_rules import shown_percent
from commissioner.models.enums import ConfidenceRating, ProjectStatus
from commissioner.models.money import format_pounds, short_pounds
from commissioner.reports.blocks import (
    BarChart,
    Block,
    HeatMap,
    KeyFigure,
    KeyFigures,
    PackDocument,
    Paragraph,
    Section,
    Subheading,
    Table,
    document_from_json,
    document_to_json,
)
from commissioner.services.actions import ActionFilter, ActionInput, add_action, list_actions
from commissioner.services.confidence import ConfidenceInput, record_assessment
from commissioner.services.cost_analysis import portfolio_totals
from commissioner.services.costs import portfolio_costs
from commissioner.services.pack_sections.context import PortfolioContext
from commissioner.services.pack_sections.portfolio import (
    build_portfolio_costs,
    build_portfolio_risks,
    build_portfolio_summary,
    build_project_pages,
)
from commissioner.services.portfolio_risks import portfolio_risk_summary, top_risks
from commissioner.services.projects import list_projects
from commissioner.services.risk_heat_map import heat_map_counts
from commissioner.services.risk_input import RiskInput
from commissioner.services.risks import add_raid_entry
from commissioner.services.stages import get_stages
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x" Smith & Jones <Ltd>'
BUILDERS = (
    build_portfolio_summary,
    build_portfolio_risks,
    build_portfolio_costs,
    build_project_pages,
)
B = TypeVar("B", bound=Block)


# ----- helpers -------------------------------------------------------------------------


def blocks(section: Section, kind: type[B]) -> list[B]:
    return [block for block in section.blocks if isinstance(block, kind)]


def figure(section: Section, label: str) -> KeyFigure:
    tiles = [tile for row in blocks(section, KeyFigures) for tile in row.figures]
    return next(tile for tile in tiles if tile.label == label)


def table_with(section: Section, column: str) -> Table:
    return next(t for t in blocks(section, Table) if column in [c.title for c in t.columns])


def column(table: Table, title: str) -> list[str]:
    index = [c.title for c in table.columns].index(title)
    return [row[index] for row in table.rows]


def all_text(section: Section) -> str:
    return repr(section.blocks)


def pages(section: Section) -> Iterator[list[Block]]:
    """The blocks of each project's page (from one Subheading to the next)."""
    page: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Subheading) and page:
            yield page
            page = []
        page.append(block)
    if page:
        yield page


def context_of(db: Database, *, include_archived: bool = False) -> PortfolioContext:
    ids = tuple(p.id for p in list_projects(db, include_archived=include_archived))
    return PortfolioContext(ids, TODAY, "November 2026")


def variance_words(pence: int | None, percent: object) -> str:
    return f"{short_pounds(pence or 0, signed=True)} ({shown_percent(percent)})"  # type: ignore[arg-type]


# ----- summary -------------------------------------------------------------------------


def test_summary_rows_carry_the_apps_dca_and_cost_figures(demo: Database) -> None:
    section = build_portfolio_summary(demo, context_of(demo))
    table = table_with(section, "DCA")
    projects = list_projects(demo)
    costs = {row.reference: row.position for row in portfolio_costs(demo, TODAY)}

    assert (section.key, section.title, section.landscape, table.wide) == (
        "portfolio_summary",
        "Portfolio summary",
        True,
        True,
    )
    assert column(table, "Reference") == [p.reference for p in projects]
    assert column(table, "DCA") == [p.confidence.label for p in projects if p.confidence]
    refs = column(table, "Reference")
    assert column(table, "Cost RAG") == [costs[ref].rag.label for ref in refs]  # type: ignore[union-attr]
    assert column(table, "Forecast variance") == [
        variance_words(costs[ref].variance_to_current, costs[ref].variance_percent) for ref in refs
    ]
    edu = table.rows[refs.index("EDU-2026-01")]
    assert (edu[3], edu[4], edu[5]) == ("Red", "Red", "+£2.55m (+19.6%)")


def test_summary_figures_equal_the_services_totals(demo: Database) -> None:
    section = build_portfolio_summary(demo, context_of(demo))
    rows = portfolio_costs(demo, TODAY)
    totals = portfolio_totals(rows)
    overdue = sum(
        len(list_actions(demo, p.id, ActionFilter(overdue_only=True), today=TODAY))
        for p in list_projects(demo)
    )
    weak = [
        p
        for p in list_projects(demo)
        if p.confidence in (ConfidenceRating.RED, ConfidenceRating.AMBER_RED)
    ]

    assert figure(section, "Projects").value == "7"
    assert figure(section, "Red or Amber/Red confidence").value == str(len(weak)) == "3"
    assert figure(section, "Current budget").value == short_pounds(totals.current_budget)
    assert figure(section, "Forecast at completion").value == short_pounds(
        totals.forecast_at_completion
    )
    assert figure(section, "Beyond cost tolerance").value == str(
        sum(row.position.overrun for row in rows)
    )
    assert figure(section, "Overdue actions").value == str(overdue)
    assert overdue > 0
    assert column(table_with(section, "Overdue actions"), "Overdue actions") == [
        str(len(list_actions(demo, p.id, ActionFilter(overdue_only=True), today=TODAY)))
        for p in list_projects(demo)
    ]


def test_summary_top_risk_is_each_projects_highest_residual(demo: Database) -> None:
    section = build_portfolio_summary(demo, context_of(demo))
    table = table_with(section, "Top risk (residual score)")
    by_reference = dict(
        zip(column(table, "Reference"), column(table, "Top risk (residual score)"), strict=True)
    )

    for summary in portfolio_risk_summary(demo, today=TODAY):
        best = top_risks(demo, 500, today=TODAY)
        first = next(r for r in best if r.project_id == summary.project_id)
        assert by_reference[summary.project_reference] == (
            f"{first.reference} {first.title} ({summary.highest_residual_score})"
        )


def test_on_hold_project_is_flagged_in_the_stage_column(demo: Database) -> None:
    table = table_with(build_portfolio_summary(demo, context_of(demo)), "Stage")
    on_hold = next(p for p in list_projects(demo) if p.status is ProjectStatus.ON_HOLD)

    stage = column(table, "Stage")[column(table, "Reference").index(on_hold.reference)]

    assert stage == f"{on_hold.stage.label} (on hold)"


def test_sections_survive_the_pack_snapshot(demo: Database) -> None:
    context = context_of(demo)
    document = PackDocument(
        title="Portfolio governance pack",
        subject="Portfolio of 7 projects",
        council_name="Harrowdale Borough Council",
        period_label=context.period_label,
        author="tester",
        version="1.0",
        marking="OFFICIAL",
        descriptor="",
        distribution=(),
        generated_on=TODAY.isoformat(),
        sections=tuple(build(demo, context) for build in BUILDERS),
    )

    assert document_from_json(document_to_json(document)) == document


# ----- scope and empty portfolio ---------------------------------------------------------


def test_archived_projects_are_left_out_even_when_listed(demo: Database) -> None:
    archived = [p for p in list_projects(demo, include_archived=True) if p.archived]
    context = context_of(demo, include_archived=True)

    texts = [all_text(build(demo, context)) for build in BUILDERS]

    assert archived and archived[0].reference == "ENV-2020-01"
    for text in texts:
        assert "ENV-2020-01" not in text
        assert archived[0].name not in text


def test_an_empty_portfolio_gives_one_line_per_section(db: Database) -> None:
    context = PortfolioContext((), TODAY, "November 2026")

    for build in BUILDERS:
        section = build(db, context)
        assert section.blocks == (
            Paragraph("There are no active projects in the portfolio.", kind="empty"),
        )


def test_a_project_without_records_says_so_in_one_line_each(
    db: Database, make_project: MakeProject
) -> None:
    make_project(db, name="Day centres review")
    context = context_of(db)

    risks = build_portfolio_risks(db, context)
    costs = build_portfolio_costs(db, context)
    page = build_project_pages(db, context)
    summary_row = table_with(build_portfolio_summary(db, context), "DCA").rows[0]

    assert risks.blocks == (
        Paragraph("No open risks are recorded across the portfolio.", kind="empty"),
    )
    assert not blocks(costs, BarChart)
    assert Paragraph("No project has a forecast to set against its budget yet.", "empty") in (
        costs.blocks
    )
    assert Paragraph("No project is forecast beyond tolerance.", "empty") in costs.blocks
    assert not blocks(page, Table)
    for line in (
        "No delivery confidence assessment is recorded.",
        "No open risks are recorded for this project.",
    ):
        assert Paragraph(line, kind="empty") in page.blocks
    assert Paragraph("No actions are overdue.") in page.blocks
    assert figure(page, "Delivery confidence").value == "Not rated"
    assert summary_row[3:8] == ("Not rated", "Not measured", "—", "None", "0")


def test_hostile_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    project = make_project(db, name=HOSTILE)
    record_assessment(
        db, project, ConfidenceInput("01/11/2026", ConfidenceRating.AMBER, HOSTILE), today=TODAY
    )
    add_raid_entry(
        db,
        project,
        RiskInput(
            title=HOSTILE,
            event="Providers walk away",
            residual_likelihood=4,
            residual_impact=4,
            inherent_likelihood=5,
            inherent_impact=5,
        ),
        today=TODAY,
    )
    context = context_of(db)

    summary = table_with(build_portfolio_summary(db, context), "DCA")
    page = build_project_pages(db, context)

    assert summary.rows[0][1] == HOSTILE
    assert summary.rows[0][6] == f"R-001 {HOSTILE} (16)"
    assert blocks(page, Subheading)[0].text == f"ASC-2026-01 {HOSTILE}"
    assert Paragraph(HOSTILE) in page.blocks
    assert column(blocks(page, Table)[0], "Risk") == [HOSTILE]


# ----- risks ---------------------------------------------------------------------------


def test_risk_heat_map_equals_the_portfolio_heat_map(demo: Database) -> None:
    section = build_portfolio_risks(demo, context_of(demo))
    heat_map = blocks(section, HeatMap)[0]
    service = heat_map_counts(demo, project_id=None, stage="residual")

    assert (section.key, section.title) == ("portfolio_risks", "Portfolio risk profile")
    assert heat_map.counts == tuple(tuple(row[1:]) for row in service.counts[1:])
    assert sum(map(sum, heat_map.counts)) == service.total > 0
    assert heat_map.bands[4][4] == "Critical" and heat_map.bands[0][0] == "Low"
    assert heat_map.band_ratings["Critical"] == "Red"
    assert heat_map.band_ratings["Low"] == "Green"
    assert heat_map.likelihood_labels[4] == "Almost certain"


def test_top_ten_risks_equal_the_portfolio_top_risks(demo: Database) -> None:
    section = build_portfolio_risks(demo, context_of(demo))
    table = table_with(section, "Owner")
    service = top_risks(demo, 10, today=TODAY)

    assert len(table.rows) == 10
    assert [(row[0], row[1], row[2], row[3]) for row in table.rows] == [
        (r.project_reference, r.reference, r.title, str(r.residual_score)) for r in service
    ]
    assert column(table, "Appetite") == [
        "Outside appetite" if r.outside_appetite else "Within appetite" for r in service
    ]


def test_outside_appetite_by_project_equals_the_risk_summary(demo: Database) -> None:
    section = build_portfolio_risks(demo, context_of(demo))
    table = table_with(section, "Outside appetite")
    summaries = portfolio_risk_summary(demo, today=TODAY)
    expected = {
        f"{s.project_reference} {s.project_name}": (str(s.open_risks), str(s.outside_appetite))
        for s in summaries
    }

    assert {row[0]: (row[1], row[2]) for row in table.rows} == expected
    outside = [int(value) for value in column(table, "Outside appetite")]
    assert outside == sorted(outside, reverse=True)
    assert figure(section, "Outside appetite").value == str(
        sum(s.outside_appetite for s in summaries)
    )
    # The on-hold project is in the pack but not in the portfolio risk views.
    assert (
        Paragraph(
            "1 project on hold or closed is left out of the risk profile, as in the app's "
            "portfolio risk view.",
            kind="note",
        )
        in section.blocks
    )


def test_a_pack_of_some_projects_maps_only_their_risks(demo: Database) -> None:
    chosen = [p for p in list_projects(demo) if p.reference in ("ASC-2025-01", "EDU-2026-01")]
    context = PortfolioContext(tuple(p.id for p in chosen), TODAY, "November 2026")

    section = build_portfolio_risks(demo, context)

    maps = [heat_map_counts(demo, project_id=p.id, stage="residual") for p in chosen]
    assert sum(map(sum, blocks(section, HeatMap)[0].counts)) == sum(m.total for m in maps)
    assert set(column(table_with(section, "Owner"), "Project")) == {
        "ASC-2025-01",
        "EDU-2026-01",
    }


# ----- costs ---------------------------------------------------------------------------


def test_cost_figures_equal_portfolio_totals(demo: Database) -> None:
    section = build_portfolio_costs(demo, context_of(demo))
    totals = portfolio_totals(portfolio_costs(demo, TODAY))

    assert (section.key, section.title) == ("portfolio_costs", "Portfolio cost position")
    assert figure(section, "Current budget").value == short_pounds(totals.current_budget)
    assert figure(section, "Forecast at completion").value == short_pounds(
        totals.forecast_at_completion
    )
    assert figure(section, "Variance").value == short_pounds(totals.variance, signed=True)
    assert figure(section, "Spend to date").value == short_pounds(totals.spend_to_date)


def test_variance_chart_shows_each_projects_variance(demo: Database) -> None:
    chart = blocks(build_portfolio_costs(demo, context_of(demo)), BarChart)[0]
    variances = {
        row.reference: row.position.variance_to_current for row in portfolio_costs(demo, TODAY)
    }

    assert chart.horizontal and chart.y_label and chart.series[0].name
    assert dict(zip(chart.categories, chart.series[0].values, strict=True)) == {
        ref: pence / 100 for ref, pence in variances.items() if pence is not None
    }
    values = [value or 0.0 for value in chart.series[0].values]
    assert values == sorted(values, reverse=True)


def test_overrun_table_lists_only_projects_beyond_tolerance(demo: Database) -> None:
    table = table_with(build_portfolio_costs(demo, context_of(demo)), "Cost RAG")
    over = [row for row in portfolio_costs(demo, TODAY) if row.position.overrun]

    assert [row[0] for row in table.rows] == [f"{r.reference} {r.name}" for r in over]
    edu = over[0].position
    assert table.rows[0] == (
        "EDU-2026-01 SEND home-to-school transport",
        format_pounds(edu.current_budget),
        format_pounds(edu.forecast_at_completion),
        "+" + format_pounds(edu.variance_to_current),
        "+19.6%",
        "Red",
    )


# ----- project pages ---------------------------------------------------------------------


def test_a_page_per_project_with_the_apps_figures(demo: Database) -> None:
    section = build_project_pages(demo, context_of(demo))
    projects = list_projects(demo)
    risk = {s.project_id: s for s in portfolio_risk_summary(demo, today=TODAY)}
    costs = {row.project_id: row.position for row in portfolio_costs(demo, TODAY)}

    assert (section.key, section.title) == ("projects", "Projects")
    assert len(list(pages(section))) == len(projects) == 7
    for project, page in zip(projects, pages(section), strict=True):
        assert page[0] == Subheading(f"{project.reference} {project.name}", new_page=True)
        tiles = {
            tile.label: tile for row in page if isinstance(row, KeyFigures) for tile in row.figures
        }
        assert tiles["Delivery confidence"].rating == project.confidence.label  # type: ignore[union-attr]
        assert tiles["Forecast at completion"].rating == costs[project.id].rag.label  # type: ignore[union-attr]
        if project.id in risk:
            assert tiles["Open risks"].value == str(risk[project.id].open_risks)
            assert (
                tiles["Open risks"].note == f"{risk[project.id].outside_appetite} outside appetite"
            )
        overdue = len(list_actions(demo, project.id, ActionFilter(overdue_only=True), today=TODAY))
        assert overdue > 1
        assert Paragraph(f"{overdue} actions are overdue.") in page


def test_page_lists_the_three_highest_residual_risks(demo: Database) -> None:
    section = build_project_pages(demo, context_of(demo))
    edu = next(p for p in list_projects(demo) if p.reference == "EDU-2026-01")
    page = next(page for page in pages(section) if page[0].text.startswith("EDU"))  # type: ignore[union-attr]
    expected = [r for r in top_risks(demo, 500, today=TODAY) if r.project_id == edu.id][:3]

    table = next(block for block in page if isinstance(block, Table))

    assert [(row[0], row[2], row[3]) for row in table.rows] == [
        (r.reference, str(r.residual_score), r.band_name) for r in expected
    ]


def test_page_names_the_next_gate_and_how_late_it_is(demo: Database) -> None:
    section = build_project_pages(demo, context_of(demo))
    housing = next(p for p in list_projects(demo) if p.reference == "HSG-2026-01")
    due = get_stages(demo, housing.id).current.planned_end
    page = next(page for page in pages(section) if page[0].text.startswith("HSG"))  # type: ignore[union-attr]

    assert due is not None and due < TODAY
    late = (TODAY - due).days
    assert (
        Paragraph(
            f"Next gate: end of Needs assessment (into Service design), planned for "
            f"{due.strftime('%d/%m/%Y')}, {late} days late."
        )
        in page
    )


def test_overdue_action_count_follows_the_action_tracker(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    add_action(db, project, ActionInput("Chase the TUPE list", due_on="01/11/2026"))
    add_action(db, project, ActionInput("Book the market event", due_on="01/12/2026"))

    page = build_project_pages(db, context_of(db))

    assert Paragraph("1 action is overdue.") in page.blocks
