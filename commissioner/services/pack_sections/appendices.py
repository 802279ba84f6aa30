"""The appendices of a project pack: the full registers the main sections summarise.

The main sections cap their lists ("and 37 more in Appendix A"); the board member who
wants every line finds it here. Each register is read in one query, because a large
project has 500 RAID entries and 2,000 communications a month, and a portfolio pack
builds fifty projects. Every table is wide, on landscape pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select

from commissioner.models import CommunicationEntry, CommunicationParticipant, Stakeholder
from commissioner.models.cost_rules import (
    forecast_at_completion,
    shown_percent,
    spend_to_date,
    variance_percent,
)
from commissioner.models.dates import format_date
from commissioner.models.enums import ChangeRequestStatus, RaidKind
from commissioner.models.money import format_pounds, signed_pounds
from commissioner.reports.blocks import Block, Column, Paragraph, Section, Subheading, Table
from commissioner.services import actions, change_requests, costs, stakeholders
from commissioner.services.actions import ActionRow, DecisionRow
from commissioner.services.costs import CostLineView
from commissioner.services.pack_sections.context import PackContext
from commissioner.services.pack_sections.wording import TEXT_LIMIT, every, shorten
from commissioner.services.risk_register import (
    LIVE_STATUSES,
    RegisterFilter,
    RegisterRow,
    fetch_register,
)
from commissioner.services.risk_settings import RiskSettings, load_risk_settings
from commissioner.storage import Database

#: The appendix letters, for the main sections' "and 12 more in Appendix C".
APPENDIX_RISKS = "Appendix A"
APPENDIX_COMMUNICATIONS = "Appendix B"
APPENDIX_ACTIONS = "Appendix C"
APPENDIX_STAKEHOLDERS = "Appendix D"
APPENDIX_COSTS = "Appendix E"
APPENDIX_CHANGES = "Appendix F"

#: Longest summary or description printed in a register, in characters.
#: Participants named in a log entry before "and N more".
PARTICIPANTS_SHOWN = 6
#: SQLite's LIMIT has no "all"; this is more rows than any register holds.
_EVERY_ROW = 2**31 - 1
# A separator no name contains, so names with commas split back correctly.
_NAME_SEPARATOR = "\x1f"


def reporting_period(context: PackContext) -> tuple[dt.date, dt.date]:
    """The first and last day the pack reports on.

    The context names only the period's end (``as_of``) and a label such as
    "November 2026", so the period is the calendar month holding ``as_of``; a
    ``period_start`` on the context, where one is given, takes precedence.
    """
    start = getattr(context, "period_start", None)
    if isinstance(start, dt.date) and start <= context.as_of:
        return start, context.as_of
    return context.as_of.replace(day=1), context.as_of


def build_appendices(db: Database, context: PackContext) -> Section:
    """Every register in full, each under its own lettered subheading."""
    blocks = [
        *_risk_appendix(db, context),
        *_communications_appendix(db, context),
        *_actions_appendix(db, context),
        *_stakeholder_appendix(db, context),
        *_cost_appendix(db, context),
        *_change_appendix(db, context),
    ]
    return Section("appendices", "Appendices", tuple(blocks), landscape=True)


# --- A: the RAID log ---------------------------------------------------------------------

_RISK_COLUMNS = (
    Column("Ref", 0.7),
    Column("Type", 0.9),
    Column("Title", 3.2),
    Column("Category", 1.5),
    Column("Owner", 1.3),
    Column("Inherent", 0.7, "right"),
    Column("Residual", 0.7, "right"),
    Column("Band or priority", 1.0, rating=True),
    Column("Appetite", 1.2, rating=True),
    Column("Status", 0.9),
    Column("Next review", 1.1),
    Column("Open actions", 0.7, "right"),
)


def _risk_appendix(db: Database, context: PackContext) -> list[Block]:
    register = RegisterFilter(
        project_id=context.project_id, statuses=LIVE_STATUSES, today=context.as_of
    )
    rows = fetch_register(db, register, offset=0, limit=_EVERY_ROW)
    heading = Subheading(f"{APPENDIX_RISKS} – Risk register")
    if not rows:
        return [heading, Paragraph("No RAID entries are open for this project.", kind="empty")]
    settings = load_risk_settings(db)
    table = Table(
        _RISK_COLUMNS,
        tuple(_risk_cells(row, settings) for row in rows),
        caption=f"{every(len(rows), 'open entry', 'open entries')} of the RAID log: risks "
        "first, then issues, assumptions and dependencies. Scores are likelihood × impact.",
        wide=True,
    )
    return [heading, table]


def _risk_cells(row: RegisterRow, settings: RiskSettings) -> tuple[str, ...]:
    residual = row.levels.residual_score
    category = settings.category(row.category_id)
    review = format_date(row.next_review_on)
    return (
        row.reference,
        row.kind.label,
        row.title,
        category.label if category else "",
        row.owner,
        _score(row.levels.inherent_score),
        _score(residual),
        _band_or_priority(row, settings),
        _appetite(row),
        row.status.label,
        f"{review} – overdue" if row.review_overdue else review,
        str(row.open_actions) if row.open_actions else "",
    )


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


def _band_or_priority(row: RegisterRow, settings: RiskSettings) -> str:
    """A risk's residual band; an issue's priority. Both are rating words."""
    if row.kind is RaidKind.RISK:
        band = settings.band(row.levels.residual_score)
        return band.name if band else ""
    return row.priority.label if row.priority else ""


def _appetite(row: RegisterRow) -> str:
    if row.kind is not RaidKind.RISK or row.tolerance_score is None:
        return ""
    return "Outside appetite" if row.outside_appetite else "Within appetite"


# --- B: the communications log ----------------------------------------------------------

_LOG_COLUMNS = (
    Column("Date", 0.9),
    Column("Type", 1.1),
    Column("Direction", 0.8),
    Column("Subject", 2.2),
    Column("Summary", 4.2),
    Column("Participants", 2.2),
)


def _communications_appendix(db: Database, context: PackContext) -> list[Block]:
    heading = Subheading(f"{APPENDIX_COMMUNICATIONS} – Communications log")
    rows = _log_rows(db, context)
    if not rows:
        text = f"No communications were logged in {context.period_label}."
        return [heading, Paragraph(text, kind="empty")]
    start, end = reporting_period(context)
    table = Table(
        _LOG_COLUMNS,
        rows,
        caption=f"{len(rows)} communications logged from {format_date(start)} to "
        f"{format_date(end)}, oldest first; long summaries are cut at {TEXT_LIMIT} characters.",
        wide=True,
    )
    return [heading, table]


def _log_query(context: PackContext) -> Select[tuple[Any, ...]]:
    """The period's entries with their participants' names, in one grouped query."""
    start, end = reporting_period(context)
    entry = CommunicationEntry
    names = func.group_concat(Stakeholder.name, _NAME_SEPARATOR)
    return (
        select(entry.occurred_at, entry.communication_type, entry.formal, entry.direction)
        .add_columns(entry.subject, entry.summary, names)
        .outerjoin(CommunicationParticipant, CommunicationParticipant.communication_id == entry.id)
        .outerjoin(Stakeholder, Stakeholder.id == CommunicationParticipant.stakeholder_id)
        .where(entry.project_id == context.project_id)
        .where(entry.occurred_at >= dt.datetime.combine(start, dt.time()))
        .where(entry.occurred_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
        .group_by(entry.id)
        .order_by(entry.occurred_at, entry.id)
    )


def _log_rows(db: Database, context: PackContext) -> tuple[tuple[str, ...], ...]:
    with db.session() as session:
        found = session.execute(_log_query(context)).all()
    return tuple(
        (
            format_date(when.date()),
            f"{kind.label} ({'formal' if formal else 'informal'})",
            direction.label,
            subject,
            shorten(summary),
            _participants(joined),
        )
        for when, kind, formal, direction, subject, summary, joined in found
    )


def _participants(joined: str | None) -> str:
    names = sorted(joined.split(_NAME_SEPARATOR), key=str.casefold) if joined else []
    shown = ", ".join(names[:PARTICIPANTS_SHOWN])
    more = len(names) - PARTICIPANTS_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


# --- C: actions and decisions -----------------------------------------------------------

_ACTION_COLUMNS = (
    Column("Action", 4.0),
    Column("Owner", 1.5),
    Column("Due", 0.9),
    Column("Status", 0.9, rating=True),
    Column("Completed", 0.9),
    Column("Arising from", 2.6),
)
_DECISION_COLUMNS = (
    Column("Date", 0.9),
    Column("Decision", 5.0),
    Column("Decided by", 1.6),
    Column("Where made", 2.6),
)


def _actions_appendix(db: Database, context: PackContext) -> list[Block]:
    heading = Subheading(f"{APPENDIX_ACTIONS} – Actions and decisions")
    action_rows = actions.list_actions(db, context.project_id, today=context.as_of)
    decision_rows = actions.list_decisions(db, context.project_id)
    if not action_rows and not decision_rows:
        return [heading, Paragraph("No actions or decisions are recorded.", kind="empty")]
    return [heading, _action_table(action_rows), _decision_table(decision_rows)]


def _action_table(rows: Sequence[ActionRow]) -> Block:
    if not rows:
        return Paragraph("No actions are recorded.", kind="empty")
    cells = tuple(
        (
            shorten(row.description),
            row.owner,
            format_date(row.due_on),
            "Overdue" if row.overdue else row.status.label,
            format_date(row.completed_on),
            shorten(row.source, 120),
        )
        for row in rows
    )
    caption = f"{every(len(cells), 'action', 'actions')}: open ones first, soonest due first."
    return Table(_ACTION_COLUMNS, cells, caption=caption, wide=True)


def _decision_table(rows: Sequence[DecisionRow]) -> Block:
    if not rows:
        return Paragraph("No decisions are recorded.", kind="empty")
    cells = tuple(
        (format_date(row.decided_on), shorten(row.summary), row.decided_by, row.source)
        for row in rows
    )
    return Table(
        _DECISION_COLUMNS,
        cells,
        caption=f"{every(len(cells), 'decision', 'decisions')}, newest first.",
        wide=True,
    )


# --- D: the stakeholder register --------------------------------------------------------

_STAKEHOLDER_COLUMNS = (
    Column("Name", 1.6),
    Column("Organisation", 1.7),
    Column("Role", 1.5),
    Column("Type", 1.4),
    Column("Interest", 0.6, "right"),
    Column("Influence", 0.7, "right"),
    Column("Quadrant", 1.1),
    Column("Preferred channel", 0.9),
    Column("Contact every", 0.8),
    Column("Last contact", 0.9),
    Column("Contact", 0.8, rating=True),
)

_STAKEHOLDER_NOTE = (
    "Interest and influence run from 1 (low) to 5 (high); contact is overdue when the "
    "last contact is older than the agreed cadence."
)


def _stakeholder_appendix(db: Database, context: PackContext) -> list[Block]:
    heading = Subheading(f"{APPENDIX_STAKEHOLDERS} – Stakeholder register")
    rows = stakeholders.list_stakeholders(db, context.project_id, context.as_of)
    if not rows:
        return [heading, Paragraph("No stakeholders are recorded.", kind="empty")]
    cells = tuple(
        (
            row.name,
            row.organisation,
            row.role,
            row.stakeholder_type.label,
            str(row.interest),
            str(row.influence),
            row.quadrant.label,
            row.preferred_channel.label,
            f"{row.cadence_days} days" if row.cadence_days else "",
            format_date(row.last_contact) or "Never",
            "Overdue" if row.overdue else "",
        )
        for row in rows
    )
    caption = f"{len(cells)} stakeholders by name. {_STAKEHOLDER_NOTE}"
    return [heading, Table(_STAKEHOLDER_COLUMNS, cells, caption=caption, wide=True)]


# --- E: cost lines ----------------------------------------------------------------------

_COST_COLUMNS = (
    Column("Category", 1.5),
    Column("Cost line", 2.8),
    Column("Finance code", 1.1),
    Column("Budget", 1.2, "right"),
    Column("Actual to date", 1.2, "right"),
    Column("Forecast at completion", 1.3, "right"),
    Column("Variance", 1.2, "right"),
    Column("Variance %", 0.8, "right"),
)


def _cost_appendix(db: Database, context: PackContext) -> list[Block]:
    heading = Subheading(f"{APPENDIX_COSTS} – Cost lines")
    sheet = costs.get_cost_sheet(db, context.project_id, context.as_of)
    if not sheet.lines:
        return [heading, Paragraph("No cost lines are recorded.", kind="empty")]
    figures = [_line_figures(line, context.as_of) for line in sheet.lines]
    rows = [
        (line.category, line.name, line.finance_code, *_money_cells(*figure))
        for line, figure in zip(sheet.lines, figures, strict=True)
    ]
    totals = tuple(sum(column) for column in zip(*figures, strict=True))
    rows.append(("Total", "", "", *_money_cells(*totals)))
    caption = (
        "Whole-life figures for each line. Forecast at completion takes each month's actual "
        "where booked and its forecast otherwise; variance is against the line's budget."
    )
    return [heading, Table(_COST_COLUMNS, tuple(rows), caption=caption, wide=True, total_row=True)]


def _line_figures(line: CostLineView, as_of: dt.date) -> tuple[int, int, int]:
    """(budget, actual to date, forecast at completion) of one line, by the cost rules."""
    periods = line.periods.items()
    forecasts = {month: c.forecast for month, c in periods if c.forecast is not None}
    actuals = {month: c.actual for month, c in periods if c.actual is not None}
    completion = forecast_at_completion(forecasts, actuals, as_of)
    return line.totals().budget or 0, spend_to_date(actuals, as_of), completion.pence


def _money_cells(budget: int, actual: int, completion: int) -> tuple[str, ...]:
    return (
        format_pounds(budget),
        format_pounds(actual),
        format_pounds(completion),
        signed_pounds(completion - budget),
        shown_percent(variance_percent(completion, budget)),
    )


# --- F: change requests -----------------------------------------------------------------

_CHANGE_COLUMNS = (
    Column("Ref", 0.7),
    Column("Raised", 0.9),
    Column("Description", 3.0),
    Column("Cost impact", 1.1, "right"),
    Column("Time (days)", 0.7, "right"),
    Column("Scope reduction", 0.8),
    Column("Quality impact", 2.0),
    Column("Status", 0.9),
    Column("Decision", 1.5),
    Column("Risk", 0.7),
)


def _change_appendix(db: Database, context: PackContext) -> list[Block]:
    heading = Subheading(f"{APPENDIX_CHANGES} – Change requests")
    rows = change_requests.list_change_requests(db, context.project_id)
    if not rows:
        return [heading, Paragraph("No change requests are recorded.", kind="empty")]
    cells = tuple(
        (
            row.reference,
            format_date(row.raised_on),
            shorten(row.description),
            signed_pounds(row.cost_impact_pence) if row.cost_impact_pence else "",
            _signed_days(row.time_impact_days),
            "Yes" if row.scope_reduction else "No",
            shorten(row.quality_impact, 200),
            row.status.label,
            _decision(row.status, row.approver, row.decided_on),
            row.risk_reference,
        )
        for row in rows
    )
    caption = f"{every(len(cells), 'change request', 'change requests')}, newest first."
    return [heading, Table(_CHANGE_COLUMNS, cells, caption=caption, wide=True)]


def _signed_days(days: int) -> str:
    if not days:
        return ""
    return f"{'+' if days > 0 else '−'}{abs(days)}"


def _decision(status: ChangeRequestStatus, approver: str, decided_on: dt.date | None) -> str:
    if status is ChangeRequestStatus.PROPOSED:
        return "Awaiting decision"
    return ", ".join(part for part in (approver, format_date(decided_on)) if part)
