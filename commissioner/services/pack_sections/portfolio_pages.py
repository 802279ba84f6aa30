"""The portfolio pack's page per project, and the batch reads the portfolio sections share.

A portfolio pack covers up to fifty projects. Reading each one through the per-project
services would cost hundreds of queries per section, so each register is read here once
for all the pack's projects; the figures still come from the services and rules the app
uses (projects.list_projects, costs.portfolio_costs, the risk and action rules), so the
pack shows what the app shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from commissioner.models import (
    ActionItem,
    DeliveryConfidenceAssessment,
    Project,
    RaidItem,
    RiskCategory,
    Stage,
)
from commissioner.models.action_rules import action_overdue
from commissioner.models.cost_rules import shown_percent
from commissioner.models.dates import format_date
from commissioner.models.enums import ActionStatus, ProjectStatus, RaidKind, RaidStatus
from commissioner.models.money import short_pounds
from commissioner.models.risk_rules import band_for, outside_appetite, score
from commissioner.models.stage_rules import next_stage, slip_days, slip_text
from commissioner.reports.blocks import (
    Block,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services.costs import CostPosition, ProjectCostRow, portfolio_costs
from commissioner.services.pack_sections.context import PortfolioContext
from commissioner.services.pack_sections.wording import plural, shorten
from commissioner.services.projects import ProjectSummary, list_projects
from commissioner.services.risk_matrix import read_bands
from commissioner.storage import Database

NO_PROJECTS = "There are no active projects in the portfolio."
NOT_RATED = "Not rated"
NOT_MEASURED = "Not measured"
#: How many of a project's risks its page lists; the full register is the project pack's.
PAGE_RISKS = 3
#: Enough of a DCA rationale to say why, short enough to keep one page per project.
RATIONALE_CHARACTERS = 450


@dataclass(frozen=True)
class RiskLine:
    """One open risk as the portfolio pages show it."""

    reference: str
    title: str
    residual_score: int | None
    band: str
    outside_appetite: bool


@dataclass(frozen=True)
class RiskProfile:
    open_risks: int = 0
    outside_appetite: int = 0
    #: The highest residual scores first, ties by reference (as the portfolio's top risks).
    top: tuple[RiskLine, ...] = ()


@dataclass(frozen=True)
class ProjectFacts:
    """Everything the portfolio sections say about one project, read in a few batch queries."""

    project: ProjectSummary
    #: None when the cost service left the project out (it was archived meanwhile).
    cost: ProjectCostRow | None
    assessed_on: dt.date | None
    rationale: str
    risks: RiskProfile
    overdue_actions: int
    #: Planned end of the current stage: when its gate is due.
    gate_due_on: dt.date | None

    @property
    def title(self) -> str:
        return f"{self.project.reference} {self.project.name}"

    @property
    def position(self) -> CostPosition | None:
        return self.cost.position if self.cost else None


def read_portfolio(db: Database, context: PortfolioContext) -> list[ProjectFacts]:
    """The pack's projects in reference order; archived ones are left out even if listed."""
    wanted = set(context.project_ids)
    projects = [project for project in list_projects(db) if project.id in wanted]
    if not projects:
        return []
    ids = [project.id for project in projects]
    costs = {row.project_id: row for row in portfolio_costs(db, context.as_of)}
    with db.session() as session:
        assessments = _latest_assessments(session, ids)
        risks = _risk_profiles(session, ids)
        overdue = _overdue_actions(session, ids, context.as_of)
        gates = _gate_due_dates(session, ids)
    return [
        ProjectFacts(
            project=project,
            cost=costs.get(project.id),
            assessed_on=assessments.get(project.id, (None, ""))[0],
            rationale=assessments.get(project.id, (None, ""))[1],
            risks=risks.get(project.id, RiskProfile()),
            overdue_actions=overdue[project.id],
            gate_due_on=gates.get(project.id),
        )
        for project in projects
    ]


def _latest_assessments(session: Session, ids: list[int]) -> dict[int, tuple[dt.date, str]]:
    """Each project's latest DCA date and rationale, in the order list_projects rates them."""
    query = (
        select(
            DeliveryConfidenceAssessment.project_id,
            DeliveryConfidenceAssessment.assessed_on,
            DeliveryConfidenceAssessment.rationale,
        )
        .where(DeliveryConfidenceAssessment.project_id.in_(ids))
        .order_by(
            DeliveryConfidenceAssessment.project_id,
            DeliveryConfidenceAssessment.assessed_on,
            DeliveryConfidenceAssessment.id,
        )
    )
    return {project_id: (on, rationale) for project_id, on, rationale in session.execute(query)}


