"""The pack's supplier section: who bids for or delivers the project and in which
category, how far due diligence has got, the cultural alignment trend, the duty-to-warn
log and contract wording still ambiguous.

These are the records examined when a dispute reaches court, so the board sees them
as the app keeps them: the flags are the supplier overview's own sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from commissioner.models.dates import format_date
from commissioner.models.enums import SupplierRole, WarningStatus
from commissioner.reports.blocks import (
    Block,
    Bullets,
    Column,
    KeyFigure,
    KeyFigures,
    LineChart,
    Paragraph,
    Section,
    Series,
    Subheading,
    Table,
)
from commissioner.services import alignment, due_diligence, duty_to_warn, suppliers, use_cases
from commissioner.services.alignment import AlignmentTrend
from commissioner.services.duty_to_warn import WarningRow
from commissioner.services.pack_sections.context import PackContext
from commissioner.services.pack_sections.wording import shorten
from commissioner.services.supplier_overview import supplier_overview
from commissioner.services.suppliers import RelationshipRow
from commissioner.services.use_cases import UseCaseRow
from commissioner.storage import Database

#: Rows a table in this section shows before saying how many more there are.
LIST_LIMIT = 10


@dataclass(frozen=True)
class _Supplier:
    """One relationship with what the section reports about it."""

    row: RelationshipRow
    due_diligence: str
    trend: AlignmentTrend


def build_suppliers(db: Database, context: PackContext) -> Section:
    """Suppliers, due diligence, cultural alignment, duty to warn and contract wording."""
    project_id = context.project_id
    linked = [
        _Supplier(
            row,
            due_diligence.due_diligence_summary(due_diligence.list_due_diligence(db, row.id)),
            alignment.alignment_trend(db, row.id),
        )
        for row in suppliers.list_relationships(db, project_id)
    ]
    warnings = duty_to_warn.list_warnings(db, project_id)
    outstanding = use_cases.outstanding_ambiguities(db, project_id)
    overview = supplier_overview(db, project_id, context.as_of)
    blocks: list[Block] = [
        _headline(linked, warnings, outstanding),
        *_flags([*overview.flags, *_unanswered(warnings)]),
        *_register(linked),
        *_alignment(linked),
        *_duty_to_warn(linked, warnings),
        *_contract_wording(db, project_id),
    ]
    return Section("suppliers", "Suppliers", tuple(blocks))


def _open(warnings: Sequence[WarningRow]) -> list[WarningRow]:
    return [row for row in warnings if row.status is WarningStatus.OPEN]


def _headline(
    linked: Sequence[_Supplier], warnings: Sequence[WarningRow], outstanding: int
) -> KeyFigures:
    contracted = [s.row for s in linked if s.row.role is SupplierRole.CONTRACTED]
    falling = sum(1 for s in linked if s.trend.falling)
    return KeyFigures(
        (
            KeyFigure(
                "Contracted providers",
                str(len(contracted)),
                note=f"{len(linked) - len(contracted)} bidding or shortlisted",
            ),
            KeyFigure(
                "Falling alignment",
                str(falling),
                note="at the latest reassessment" if falling else "no supplier falling",
            ),
            KeyFigure(
                "Open warnings",
                str(len(_open(warnings))),
                note=f"of {len(warnings)} logged under the duty to warn",
            ),
            KeyFigure("Ambiguous contract wording", str(outstanding), note="use cases to settle"),
        )
    )


def _unanswered(warnings: Sequence[WarningRow]) -> list[str]:
    """A sentence on warnings the council has not answered: the overview leaves them to
    the duty-to-warn log, but a board should know a supplier is waiting on it."""
    waiting = _open(warnings)
    if not waiting:
        return []
    oldest = min(waiting, key=lambda row: row.raised_on)
    source = f"{oldest.supplier_name} on {format_date(oldest.raised_on)}"
    if len(waiting) == 1:
        return [
            f"A warning from {source} awaits the council's response under the duty to "
            f"warn: {oldest.subject}."
        ]
    return [
        f"{len(waiting)} warnings await the council's response under the duty to warn; "
        f"the oldest, from {source}: {oldest.subject}."
    ]


def _flags(flags: Sequence[str]) -> list[Block]:
    if not flags:
        return [Paragraph("No supplier matter needs the board's attention.", kind="lead")]
    return [Paragraph("For the board's attention:", kind="lead"), Bullets(tuple(flags))]


# --- The suppliers ----------------------------------------------------------------------

_REGISTER_COLUMNS = (
    Column("Supplier", 2.2),
    Column("Role", 1.2),
    Column("Category", 1.2),
    Column("Due diligence", 1.8),
    Column("Alignment index", 1.0, "right"),
    Column("Last assessed", 1.0),
)


def _register(linked: Sequence[_Supplier]) -> list[Block]:
    heading = Subheading("Suppliers and due diligence")
    if not linked:
        return [heading, Paragraph("No suppliers are linked to this project.", kind="empty")]
    rows = tuple(_register_cells(supplier) for supplier in linked)
    caption = (
        "Contracted providers first, then shortlisted suppliers and bidders. The alignment "
        "index is 100 when supplier and council sit together on every cultural dimension."
    )
    return [heading, Table(_REGISTER_COLUMNS, rows, caption=caption)]


def _register_cells(supplier: _Supplier) -> tuple[str, ...]:
    row, trend = supplier.row, supplier.trend
    latest = _latest_index(trend)
    return (
        row.supplier_name,
        row.role.label,
        row.category.label,
        supplier.due_diligence,
        "Not assessed" if latest is None else str(latest),
        format_date(trend.dates[-1]) if trend.dates else "",
    )


def _latest_index(trend: AlignmentTrend) -> int | None:
    known = [index for index in trend.indexes if index is not None]
    return known[-1] if known else None


# --- Cultural alignment -------------------------------------------------------------------


def _alignment(linked: Sequence[_Supplier]) -> list[Block]:
    heading = Subheading("Cultural alignment")
    assessed = [s for s in linked if _latest_index(s.trend) is not None]
    if not assessed:
        text = "No cultural alignment assessments are recorded for this project's suppliers."
        return [heading, Paragraph(text, kind="empty")]
    return [heading, _alignment_chart(assessed), Paragraph(_alignment_note(assessed))]


def _alignment_chart(assessed: Sequence[_Supplier]) -> LineChart:
    """Each supplier's index at each assessment, on one axis of every assessment date."""
    dates = sorted({day for s in assessed for day in s.trend.dates})
    series = []
    for supplier in assessed:
        by_date = dict(zip(supplier.trend.dates, supplier.trend.indexes, strict=True))
        values = tuple(
            None if (index := by_date.get(day)) is None else float(index) for day in dates
        )
        series.append(Series(supplier.row.supplier_name, values))
    return LineChart(
        title="Cultural alignment index at each assessment",
        x_labels=tuple(format_date(day) for day in dates),
        series=tuple(series),
        y_label="Alignment index (0–100)",
        x_label="Assessment date",
    )


