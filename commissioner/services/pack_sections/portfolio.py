"""Sections of the portfolio governance pack: every active project on a few pages.

The CRO reads the summary first (which projects are in trouble and why), then the
risk and cost positions across the portfolio, then a page per project
(portfolio_pages). Registers are read in a handful of batch queries across all the
pack's projects; only the cost position comes from the cost service project by project,
so that the pack's variances are exactly the Costs area's.
"""

from __future__ import annotations

from collections import Counter

from commissioner.models.cost_rules import shown_percent
from commissioner.models.enums import ConfidenceRating
from commissioner.models.money import format_pounds, short_pounds
from commissioner.models.risk_rules import MATRIX_SIZE, band_for
from commissioner.reports.blocks import (
    BarChart,
    Block,
    Column,
    HeatMap,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Series,
    Subheading,
    Table,
)
from commissioner.services.cost_analysis import measured, portfolio_totals
from commissioner.services.costs import ProjectCostRow, portfolio_costs
from commissioner.services.pack_sections.context import PortfolioContext
from commissioner.services.pack_sections.portfolio_pages import (
    NO_PROJECTS,
    NOT_RATED,
    ProjectFacts,
    confidence_word,
    cost_rating_word,
    read_portfolio,
    stage_text,
    variance_text,
)
from commissioner.services.pack_sections.portfolio_pages import (
    build_project_pages as build_project_pages,  # the fourth builder, re-exported
)
from commissioner.services.pack_sections.risk_profile import band_rating
from commissioner.services.pack_sections.wording import plural, shorten
from commissioner.services.portfolio_risks import (
    PortfolioRisk,
    ProjectRiskSummary,
    portfolio_risk_summary,
    top_risks,
)
from commissioner.services.risk_heat_map import HeatMapCounts, heat_map_counts
from commissioner.services.risk_matrix import MatrixView, load_matrix
from commissioner.storage import Database

#: The main section lists this many risks; each project's register is in its own pack.
TOP_RISKS = 10
#: Bars in the variance chart; more than this and the labels stop being readable.
CHART_PROJECTS = 20
_WEAK_CONFIDENCE = (ConfidenceRating.AMBER_RED, ConfidenceRating.RED)

# ----- summary -------------------------------------------------------------------------


def build_portfolio_summary(db: Database, context: PortfolioContext) -> Section:
    """Headline figures and one row per project: where the portfolio needs attention."""
    facts = read_portfolio(db, context)
    if not facts:
        blocks: list[Block] = [Paragraph(NO_PROJECTS, kind="empty")]
    else:
        blocks = [Paragraph(_summary_lead(facts), kind="lead"), *_summary_figures(facts)]
        blocks.append(_summary_table(facts))
    return Section("portfolio_summary", "Portfolio summary", tuple(blocks), landscape=True)


def _weak(facts: list[ProjectFacts]) -> int:
    return sum(item.project.confidence in _WEAK_CONFIDENCE for item in facts)


def _beyond_tolerance(facts: list[ProjectFacts]) -> list[ProjectFacts]:
    return [item for item in facts if item.position is not None and item.position.overrun]


def _summary_lead(facts: list[ProjectFacts]) -> str:
    weak, over = _weak(facts), len(_beyond_tolerance(facts))
    overdue = sum(item.overdue_actions for item in facts)
    return (
        f"{weak} of {plural(len(facts), 'project')} {'is' if weak == 1 else 'are'} rated "
        f"Red or Amber/Red for delivery confidence; {over} "
        f"{'is' if over == 1 else 'are'} forecast beyond cost tolerance; "
        f"{plural(overdue, 'action')} {'is' if overdue == 1 else 'are'} overdue."
    )


def _confidence_counts(facts: list[ProjectFacts]) -> str:
    """'Green 2 · Amber 1 · Red 1 · Not rated 1', best first, zeros left out."""
    counts = Counter(confidence_word(item.project) for item in facts)
    order = [rating.label for rating in ConfidenceRating] + [NOT_RATED]
    return " · ".join(f"{word} {counts[word]}" for word in order if counts[word])


