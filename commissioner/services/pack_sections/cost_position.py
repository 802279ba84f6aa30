"""The pack's cost position: budget, actuals and forecast at completion, the variance
against the tolerances in words, the S-curve, variance by cost category, change requests
and the budget trail.

Every figure comes from the Costs area's own services (``get_cost_sheet`` with the pack's
``as_of`` as today, ``cost_analysis`` for the chart series and categories, the change
request register and its budget trail), so the pack says what the app shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from commissioner.models.cost_rules import cumulative, month_start, shown_percent, variance_percent
from commissioner.models.dates import format_date
from commissioner.models.enums import ChangeRequestStatus, Rag
from commissioner.models.money import format_pounds, signed_pounds
from commissioner.reports.blocks import (
    BarChart,
    Block,
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
from commissioner.services.change_requests import (
    ChangeRequestRow,
    budget_trail,
    list_change_requests,
)
from commissioner.services.cost_analysis import (
    CategoryVariance,
    category_variances,
    monthly_totals,
    position_notes,
)
from commissioner.services.costs import CostPosition, CostSheet, get_cost_sheet
from commissioner.services.pack_sections.appendices import APPENDIX_CHANGES
from commissioner.services.pack_sections.context import PackContext
from commissioner.services.pack_sections.wording import first_line
from commissioner.storage import Database

FIRST_PACK = "This is the first pack for this project; movements will show from the next one."
#: How many change requests the main section lists, newest first.
CHANGE_REQUESTS_SHOWN = 10


def build_cost_position(db: Database, context: PackContext) -> Section:
    """The cost position section of a project pack."""
    sheet = get_cost_sheet(db, context.project_id, context.as_of)
    requests = list_change_requests(db, context.project_id)
    position = sheet.position
    if position.approved_budget is None and not sheet.lines and not requests:
        empty = "No budget, cost lines or change requests are recorded for this project."
        return _section((Paragraph(empty, kind="empty"),))
    blocks: list[Block] = [_key_figures(position, context)]
    blocks.append(Paragraph(overrun_in_words(position), kind="lead"))
    blocks += [Paragraph(note, kind="note") for note in _notes(position, context)]
    if sheet.lines:
        blocks += _spend_profile(sheet, context)
        blocks += _categories(sheet, context.as_of)
    else:
        blocks.append(Paragraph("No cost lines are recorded for this project.", kind="empty"))
    blocks += _change_requests(requests)
    blocks += _budget_trail(db, context.project_id, position, requests)
    return _section(tuple(blocks))


def _section(blocks: tuple[Block, ...]) -> Section:
    return Section(key="costs", title="Cost position", blocks=blocks)


def _unsigned_percent(percent: Decimal) -> str:
    return shown_percent(percent).lstrip("+−")


# ----- headline figures -------------------------------------------------------------


def _key_figures(position: CostPosition, context: PackContext) -> KeyFigures:
    previous = context.previous
    return KeyFigures(
        (
            _budget_figure(position),
            KeyFigure(
                "Actual to date",
                format_pounds(position.spend_to_date),
                note=f"Booked to {position.latest_actual:%B %Y}"
                if position.latest_actual
                else "No actuals booked yet",
            ),
            KeyFigure(
                "Forecast at completion",
                format_pounds(position.forecast_at_completion) if position.forecasted else "—",
                note=f"{format_pounds(previous.forecast_pence)} at the last pack"
                if previous is not None and previous.forecast_pence is not None
                else "Actuals where booked, forecast for the rest",
            ),
            _variance_figure(position, context),
        )
    )


def _budget_figure(position: CostPosition) -> KeyFigure:
    title = "Current budget"
    if position.current_budget is None or position.approved_budget is None:
        return KeyFigure(title, "Not set", note="No approved budget")
    if not position.approved_changes:
        note = "As approved; no approved changes"
    else:
        note = (
            f"{format_pounds(position.approved_budget)} approved, "
            f"{signed_pounds(position.approved_changes)} by approved changes"
        )
    return KeyFigure(title, format_pounds(position.current_budget), note=note)


def _variance_figure(position: CostPosition, context: PackContext) -> KeyFigure:
    title = "Variance to budget"
    variance = position.variance_to_current
    if variance is None:
        return KeyFigure(title, "—", note="Cannot be measured yet")
    note = f"{shown_percent(position.variance_percent)} of current budget"
    previous = context.previous
    if previous is not None and previous.cost_rating:
        note += f"; {previous.cost_rating} at the last pack"
    rating = position.rag.label if position.rag else ""
    return KeyFigure(title, signed_pounds(variance), rating=rating, note=note)


def overrun_in_words(position: CostPosition) -> str:
    """The variance against the tolerances in a sentence a board member can repeat."""
    variance, percent = position.variance_to_current, position.variance_percent
    if position.current_budget is None:
        return "No variance can be measured: the project has no approved budget."
    if variance is None:
        return "No variance can be measured yet: no forecast or actual figures are entered."
    if percent is None:
        return f"The forecast variance is {signed_pounds(variance)} against a budget of £0."
    tolerances = position.tolerances
    amber, red = f"{tolerances.amber_percent:f}%", f"{tolerances.red_percent:f}%"
    whose = " (this project's own tolerances)" if tolerances.own else ""
    amount = f"{format_pounds(abs(variance))} ({_unsigned_percent(percent)})"
    if variance < 0:
        return f"Forecast underspend of {amount} against the current budget{whose}."
    if variance == 0:
        return "The forecast at completion equals the current budget."
    if position.rag is Rag.RED:
        return f"Forecast overrun of {amount} is beyond the red tolerance of {red}{whose}."
    if position.rag is Rag.AMBER:
        return (
            f"Forecast overrun of {amount} is beyond the amber tolerance of {amber}, "
            f"within the red tolerance of {red}{whose}."
        )
    return f"Forecast overrun of {amount} is within the amber tolerance of {amber}{whose}."


def _notes(position: CostPosition, context: PackContext) -> list[str]:
    """The movement since the last pack, then what the figures rest on."""
    # The same notes as the Costs area shows, so the pack and the app agree.
    notes = [variance_movement(position, context), *position_notes(position)]
    return [note for note in notes if note]


def variance_movement(position: CostPosition, context: PackContext) -> str:
    """How the variance and the cost rating moved since the previous pack, in words."""
    previous = context.previous
    if previous is None:
        return FIRST_PACK
    label = context.previous_label or "the last pack"
    now, before = position.variance_to_current, previous.variance_pence
    if now is None:
        if before is None:
            return ""
        return f"The variance was {signed_pounds(before)} at {label}; none can be measured now."
    if before is None:
        return f"No variance was measured at {label} to compare with."
    words = _variance_change(before, now, label)
    rating = position.rag.label if position.rag else ""
    if previous.cost_rating and rating and previous.cost_rating != rating:
        words += f" The cost rating has moved from {previous.cost_rating} to {rating}."
    return words


def _variance_change(before: int, now: int, label: str) -> str:
    # Variance is forecast minus budget, so a rise is a worsening.
    change = now - before
    if change == 0:
        return f"The variance is unchanged since {label} at {signed_pounds(now)}."
    direction = "worsened" if change > 0 else "improved"
    return (
        f"The variance has {direction} by {format_pounds(abs(change))} since {label}, "
        f"from {signed_pounds(before)} to {signed_pounds(now)}."
    )


# ----- charts and categories --------------------------------------------------------

_CATEGORY_COLUMNS = (
    Column("Cost category", 2.4),
    Column("Budget", 1.3, align="right"),
    Column("Forecast at completion", 1.5, align="right"),
    Column("Variance", 1.3, align="right"),
    Column("Variance %", 1.0, align="right"),
)
_REQUEST_COLUMNS = (
    Column("Ref.", 0.8),
    Column("Change", 3.3),
    Column("Status", 1.0),
    Column("Cost impact", 1.3, align="right"),
    Column("Raised", 1.0),
    Column("Decided", 1.5),
)
_TRAIL_COLUMNS = (
    Column("Date", 1.0),
    Column("Step", 4.0),
    Column("Change", 1.3, align="right"),
    Column("Budget after", 1.4, align="right"),
)


def _spend_profile(sheet: CostSheet, context: PackContext) -> list[Block]:
    """The Costs area's S-curve: cumulative budget, actual and the path to completion."""
    heading = Subheading("Spend profile")
    totals = monthly_totals(sheet.lines)
    if not totals.has_figures or not sheet.months:
        line = "No budget, forecast or actual figures are entered on the cost lines yet."
        return [heading, Paragraph(line, kind="empty")]
    months = list(sheet.months)
    this_month = month_start(context.as_of)
    budget = _floats(cumulative(totals.budget, months))
    path = _floats(cumulative(totals.forecast_path, months))
    chart = LineChart(
        title="Cumulative budget, actual and forecast",
        x_labels=tuple(f"{month:%b %Y}" for month in months),
        series=(
            Series("Budget (profiled)", budget, "budget"),
            *_actual_series(totals.actual, months, this_month),
            Series("Forecast (actuals, then forecast)", path, "forecast", dashed=True),
        ),
        y_label="Cumulative spend (£)",
        x_label="Month",
        value_format="money",
        marker_index=months.index(this_month) if this_month in months else -1,
        marker_label=f"As at {format_date(context.as_of)}",
    )
    return [heading, chart]