def _risk_profiles(session: Session, ids: list[int]) -> dict[int, RiskProfile]:
    """Each project's open risks counted, and its worst few listed, in one windowed query
    (a large portfolio holds tens of thousands of open risks; only these rows come back)."""
    residual = RaidItem.residual_likelihood * RaidItem.residual_impact
    ranked = (
        select(
            RaidItem.project_id,
            RaidItem.reference,
            RaidItem.title,
            RaidItem.residual_likelihood,
            RaidItem.residual_impact,
            RiskCategory.tolerance_score,
            func.row_number()
            .over(partition_by=RaidItem.project_id, order_by=(residual.desc(), RaidItem.reference))
            .label("rank"),
            func.count().over(partition_by=RaidItem.project_id).label("open_risks"),
            # The portfolio risk service's test: a residual score above the tolerance.
            func.sum(case((RiskCategory.tolerance_score < residual, 1), else_=0))
            .over(partition_by=RaidItem.project_id)
            .label("outside"),
        )
        .outerjoin(RiskCategory, RaidItem.category_id == RiskCategory.id)
        .where(
            RaidItem.project_id.in_(ids),
            RaidItem.kind == RaidKind.RISK,
            RaidItem.status != RaidStatus.CLOSED,
        )
        .subquery()
    )
    query = select(ranked).where(ranked.c.rank <= PAGE_RISKS)
    bands = read_bands(session)
    top: dict[int, list[RiskLine]] = defaultdict(list)
    counts: dict[int, tuple[int, int]] = {}
    for row in session.execute(query.order_by(ranked.c.project_id, ranked.c.rank)):
        value = score(row.residual_likelihood, row.residual_impact)
        band = band_for(value, bands)
        appetite = outside_appetite(value, row.tolerance_score)
        top[row.project_id].append(
            RiskLine(row.reference, row.title, value, band.name if band else "", appetite)
        )
        counts[row.project_id] = (row.open_risks, row.outside)
    return {key: RiskProfile(*counts[key], tuple(lines)) for key, lines in top.items()}


def _overdue_actions(session: Session, ids: list[int], as_of: dt.date) -> Counter[int]:
    """Overdue actions per project, as the action tracker's 'overdue' filter counts them."""
    query = select(ActionItem.project_id, ActionItem.due_on, ActionItem.status).where(
        ActionItem.project_id.in_(ids),
        ActionItem.status == ActionStatus.OPEN,
        ActionItem.due_on < as_of,
    )
    return Counter(
        project_id
        for project_id, due_on, status in session.execute(query)
        if action_overdue(due_on, status, as_of)
    )


def _gate_due_dates(session: Session, ids: list[int]) -> dict[int, dt.date | None]:
    query = (
        select(Stage.project_id, Stage.planned_end)
        .join(Project, Project.id == Stage.project_id)
        .where(Stage.project_id.in_(ids), Stage.kind == Project.current_stage)
    )
    return {project_id: planned_end for project_id, planned_end in session.execute(query)}


# ----- words shared by the portfolio sections ------------------------------------------


def confidence_word(project: ProjectSummary) -> str:
    return project.confidence.label if project.confidence else NOT_RATED


def stage_text(project: ProjectSummary) -> str:
    """The stage, flagged when the project is not active ('Needs assessment (on hold)')."""
    if project.status is ProjectStatus.ACTIVE:
        return project.stage.label
    return f"{project.stage.label} ({project.status.label.lower()})"


def cost_rating_word(position: CostPosition | None) -> str:
    """The cost RAG against tolerance, or 'Not measured' without a budget and forecast."""
    rag = position.rag if position else None
    return rag.label if rag else NOT_MEASURED


def variance_text(position: CostPosition | None) -> str:
    """'+£2.55m (+19.6%)' against the current budget, or '—' when it cannot be measured."""
    pence = position.variance_to_current if position else None
    if position is None or pence is None:
        return "—"
    return f"{short_pounds(pence, signed=True)} ({shown_percent(position.variance_percent)})"