def _summary_figures(facts: list[ProjectFacts]) -> list[KeyFigures]:
    totals = portfolio_totals([item.cost for item in facts if item.cost is not None])
    over = _beyond_tolerance(facts)
    open_risks = sum(item.risks.open_risks for item in facts)
    overdue_in = sum(item.overdue_actions > 0 for item in facts)
    variance = f"{short_pounds(totals.variance, signed=True)} "
    return [
        KeyFigures(
            (
                KeyFigure("Projects", str(len(facts)), note=_confidence_counts(facts)),
                KeyFigure("Red or Amber/Red confidence", str(_weak(facts))),
                KeyFigure("Current budget", short_pounds(totals.current_budget)),
                KeyFigure(
                    "Forecast at completion",
                    short_pounds(totals.forecast_at_completion),
                    note=f"{variance}({shown_percent(totals.variance_percent)}) against budget",
                ),
            )
        ),
        KeyFigures(
            (
                KeyFigure("Beyond cost tolerance", str(len(over)), note=_refs(over)),
                KeyFigure(
                    "Risks outside appetite",
                    str(sum(item.risks.outside_appetite for item in facts)),
                    note=f"of {plural(open_risks, 'open risk')}",
                ),
                KeyFigure(
                    "Overdue actions",
                    str(sum(item.overdue_actions for item in facts)),
                    note=f"in {plural(overdue_in, 'project')}",
                ),
            )
        ),
    ]


def _refs(facts: list[ProjectFacts]) -> str:
    names = [item.project.reference for item in facts]
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def _summary_table(facts: list[ProjectFacts]) -> Table:
    return Table(
        columns=(
            Column("Reference", 1.1),
            Column("Project", 2.4),
            Column("Stage", 1.4),
            Column("DCA", 1.1, rating=True),
            Column("Cost RAG", 1.0, rating=True),
            Column("Forecast variance", 1.5, align="right"),
            Column("Top risk (residual score)", 3.2),
            Column("Overdue actions", 0.9, align="right"),
        ),
        rows=tuple(_summary_row(item) for item in facts),
        caption="Variance is the forecast at completion against the current budget.",
        wide=True,
    )


def _summary_row(facts: ProjectFacts) -> tuple[str, ...]:
    project, top = facts.project, facts.risks.top
    risk = top[0] if top else None
    risk_text = (
        f"{risk.reference} {shorten(risk.title, 80)} ({risk.residual_score})" if risk else "None"
    )
    return (
        project.reference,
        project.name,
        stage_text(project),
        confidence_word(project),
        cost_rating_word(facts.position),
        variance_text(facts.position),
        risk_text,
        str(facts.overdue_actions),
    )


# ----- risks ---------------------------------------------------------------------------


def build_portfolio_risks(db: Database, context: PortfolioContext) -> Section:
    """The residual heat map, the worst risks and each project's position against appetite."""
    wanted = set(context.project_ids)
    everyone = portfolio_risk_summary(db, today=context.as_of)
    summaries = [row for row in everyone if row.project_id in wanted]
    blocks: list[Block]
    if not wanted:
        blocks = [Paragraph(NO_PROJECTS, kind="empty")]
    elif not any(row.open_risks for row in summaries):
        blocks = [Paragraph("No open risks are recorded across the portfolio.", kind="empty")]
    else:
        counts = _residual_counts(db, everyone, summaries)
        blocks = [
            *_risk_figures(db, summaries, counts),
            *_risk_tables(db, context, everyone, summaries),
        ]
    left_out = len(wanted) - len(summaries)
    if left_out and summaries:
        blocks.append(Paragraph(_left_out_note(left_out), kind="note"))
    return Section("portfolio_risks", "Portfolio risk profile", tuple(blocks))


def _left_out_note(count: int) -> str:
    return (
        f"{plural(count, 'project')} on hold or closed {'is' if count == 1 else 'are'} left "
        "out of the risk profile, as in the app's portfolio risk view."
    )


def _residual_counts(
    db: Database, everyone: list[ProjectRiskSummary], summaries: list[ProjectRiskSummary]
) -> HeatMapCounts:
    """The portfolio heat map; summed project by project only when the pack covers fewer."""
    if len(summaries) == len(everyone):
        return heat_map_counts(db, project_id=None, stage="residual")
    maps = [heat_map_counts(db, project_id=row.project_id, stage="residual") for row in summaries]
    size = range(MATRIX_SIZE + 1)
    grid = tuple(tuple(sum(m.counts[lik][imp] for m in maps) for imp in size) for lik in size)
    return HeatMapCounts(
        "residual", grid, sum(m.total for m in maps), sum(m.unscored for m in maps)
    )