def pounds(pence: int) -> float:
    """Chart values are pounds (the renderer's money axis), the models' are pence."""
    return pence / 100


def _floats(values: Sequence[int]) -> tuple[float | None, ...]:
    return tuple(pounds(value) for value in values)


def _actual_series(
    actual: dict[dt.date, int], months: list[dt.date], this_month: dt.date
) -> list[Series]:
    """Actuals stop at the latest month booked by the reporting month, as spend to date
    does; none booked means no line at all rather than a flat £0."""
    booked = [month for month in actual if month <= this_month]
    if not booked:
        return []
    last = max(booked)
    running = cumulative({m: p for m, p in actual.items() if m <= last}, months)
    values = tuple(pounds(v) if m <= last else None for m, v in zip(months, running, strict=True))
    return [Series("Actual", values, "actual")]


def _categories(sheet: CostSheet, as_of: dt.date) -> list[Block]:
    """Each category's whole-life variance, with a total that equals the sheet's."""
    heading = Subheading("Variance by cost category")
    rows = category_variances(sheet, as_of)
    if not rows:
        line = "No budget, forecast or actual figures are entered against any cost category."
        return [heading, Paragraph(line, kind="empty")]
    totals = ("Total", sum(r.budget for r in rows), sum(r.forecast_at_completion for r in rows))
    cells = [(row.category, row.budget, row.forecast_at_completion) for row in rows]
    table = Table(
        _CATEGORY_COLUMNS,
        tuple(
            (
                name,
                format_pounds(planned),
                format_pounds(forecast),
                signed_pounds(forecast - planned),
                shown_percent(variance_percent(forecast, planned)),
            )
            for name, planned, forecast in [*cells, totals]
        ),
        caption="Budget is the cost lines' profiled budget over the whole life.",
        total_row=True,
    )
    return [heading, table, *_category_chart(rows)]