def next_gate_text(facts: ProjectFacts, as_of: dt.date) -> str:
    """Which gate comes next and when, with how late it is if its date has passed."""
    stage = facts.project.stage
    following = next_stage(stage)
    into = f"into {following.label}" if following else "the final gate"
    what = f"Next gate: end of {stage.label} ({into})"
    due = facts.gate_due_on
    if due is None:
        return f"{what}; no planned date is recorded."
    late = slip_days(due, as_of)
    lateness = f", {slip_text(late)}" if late is not None and late > 0 else ""
    return f"{what}, planned for {format_date(due)}{lateness}."


# ----- the page per project ----------------------------------------------------------


def build_project_pages(db: Database, context: PortfolioContext) -> Section:
    """A short page per project: where it stands, why, its worst risks and its next gate."""
    facts = read_portfolio(db, context)
    if not facts:
        return Section("projects", "Projects", (Paragraph(NO_PROJECTS, kind="empty"),))
    blocks = [block for item in facts for block in _project_page(item, context.as_of)]
    return Section("projects", "Projects", tuple(blocks))


def _project_page(facts: ProjectFacts, as_of: dt.date) -> list[Block]:
    project = facts.project
    lead = f"Lead commissioner {project.lead_commissioner}" if project.lead_commissioner else ""
    about = " · ".join(part for part in (project.service_area, lead) if part.strip())
    return [
        Subheading(facts.title, new_page=True),
        Paragraph(about or "No service area or lead commissioner is recorded.", kind="note"),
        _page_figures(facts),
        _rationale(facts),
        _page_risks(facts.risks),
        Paragraph(_overdue_text(facts.overdue_actions)),
        Paragraph(next_gate_text(facts, as_of)),
    ]


def _page_figures(facts: ProjectFacts) -> KeyFigures:
    project, position = facts.project, facts.position
    assessed = f"Assessed {format_date(facts.assessed_on)}" if facts.assessed_on else ""
    trend = project.confidence_trend
    risks = facts.risks
    return KeyFigures(
        (
            KeyFigure(
                "Delivery confidence",
                confidence_word(project),
                rating=confidence_word(project),
                note="; ".join(part for part in (assessed, trend) if part),
            ),
            KeyFigure("Stage", stage_text(project), note=f"Stage {project.stage.sequence} of 5"),
            _forecast_figure(position),
            KeyFigure(
                "Open risks",
                str(risks.open_risks),
                note=f"{risks.outside_appetite} outside appetite",
            ),
        )
    )


def _forecast_figure(position: CostPosition | None) -> KeyFigure:
    if position is None or not position.forecasted:
        budget = position.current_budget if position else None
        note = f"Budget {short_pounds(budget)}" if budget is not None else "No budget recorded"
        return KeyFigure("Forecast at completion", "Not forecast", NOT_MEASURED, note)
    budget_text = (
        f"Budget {short_pounds(position.current_budget)}; {variance_text(position)}"
        if position.current_budget is not None
        else "No budget recorded"
    )
    return KeyFigure(
        "Forecast at completion",
        short_pounds(position.forecast_at_completion),
        rating=cost_rating_word(position),
        note=budget_text,
    )


def _rationale(facts: ProjectFacts) -> Paragraph:
    if facts.assessed_on is None:
        return Paragraph("No delivery confidence assessment is recorded.", kind="empty")
    if not facts.rationale.strip():
        return Paragraph("The latest assessment gives no rationale.", kind="empty")
    return Paragraph(shorten(facts.rationale, RATIONALE_CHARACTERS))


def _page_risks(risks: RiskProfile) -> Paragraph | Table:
    if not risks.top:
        return Paragraph("No open risks are recorded for this project.", kind="empty")
    return Table(
        columns=(
            Column("Ref", 0.8),
            Column("Risk", 4.0),
            Column("Residual", 0.9, align="right"),
            Column("Band", 1.0, rating=True),
            Column("Appetite", 1.3, rating=True),
        ),
        rows=tuple(
            (
                risk.reference,
                risk.title,
                "" if risk.residual_score is None else str(risk.residual_score),
                risk.band,
                "Outside appetite" if risk.outside_appetite else "Within appetite",
            )
            for risk in risks.top
        ),
        caption=f"The highest residual scores of {plural(risks.open_risks, 'open risk')}.",
    )


def _overdue_text(count: int) -> str:
    if count == 0:
        return "No actions are overdue."
    return f"{plural(count, 'action')} {'is' if count == 1 else 'are'} overdue."