def _risk_figures(
    db: Database, summaries: list[ProjectRiskSummary], counts: HeatMapCounts
) -> list[Block]:
    matrix = load_matrix(db)
    figures = [
        KeyFigure("Open risks", str(sum(row.open_risks for row in summaries))),
        KeyFigure("Outside appetite", str(sum(row.outside_appetite for row in summaries))),
        KeyFigure("Overdue reviews", str(sum(row.overdue_reviews for row in summaries))),
    ]
    heat_map = _heat_map(counts, matrix)
    if matrix.bands:
        worst = max(matrix.bands, key=lambda band: band.min_score).name
        cells = zip(sum(heat_map.counts, ()), sum(heat_map.bands, ()), strict=True)
        in_worst = sum(count for count, band in cells if band == worst)
        figures.append(KeyFigure(f"In the {worst} band", str(in_worst), rating=worst))
    blocks: list[Block] = [KeyFigures(tuple(figures)), heat_map]
    if counts.unscored:
        unscored = plural(counts.unscored, "risk")
        blocks.append(Paragraph(f"{unscored} not yet scored, so not on the map.", kind="note"))
    return blocks


def _heat_map(counts: HeatMapCounts, matrix: MatrixView) -> HeatMap:
    levels = range(1, MATRIX_SIZE + 1)
    names = tuple(
        tuple((band.name if (band := band_for(lik * imp, matrix.bands)) else "") for imp in levels)
        for lik in levels
    )
    return HeatMap(
        title="Residual risk across the portfolio (open risks)",
        counts=tuple(tuple(counts.count(lik, imp) for imp in levels) for lik in levels),
        bands=names,
        likelihood_labels=matrix.likelihood_labels,
        impact_labels=matrix.impact_labels,
        band_ratings={band.name: band_rating(band) for band in matrix.bands},
    )


def _risk_tables(
    db: Database,
    context: PortfolioContext,
    everyone: list[ProjectRiskSummary],
    summaries: list[ProjectRiskSummary],
) -> list[Block]:
    risks = _top_risks(db, context, everyone, summaries)
    total = sum(row.open_risks for row in summaries)
    return [
        Subheading("Top risks across the portfolio"),
        _top_risk_table(risks, total),
        Subheading("Risks outside appetite by project"),
        _by_project_table(summaries),
    ]


def _top_risks(
    db: Database,
    context: PortfolioContext,
    everyone: list[ProjectRiskSummary],
    summaries: list[ProjectRiskSummary],
) -> list[PortfolioRisk]:
    """The portfolio's top risks; when the pack covers fewer projects than the service, ask
    for enough extra rows that the left-out projects' risks cannot crowd ours out."""
    wanted = {row.project_id for row in summaries}
    extra = sum(row.open_risks for row in everyone if row.project_id not in wanted)
    rows = top_risks(db, TOP_RISKS + extra, today=context.as_of)
    return [row for row in rows if row.project_id in wanted][:TOP_RISKS]


def _top_risk_table(risks: list[PortfolioRisk], total: int) -> Table:
    return Table(
        columns=(
            Column("Project", 1.2),
            Column("Ref", 0.7),
            Column("Risk", 3.2),
            Column("Residual", 0.8, align="right"),
            Column("Band", 0.9, rating=True),
            Column("Appetite", 1.2, rating=True),
            Column("Owner", 1.3),
        ),
        rows=tuple(
            (
                risk.project_reference,
                risk.reference,
                risk.title,
                str(risk.residual_score),
                risk.band_name,
                "Outside appetite" if risk.outside_appetite else "Within appetite",
                risk.owner,
            )
            for risk in risks
        ),
        caption=f"The {len(risks)} highest residual scores of {plural(total, 'open risk')}; "
        "ties in reference order.",
    )


def _by_project_table(summaries: list[ProjectRiskSummary]) -> Table:
    """Worst first: most risks outside appetite, then the highest residual score."""
    ordered = sorted(
        summaries,
        key=lambda row: (
            -row.outside_appetite,
            -(row.highest_residual_score or 0),
            row.project_reference,
        ),
    )
    return Table(
        columns=(
            Column("Project", 3.4),
            Column("Open risks", 0.9, align="right"),
            Column("Outside appetite", 1.0, align="right"),
            Column("Overdue reviews", 1.0, align="right"),
            Column("Highest residual", 1.0, align="right"),
            Column("Band", 1.0, rating=True),
        ),
        rows=tuple(
            (
                f"{row.project_reference} {row.project_name}",
                str(row.open_risks),
                str(row.outside_appetite),
                str(row.overdue_reviews),
                "" if row.highest_residual_score is None else str(row.highest_residual_score),
                row.highest_band.name if row.highest_band else "",
            )
            for row in ordered
        ),
        caption="Open risks of each project; a project with none is a finding in itself.",
    )