def _category_chart(rows: Sequence[CategoryVariance]) -> list[Block]:
    """Overruns and underspends as two series, coloured as the Costs area colours them."""
    variances = [row.variance for row in rows]
    series = tuple(
        Series(words, tuple(pounds(v) if keep(v) else None for v in variances), colour)
        for words, colour, keep in (
            ("Overrun", "Red", lambda v: v > 0),
            ("Underspend", "Blue", lambda v: v < 0),
        )
        if any(keep(v) for v in variances)
    )
    if not series:
        return []
    chart = BarChart(
        title="Variance by cost category",
        categories=tuple(row.category for row in rows),
        series=series,
        y_label="Forecast − budget (£)",
        value_format="money",
        stacked=True,
    )
    return [chart]


# ----- change requests and the budget trail -----------------------------------------


def _change_requests(requests: list[ChangeRequestRow]) -> list[Block]:
    heading = Subheading("Change requests")
    if not requests:
        return [heading, Paragraph("No change requests are recorded for this project.", "empty")]
    rows = tuple(
        (
            request.reference,
            first_line(request.description),
            request.status.label,
            signed_pounds(request.cost_impact_pence) if request.cost_impact_pence else "£0",
            format_date(request.raised_on),
            format_date(request.decided_on) if request.decided_on else "Awaiting decision",
        )
        for request in requests[:CHANGE_REQUESTS_SHOWN]
    )
    caption = "Newest first."
    if len(requests) > len(rows):
        caption += f" The other {len(requests) - len(rows)} are in {APPENDIX_CHANGES}."
    summary = Paragraph(change_requests_in_words(requests))
    return [heading, summary, Table(_REQUEST_COLUMNS, rows, caption=caption)]


_STATUS_WORDS = (
    (ChangeRequestStatus.APPROVED, "approved"),
    (ChangeRequestStatus.PROPOSED, "awaiting a decision"),
    (ChangeRequestStatus.REJECTED, "rejected"),
)


def change_requests_in_words(requests: list[ChangeRequestRow]) -> str:
    """'3 change requests: 1 approved (+£600,000), 1 awaiting a decision (+£1,900,000)…'"""
    parts = []
    for status, words in _STATUS_WORDS:
        chosen = [request for request in requests if request.status is status]
        if chosen:
            total = sum(request.cost_impact_pence for request in chosen)
            parts.append(f"{len(chosen)} {words} ({signed_pounds(total)})")
    noun = "change request" if len(requests) == 1 else "change requests"
    return f"{len(requests)} {noun}: {', '.join(parts)}."


def _budget_trail(
    db: Database, project_id: int, position: CostPosition, requests: list[ChangeRequestRow]
) -> list[Block]:
    """How the budget got from its approval to today's, as the change log shows it."""
    heading = Subheading("Budget trail")
    if position.approved_budget is None:
        return [heading, Paragraph("No approved budget is set for this project.", "empty")]
    if not any(request.status is ChangeRequestStatus.APPROVED for request in requests):
        line = (
            f"The approved budget of {format_pounds(position.approved_budget)} "
            "has not been changed by any approved change request."
        )
        return [heading, Paragraph(line, kind="empty")]
    # The first step is the original approval: its date is the budget's, its change
    # the whole budget (unsigned, as the Costs area shows it).
    rows = tuple(
        (
            format_date(step.on if n else position.approved_on),
            step.what,
            signed_pounds(step.change_pence) if n else format_pounds(step.change_pence),
            format_pounds(step.budget_after_pence),
        )
        for n, step in enumerate(budget_trail(db, project_id))
    )
    caption = "From the approved budget through each approved change request, in date order."
    return [heading, Table(_TRAIL_COLUMNS, rows, caption=caption)]
