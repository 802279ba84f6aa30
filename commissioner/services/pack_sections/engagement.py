"""The pack's stakeholder section: who we are engaging and who has gone quiet, what was
communicated in the period, decisions made and awaited, overdue actions, and the
confirmations of understanding the CRO is still waiting for.

Communication failures are one of the eight recurring causes of troubled projects, so
the board sees the gaps first: key stakeholders not engaged, actions slipping,
requirements not confirmed as understood.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import case, func, select

from commissioner.models import CommunicationEntry
from commissioner.models.dates import format_date
from commissioner.models.enums import ChangeRequestStatus, StakeholderType
from commissioner.models.money import short_pounds
from commissioner.models.stakeholder_rules import Quadrant
from commissioner.reports.blocks import (
    Block,
    Bullets,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services import actions, change_requests, stages, stakeholders
from commissioner.services.actions import ActionFilter, ActionRow
from commissioner.services.pack_sections.appendices import (
    APPENDIX_ACTIONS,
    APPENDIX_STAKEHOLDERS,
    reporting_period,
)
from commissioner.services.pack_sections.context import PackContext
from commissioner.services.pack_sections.wording import plural, shorten
from commissioner.services.stakeholders import (
    ENGAGEMENT_WINDOW_DAYS,
    StakeholderRow,
    UnderstandingRow,
)
from commissioner.storage import Database

#: Rows a table in the main section shows before pointing to the appendix.
LIST_LIMIT = 10


def build_stakeholder_engagement(db: Database, context: PackContext) -> Section:
    """Stakeholders, communications, decisions, overdue actions and confirmations."""
    people = stakeholders.list_stakeholders(db, context.project_id, context.as_of)
    overdue = actions.list_actions(
        db, context.project_id, ActionFilter(overdue_only=True), today=context.as_of
    )
    items = stakeholders.list_understanding_items(db, context.project_id)
    channels = _communications_by_type(db, context)
    blocks: list[Block] = [
        _headline(context, people, channels, overdue, items),
        Paragraph(_messages(db, context, people, overdue, items), kind="lead"),
        *_stakeholder_map(context, people),
        *_communications(context, channels),
        *_decisions(db, context),
        *_overdue_actions(context, overdue),
        *_confirmations(items),
    ]
    return Section("stakeholders", "Stakeholders, decisions and actions", tuple(blocks))


def _outstanding(items: Sequence[UnderstandingRow]) -> int:
    return sum(len(item.outstanding) for item in items)


def _headline(
    context: PackContext,
    people: Sequence[StakeholderRow],
    channels: Sequence[tuple[str, int, int]],
    overdue: Sequence[ActionRow],
    items: Sequence[UnderstandingRow],
) -> KeyFigures:
    key = sum(1 for row in people if row.quadrant is Quadrant.MANAGE_CLOSELY)
    logged = sum(count for _, count, _ in channels)
    outstanding = _outstanding(items)
    return KeyFigures(
        (
            KeyFigure("Stakeholders", str(len(people)), note=f"{key} to manage closely"),
            KeyFigure("Communications", f"{logged:,}", note=f"logged in {context.period_label}"),
            KeyFigure(
                "Overdue actions",
                str(len(overdue)),
                rating="Overdue" if overdue else "",
                note=_oldest(context.as_of, overdue),
            ),
            KeyFigure(
                "Confirmations outstanding",
                str(outstanding),
                note=f"on {plural(sum(1 for i in items if i.outstanding), 'item', 'items')}"
                if outstanding
                else "none awaited",
            ),
        )
    )


def _oldest(as_of: dt.date, overdue: Sequence[ActionRow]) -> str:
    due = [row.due_on for row in overdue if row.due_on is not None]
    return f"oldest {(as_of - min(due)).days} days late" if due else "none overdue"


def _messages(
    db: Database,
    context: PackContext,
    people: Sequence[StakeholderRow],
    overdue: Sequence[ActionRow],
    items: Sequence[UnderstandingRow],
) -> str:
    """What the board should take from this section, in a few sentences."""
    sentences = [stakeholders.engagement_summary(db, context.project_id, context.as_of) + "."]
    due = sum(1 for row in people if row.overdue)
    if due:
        noun = plural(due, "stakeholder is", "stakeholders are")
        sentences.append(f"{noun} past their agreed contact cadence.")
    if overdue:
        sentences.append(f"{plural(len(overdue), 'action is', 'actions are')} overdue.")
    outstanding = _outstanding(items)
    if outstanding:
        noun = plural(
            outstanding, "confirmation of understanding is", "confirmations of understanding are"
        )
        sentences.append(f"{noun} still awaited.")
    return " ".join(sentences)


# --- The power/interest grid ------------------------------------------------------------


def _quiet_key_stakeholders(
    people: Sequence[StakeholderRow], as_of: dt.date
) -> list[StakeholderRow]:
    """Key stakeholders not engaged within the window `engagement_summary` counts by."""
    quiet = [
        row
        for row in people
        if row.quadrant is Quadrant.MANAGE_CLOSELY
        and (row.last_contact is None or (as_of - row.last_contact).days > ENGAGEMENT_WINDOW_DAYS)
    ]
    return sorted(quiet, key=lambda row: row.last_contact or dt.date.min)


def _stakeholder_map(context: PackContext, people: Sequence[StakeholderRow]) -> list[Block]:
    heading = Subheading("Stakeholder engagement")
    if not people:
        text = "No stakeholders are recorded for this project."
        return [heading, Paragraph(text, kind="empty")]
    rows = tuple(
        (
            quadrant.label,
            str(sum(1 for row in people if row.quadrant is quadrant)),
            str(sum(1 for row in people if row.quadrant is quadrant and row.overdue)),
        )
        for quadrant in Quadrant
    )
    columns = (
        Column("Power/interest quadrant", 2.0),
        Column("Stakeholders", 1.0, "right"),
        Column("Contact overdue", 1.0, "right"),
    )
    blocks: list[Block] = [
        heading,
        Table(columns, rows, caption="Contact is overdue past a stakeholder's agreed cadence."),
        Paragraph(_by_type(people), kind="note"),
    ]
    return blocks + _quiet_table(context, people)


def _by_type(people: Sequence[StakeholderRow]) -> str:
    counts = Counter(row.stakeholder_type for row in people)
    parts = [f"{kind.label.lower()} {counts[kind]}" for kind in StakeholderType if counts[kind]]
    return "By type: " + "; ".join(parts) + "."


def _quiet_table(context: PackContext, people: Sequence[StakeholderRow]) -> list[Block]:
    quiet = _quiet_key_stakeholders(people, context.as_of)
    if not quiet:
        return []
    columns = (
        Column("Key stakeholder", 1.6),
        Column("Organisation", 1.6),
        Column("Role", 1.6),
        Column("Last contact", 1.0),
        Column("Days since", 0.8, "right"),
    )
    rows = tuple(
        (
            row.name,
            row.organisation,
            row.role,
            format_date(row.last_contact) or "Never",
            str((context.as_of - row.last_contact).days) if row.last_contact else "",
        )
        for row in quiet[:LIST_LIMIT]
    )
    caption = f"Key stakeholders not engaged in the last {ENGAGEMENT_WINDOW_DAYS} days."
    return [Table(columns, rows, caption=caption), *_more(len(quiet), APPENDIX_STAKEHOLDERS)]


def _more(total: int, appendix: str) -> list[Block]:
    """The line under a capped table saying where the rest are."""
    if total <= LIST_LIMIT:
        return []
    return [Paragraph(f"… and {total - LIST_LIMIT} more in {appendix}.", kind="note")]


# --- Communications ---------------------------------------------------------------------


def _communications_by_type(db: Database, context: PackContext) -> list[tuple[str, int, int]]:
    """(type, entries, formal entries) in the period, most used first: one grouped query."""
    start, end = reporting_period(context)
    entry = CommunicationEntry
    count = func.count(entry.id)
    formal = func.sum(case((entry.formal.is_(True), 1), else_=0))
    query = (
        select(entry.communication_type, count, formal)
        .where(entry.project_id == context.project_id)
        .where(entry.occurred_at >= dt.datetime.combine(start, dt.time()))
        .where(entry.occurred_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
        .group_by(entry.communication_type)
        .order_by(count.desc(), entry.communication_type)
    )
    with db.session() as session:
        return [
            (kind.label, total, int(formal or 0)) for kind, total, formal in session.execute(query)
        ]


def _communications(context: PackContext, channels: Sequence[tuple[str, int, int]]) -> list[Block]:
    heading = Subheading(f"Communications in {context.period_label}")
    if not channels:
        text = f"No communications were logged in {context.period_label}."
        return [heading, Paragraph(text, kind="empty")]
    total = sum(count for _, count, _ in channels)
    formal = sum(count for _, _, count in channels)
    columns = (
        Column("Channel", 2.0),
        Column("Communications", 1.0, "right"),
        Column("Formal", 1.0, "right"),
    )
    rows = tuple(
        (kind, f"{count:,}", f"{formal_count:,}") for kind, count, formal_count in channels
    )
    lead = f"{plural(total, 'communication', 'communications')} logged, {formal:,} of them formal."
    return [
        heading,
        Paragraph(lead),
        Table(columns, (*rows, ("Total", f"{total:,}", f"{formal:,}")), total_row=True),
    ]


# --- Decisions ----------------------------------------------------------------------------


_DECISION_COLUMNS = (
    Column("Date", 0.9),
    Column("Decision", 3.2),
    Column("Decided by", 1.4),
    Column("Where made", 1.8),
)


def _decisions(db: Database, context: PackContext) -> list[Block]:
    blocks: list[Block] = [Subheading("Decisions"), *_decisions_made(db, context)]
    awaiting = _awaiting(db, context.project_id)
    if awaiting:
        return [*blocks, Paragraph("Decisions awaited:"), Bullets(tuple(awaiting))]
    text = "No gate or change request decision is awaited."
    return [*blocks, Paragraph(text, kind="empty")]


def _decisions_made(db: Database, context: PackContext) -> list[Block]:
    start, end = reporting_period(context)
    made = [
        row
        for row in actions.list_decisions(db, context.project_id)
        if start <= row.decided_on <= end
    ]
    if not made:
        return [Paragraph(f"No decisions were recorded in {context.period_label}.", kind="empty")]
    rows = tuple(
        (format_date(row.decided_on), shorten(row.summary), row.decided_by, row.source)
        for row in made[:LIST_LIMIT]
    )
    caption = f"Decisions made in {context.period_label}, newest first."
    return [Table(_DECISION_COLUMNS, rows, caption=caption), *_more(len(made), APPENDIX_ACTIONS)]


def _awaiting(db: Database, project_id: int) -> list[str]:
    """The next gate decision, if the project cannot yet leave its stage, and every
    change request still proposed."""
    awaited = []
    position = stages.get_stages(db, project_id)
    current = position.current
    if position.next_stage is not None and not current.may_advance:
        planned = format_date(current.planned_end)
        when = f", stage planned to end {planned}" if planned else ""
        awaited.append(f"Gate decision to leave {current.kind.label.lower()}{when}.")
    for row in change_requests.list_change_requests(db, project_id):
        if row.status is ChangeRequestStatus.PROPOSED:
            impact = (
                f", {short_pounds(row.cost_impact_pence, signed=True)}"
                if row.cost_impact_pence
                else ""
            )
            awaited.append(
                f"{row.reference} {shorten(row.description, 120)} (raised "
                f"{format_date(row.raised_on)}{impact})."
            )
    return awaited


# --- Actions and confirmations ------------------------------------------------------------


def _overdue_actions(context: PackContext, overdue: Sequence[ActionRow]) -> list[Block]:
    heading = Subheading("Overdue actions")
    if not overdue:
        return [heading, Paragraph("No actions are overdue.", kind="empty")]
    columns = (
        Column("Action", 3.4),
        Column("Owner", 1.4),
        Column("Due", 0.9),
        Column("Days overdue", 0.8, "right"),
    )
    rows = tuple(
        (
            shorten(row.description),
            row.owner,
            format_date(row.due_on),
            str((context.as_of - row.due_on).days) if row.due_on else "",
        )
        for row in overdue[:LIST_LIMIT]
    )
    caption = "Open actions past their due date, most overdue first."
    return [heading, Table(columns, rows, caption=caption), *_more(len(overdue), APPENDIX_ACTIONS)]


_CONFIRMATION_COLUMNS = (
    Column("Item", 2.6),
    Column("About", 1.0),
    Column("Confirmed", 0.9, "right"),
    Column("Awaiting", 2.6),
)


def _confirmations(items: Sequence[UnderstandingRow]) -> list[Block]:
    heading = Subheading("Confirmations of understanding")
    if not items:
        text = "No confirmations of understanding have been requested for this project."
        return [heading, Paragraph(text, kind="empty")]
    waiting = [item for item in items if item.outstanding]
    if not waiting:
        total = sum(len(item.confirmations) for item in items)
        done = (
            "The one confirmation of understanding is in."
            if total == 1
            else f"All {total} confirmations of understanding are in."
        )
        return [heading, Paragraph(done)]
    rows = tuple(
        (
            item.title,
            item.subject.label,
            f"{len(item.confirmed)} of {len(item.confirmations)}",
            ", ".join(row.stakeholder_name for row in item.outstanding),
        )
        for item in waiting[:LIST_LIMIT]
    )
    blocks: list[Block] = [
        heading,
        Table(_CONFIRMATION_COLUMNS, rows, caption="Items still awaiting confirmation."),
    ]
    if len(waiting) > LIST_LIMIT:
        more = len(waiting) - LIST_LIMIT
        blocks.append(Paragraph(f"… and {more} more items awaiting confirmation.", kind="note"))
    return blocks