def _alignment_note(assessed: Sequence[_Supplier]) -> str:
    """Each assessed supplier's movement at its latest reassessment, in words."""
    parts = []
    for supplier in assessed:
        known = [index for index in supplier.trend.indexes if index is not None]
        name = supplier.row.supplier_name
        if len(known) < 2:
            parts.append(f"{name}: {known[-1]}, assessed once.")
        elif supplier.trend.falling:
            parts.append(f"{name}: fell from {known[-2]} to {known[-1]}; reassess the fit.")
        else:
            parts.append(f"{name}: {known[-1]}, from {known[-2]} at the assessment before.")
    return " ".join(parts)


# --- Duty to warn -------------------------------------------------------------------------

_WARNING_COLUMNS = (
    Column("Raised", 0.9),
    Column("Supplier", 1.6),
    Column("Warning", 2.6),
    Column("Status", 0.9),
    Column("Council's response", 2.4),
)


def _warnings_lead(warnings: Sequence[WarningRow]) -> str:
    logged = "1 warning" if len(warnings) == 1 else f"{len(warnings)} warnings"
    return f"{logged} logged; {len(_open(warnings))} awaiting the council's response."


def _duty_to_warn(linked: Sequence[_Supplier], warnings: Sequence[WarningRow]) -> list[Block]:
    heading = Subheading("Duty to warn")
    if not warnings:
        owing = any(s.row.owes_duty_to_warn for s in linked)
        text = (
            "No warnings have been logged by the suppliers owing a duty to warn."
            if owing
            else "No supplier on this project owes a duty to warn, and none is logged."
        )
        return [heading, Paragraph(text, kind="empty")]
    lead = _warnings_lead(warnings)
    # Unanswered warnings first: they are what a court would ask about.
    ordered = sorted(warnings, key=lambda row: row.status is not WarningStatus.OPEN)
    rows = tuple(
        (
            format_date(row.raised_on),
            row.supplier_name,
            row.subject,
            row.status.label,
            shorten(row.council_response, 200),
        )
        for row in ordered[:LIST_LIMIT]
    )
    blocks: list[Block] = [heading, Paragraph(lead), Table(_WARNING_COLUMNS, rows)]
    if len(ordered) > LIST_LIMIT:
        more = len(ordered) - LIST_LIMIT
        text = f"… and {more} more in the project's duty-to-warn log."
        blocks.append(Paragraph(text, kind="note"))
    return blocks


# --- Contract wording ---------------------------------------------------------------------

_USE_CASE_COLUMNS = (
    Column("Clause", 0.8),
    Column("Scenario", 2.4),
    Column("Council's reading", 2.0),
    Column("Supplier's reading", 2.0),
)


def _contract_wording(db: Database, project_id: int) -> list[Block]:
    heading = Subheading("Contract wording")
    rows = use_cases.list_use_cases(db, project_id)
    summary = use_cases.ambiguity_summary(rows, use_cases.contract_in_delivery(db, project_id))
    if not rows:
        return [heading, Paragraph(summary, kind="empty")]
    ambiguous = [row for row in rows if row.outstanding_ambiguity]
    blocks: list[Block] = [heading, Paragraph(summary + ".")]
    if ambiguous:
        cells = tuple(_use_case_cells(row) for row in ambiguous[:LIST_LIMIT])
        caption = "Use cases whose contract wording the two sides read differently."
        blocks.append(Table(_USE_CASE_COLUMNS, cells, caption=caption))
    if len(ambiguous) > LIST_LIMIT:
        more = len(ambiguous) - LIST_LIMIT
        blocks.append(Paragraph(f"… and {more} more in the use-case register.", kind="note"))
    return blocks


def _use_case_cells(row: UseCaseRow) -> tuple[str, ...]:
    return (
        row.clause_reference,
        shorten(row.scenario, 250),
        shorten(row.council_reading, 200),
        shorten(row.supplier_reading, 200),
    )