# ----- costs ---------------------------------------------------------------------------


def build_portfolio_costs(db: Database, context: PortfolioContext) -> Section:
    """Budgets against forecasts across the portfolio, and the overruns beyond tolerance."""
    wanted = set(context.project_ids)
    rows = [row for row in portfolio_costs(db, context.as_of) if row.project_id in wanted]
    blocks: list[Block]
    if not rows:
        blocks = [Paragraph(NO_PROJECTS, kind="empty")]
    else:
        blocks = [*_cost_headline(rows), _variance_chart(rows), *_overruns(rows)]
    return Section("portfolio_costs", "Portfolio cost position", tuple(blocks))


def _cost_headline(rows: list[ProjectCostRow]) -> list[Block]:
    totals = portfolio_totals(rows)
    variance = short_pounds(totals.variance, signed=True)
    over = [row.reference for row in rows if row.position.overrun]
    lead = f"{len(over)} of {plural(len(rows), 'project')} forecast beyond cost tolerance"
    blocks: list[Block] = [
        Paragraph(lead + (f": {', '.join(over)}." if over else "."), kind="lead"),
        KeyFigures(
            (
                KeyFigure(
                    "Current budget",
                    short_pounds(totals.current_budget),
                    note=f"Approved {short_pounds(totals.approved_budget)}",
                ),
                KeyFigure("Forecast at completion", short_pounds(totals.forecast_at_completion)),
                KeyFigure(
                    "Variance",
                    variance,
                    note=f"{shown_percent(totals.variance_percent)} against budget",
                ),
                KeyFigure("Spend to date", short_pounds(totals.spend_to_date)),
            )
        ),
    ]
    if totals.not_measured:
        missing = ", ".join(row.reference for row in rows if not measured(row.position))
        note = f"Left out of the variance, having no budget or no forecast yet: {missing}."
        blocks.append(Paragraph(note, kind="note"))
    return blocks


def _variance_chart(rows: list[ProjectCostRow]) -> BarChart | Paragraph:
    """The largest variances either way, overruns at the top."""
    figures = [
        (row.reference, variance)
        for row in rows
        if (variance := row.position.variance_to_current) is not None
    ]
    if not figures:
        return Paragraph("No project has a forecast to set against its budget yet.", kind="empty")
    largest = sorted(figures, key=lambda item: -abs(item[1]))[:CHART_PROJECTS]
    largest.sort(key=lambda item: -item[1])
    values = tuple(pence / 100 for _, pence in largest)  # charts take money in pounds
    title = "Forecast variance against current budget by project"
    if len(figures) > CHART_PROJECTS:
        title += f" (the {CHART_PROJECTS} largest of {len(figures)})"
    return BarChart(
        title=title,
        categories=tuple(reference for reference, _ in largest),
        series=(Series("Variance (over budget is positive)", values, "forecast"),),
        y_label="Variance (£)",
        value_format="money",
        horizontal=True,
    )


def _overruns(rows: list[ProjectCostRow]) -> list[Block]:
    over = [row for row in rows if row.position.overrun]
    heading = Subheading("Overruns beyond tolerance")
    if not over:
        return [heading, Paragraph("No project is forecast beyond tolerance.", kind="empty")]
    table = Table(
        columns=(
            Column("Project", 3.0),
            Column("Current budget", 1.2, align="right"),
            Column("Forecast", 1.2, align="right"),
            Column("Variance", 1.2, align="right"),
            Column("%", 0.8, align="right"),
            Column("Cost RAG", 0.9, rating=True),
        ),
        rows=tuple(_overrun_row(row) for row in over),
        caption="Red first, then Amber, largest percentage first; each against its own tolerances.",
    )
    return [heading, table]


def _overrun_row(row: ProjectCostRow) -> tuple[str, ...]:
    position = row.position
    variance = position.variance_to_current
    return (
        f"{row.reference} {row.name}",
        format_pounds(position.current_budget),
        format_pounds(position.forecast_at_completion),
        ("+" if variance and variance > 0 else "") + format_pounds(variance),
        shown_percent(position.variance_percent),
        cost_rating_word(position),
    )
