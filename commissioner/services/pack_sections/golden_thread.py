"""The pack's golden thread and KPI performance: does every link from corporate outcome to
KPI hold, how is each KPI performing, what moved since the last pack, and what benefits
have been realised.

KPI ratings and gaps come from `read_golden_thread` and the golden-thread rules, so the
pack rates a KPI exactly as the Golden thread area does.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict

from sqlalchemy import select

from commissioner.models import Kpi, KpiMeasurement
from commissioner.models.dates import format_date
from commissioner.models.enums import KpiDirection
from commissioner.models.golden_thread_rules import (
    NO_DATA,
    BenefitProgress,
    GapKind,
    format_measure,
)
from commissioner.reports.blocks import (
    BarChart,
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
from commissioner.services.benefits import BenefitRow, list_benefits
from commissioner.services.golden_thread import GoldenThread, KpiSummary, read_golden_thread
from commissioner.services.pack_sections.context import PackContext
from commissioner.storage import Database

#: Rating words in the order a board reads them: worst first.
RATING_ORDER = ("Red", "Amber", "Green", NO_DATA)
#: KPIs listed in the performance table, worst-rated first.
KPIS_SHOWN = 25
#: Gaps listed before the rest are counted.
GAPS_SHOWN = 10
#: Trend charts drawn, worst-rated KPIs first.
CHARTS_SHOWN = 6
#: Measurements drawn on a trend chart: two years of monthly figures.
CHART_POINTS = 24

FIRST_PACK = "This is the first pack for this project; movements will show from the next one."

History = dict[int, list[tuple[dt.date, float]]]


def build_golden_thread(db: Database, context: PackContext) -> Section:
    """The golden thread and KPI performance section of a project pack."""
    thread = read_golden_thread(db, context.project_id, today=context.as_of)
    blocks: list[Block]
    if not (thread.objectives or thread.services or thread.kpis):
        blocks = [
            Paragraph(
                "No objectives, services or KPIs are recorded for this project, "
                "so there is no golden thread to report.",
                "empty",
            )
        ]
    else:
        history = measurement_history(db, context.project_id)
        blocks = [*_thread_blocks(thread, context.as_of), *_kpi_blocks(thread, history, context)]
    blocks += [Subheading("Benefits"), *_benefit_blocks(db, context.project_id)]
    return Section(
        key="golden_thread", title="Golden thread and KPI performance", blocks=tuple(blocks)
    )


def measurement_history(db: Database, project_id: int) -> History:
    """Every measurement of the project's KPIs, oldest first, in one query."""
    query = (
        select(KpiMeasurement.kpi_id, KpiMeasurement.period_end, KpiMeasurement.value)
        .join(Kpi, Kpi.id == KpiMeasurement.kpi_id)
        .where(Kpi.project_id == project_id)
        .order_by(KpiMeasurement.kpi_id, KpiMeasurement.period_end)
    )
    history: History = defaultdict(list)
    with db.session() as session:
        for kpi_id, period_end, value in session.execute(query):
            history[kpi_id].append((period_end, value))
    return history


# ----- the thread --------------------------------------------------------------------


def _thread_blocks(thread: GoldenThread, as_of: dt.date) -> list[Block]:
    return [
        _key_figures(thread),
        Paragraph(_lead_text(thread), "lead"),
        Subheading("The golden thread"),
        _chain_table(thread),
        Subheading("Gaps in the thread"),
        _gap_block(thread),
    ]


def _overdue_ids(thread: GoldenThread) -> set[int]:
    return {gap.subject_id for gap in thread.gaps if gap.kind is GapKind.MEASUREMENT_OVERDUE}


def rating_counts(thread: GoldenThread) -> Counter[str]:
    """How many KPIs stand at each rating word (NO_DATA for those never measured)."""
    return Counter(kpi.rag_text for kpi in thread.kpis)


def counts_text(counts: Counter[str]) -> str:
    """'4 Green, 1 Amber, 2 Red' in board order (worst first), zeros left out."""
    return ", ".join(f"{counts[word]} {word}" for word in RATING_ORDER if counts[word])


def _key_figures(thread: GoldenThread) -> KeyFigures:
    counts = rating_counts(thread)
    overdue = len(_overdue_ids(thread))
    structural = [gap for gap in thread.gaps if gap.kind is not GapKind.MEASUREMENT_OVERDUE]
    return KeyFigures(
        (
            KeyFigure("KPIs", str(len(thread.kpis)), note=counts_text(counts)),
            KeyFigure("KPIs rated Red", str(counts["Red"]), rating="Red" if counts["Red"] else ""),
            KeyFigure("Measurements overdue", str(overdue), rating="Overdue" if overdue else ""),
            KeyFigure("Gaps in the thread", str(len(structural))),
        )
    )


def _lead_text(thread: GoldenThread) -> str:
    counts = rating_counts(thread)
    parts = [
        f"{len(thread.objectives)} objectives are delivered through {len(thread.services)} "
        f"services and measured by {len(thread.kpis)} KPIs."
    ]
    if thread.kpis:
        parts.append(f"Latest ratings: {counts_text(counts)}.")
    structural = sum(gap.kind is not GapKind.MEASUREMENT_OVERDUE for gap in thread.gaps)
    if structural:
        parts.append(f"The thread has {structural} gap{'' if structural == 1 else 's'}.")
    return " ".join(parts)


def _gap_block(thread: GoldenThread) -> Block:
    if not thread.gaps:
        return Paragraph(
            "No gaps: every objective serves a corporate outcome and is measured by a KPI, "
            "every service and KPI serves an objective, and no measurement is overdue.",
            "note",
        )
    items = [gap.message for gap in thread.gaps[:GAPS_SHOWN]]
    hidden = len(thread.gaps) - GAPS_SHOWN
    if hidden > 0:
        items.append(f"… and {hidden} more gaps.")
    return Bullets(tuple(items))


# ----- KPI performance ---------------------------------------------------------------


def _kpi_blocks(thread: GoldenThread, history: History, context: PackContext) -> list[Block]:
    blocks: list[Block] = [Subheading("KPI performance")]
    if not thread.kpis:
        blocks.append(Paragraph("No KPIs are recorded for this project.", "empty"))
    else:
        blocks += [_performance_table(thread, history), _rating_chart(thread)]
        blocks += [Subheading("KPI trends against target"), *_trend_charts(thread, history)]
    blocks += [Subheading("KPI movements since the last pack"), *_movement_blocks(context)]
    return blocks


def _by_severity(kpis: tuple[KpiSummary, ...]) -> list[KpiSummary]:
    return sorted(kpis, key=lambda kpi: (RATING_ORDER.index(kpi.rag_text), kpi.code))


def target_text(kpi: KpiSummary) -> str:
    """The target with the way it is met: '≥ 85%' or '≤ 2 per month'."""
    sign = "≥" if kpi.direction is KpiDirection.HIGHER_IS_BETTER else "≤"
    return f"{sign} {format_measure(kpi.target, kpi.unit)}"


def trend_word(direction: KpiDirection, values: list[float]) -> str:
    """'Improving', 'Worsening' or 'Steady' from the last two values; '' with fewer."""
    if len(values) < 2:
        return ""
    previous, latest = values[-2], values[-1]
    if math.isclose(previous, latest, rel_tol=1e-9, abs_tol=1e-12):
        return "Steady"
    better = latest > previous if direction is KpiDirection.HIGHER_IS_BETTER else latest < previous
    return "Improving" if better else "Worsening"


def _performance_table(thread: GoldenThread, history: History) -> Block:
    overdue = _overdue_ids(thread)
    kpis = _by_severity(thread.kpis)
    rows = tuple(
        (
            kpi.label,
            target_text(kpi),
            format_measure(kpi.latest_value, kpi.unit) or "Not measured",
            kpi.rag_text,
            trend_word(kpi.direction, [value for _, value in history.get(kpi.id, [])]),
            format_date(kpi.latest_period_end),
            "Overdue" if kpi.id in overdue else "",
        )
        for kpi in kpis[:KPIS_SHOWN]
    )
    columns = (
        Column("KPI", 3.4),
        Column("Target", 1.4),
        Column("Latest", 1.3, align="right"),
        Column("Rating", 1.0, rating=True),
        Column("Trend", 1.2),
        Column("Period to", 1.2),
        Column("Measurement", 1.3, rating=True),
    )
    hidden = len(kpis) - KPIS_SHOWN
    caption = "Worst-rated first. Trend compares the latest measurement with the one before."
    if hidden > 0:
        caption += f" The {hidden} best-rated KPIs are not listed."
    return Table(columns, rows, caption=caption)


def _rating_chart(thread: GoldenThread) -> Block:
    counts = rating_counts(thread)
    words = tuple(word for word in RATING_ORDER if counts[word])
    # One series per rating, each with a value only in its own bar, so that stacking
    # colours every bar by its word.
    series = tuple(
        Series(word, tuple(float(counts[word]) if w == word else None for w in words), word)
        for word in words
    )
    return BarChart(
        title="KPIs by latest rating",
        categories=words,
        series=series,
        y_label="Number of KPIs",
        x_label="Latest rating",
        stacked=True,
    )


def _trend_charts(thread: GoldenThread, history: History) -> list[Block]:
    charted = [kpi for kpi in _by_severity(thread.kpis) if len(history.get(kpi.id, [])) >= 2]
    if not charted:
        return [Paragraph("No KPI has enough measurements to show a trend yet.", "empty")]
    blocks: list[Block] = [_trend_chart(kpi, history[kpi.id]) for kpi in charted[:CHARTS_SHOWN]]
    hidden = len(charted) - CHARTS_SHOWN
    if hidden > 0:
        blocks.append(
            Paragraph(
                f"The {CHARTS_SHOWN} worst-rated KPIs are charted; {hidden} more are "
                "in the KPI register.",
                "note",
            )
        )
    return blocks


def _trend_chart(kpi: KpiSummary, measurements: list[tuple[dt.date, float]]) -> LineChart:
    shown = measurements[-CHART_POINTS:]
    return LineChart(
        title=f"{kpi.label} ({kpi.rag_text})",
        x_labels=tuple(period_end.strftime("%b %Y") for period_end, _ in shown),
        series=(
            Series("Actual", tuple(value for _, value in shown), "actual"),
            Series("Target", tuple(kpi.target for _ in shown), "target", dashed=True),
        ),
        y_label=kpi.unit.strip() or "Value",
        x_label="Period ending",
    )


# ----- the chain ---------------------------------------------------------------------


def _chain_table(thread: GoldenThread) -> Table:
    """One row per objective: the outcome it serves, the services delivering it and the
    KPIs measuring it; services and KPIs serving no objective close the table."""
    services: dict[int, list[str]] = defaultdict(list)
    for service in thread.services:
        for objective_id in service.objective_ids:
            services[objective_id].append(service.name)
    kpis: dict[int, list[str]] = defaultdict(list)
    for kpi in thread.kpis:
        for objective_id in kpi.objective_ids:
            kpis[objective_id].append(kpi.label)
    rows = [
        (
            objective.outcome.label if objective.outcome else "None (gap)",
            objective.label,
            "; ".join(services[objective.id]) or "None",
            "; ".join(kpis[objective.id]) or "None (gap)",
        )
        for objective in thread.objectives
    ]
    loose_services = [s.name for s in thread.services if not s.objective_ids]
    loose_kpis = [k.label for k in thread.kpis if not k.objective_ids]
    if loose_services or loose_kpis:
        rows.append(
            ("", "Serving no objective (gap)", "; ".join(loose_services), "; ".join(loose_kpis))
        )
    columns = (
        Column("Corporate outcome", 2.4),
        Column("Objective", 3.0),
        Column("Services", 2.4),
        Column("KPIs", 3.2),
    )
    return Table(columns, tuple(rows), empty_text="No objectives are recorded.")


# ----- movements ---------------------------------------------------------------------

_RANK = {"Green": 3, "Amber": 2, "Red": 1}
#: Words a pack may have used for a KPI with no measurement yet.
_UNMEASURED = {NO_DATA, "Not measured", ""}


def _movement_blocks(context: PackContext) -> list[Block]:
    """KPI ratings now against those the previous pack reported, changed ones only."""
    previous = context.previous
    if previous is None:
        return [Paragraph(FIRST_PACK, "note")]
    now, label = context.current.kpi_ratings, context.previous_label or "the last pack"
    moved = []
    for name in sorted(set(now) | set(previous.kpi_ratings)):
        before, after = previous.kpi_ratings.get(name), now.get(name)
        if _normal(before) != _normal(after):
            moved.append(
                (name, before or "Not reported", after or "Not reported", _movement(before, after))
            )
    if not moved:
        return [Paragraph(f"No KPI changed rating since {label}.", "note")]
    columns = (
        Column("KPI", 4.0),
        Column(f"At {label}", 1.8, rating=True),
        Column("Now", 1.5, rating=True),
        Column("Movement", 1.5),
    )
    return [Table(columns, tuple(moved))]


def _normal(word: str | None) -> str | None:
    """The same rating whatever word a pack used for 'not measured'; None when absent."""
    if word is None:
        return None
    return NO_DATA if word in _UNMEASURED else word


def _movement(before: str | None, after: str | None) -> str:
    if before is None:
        return "New KPI"
    if after is None:
        return "No longer reported"
    old, new = _RANK.get(before), _RANK.get(after)
    if old is None or new is None:
        return "First measured" if old is None and new is not None else "No longer measured"
    return "Improved" if new > old else "Worsened"


# ----- benefits ----------------------------------------------------------------------

BENEFITS_SHOWN = 10


def _benefit_blocks(db: Database, project_id: int) -> list[Block]:
    benefits = list_benefits(db, project_id)
    if not benefits:
        return [Paragraph("No benefits are recorded for this project.", "empty")]
    # Counted by kind of progress ("part realised"), not by each benefit's own percentage.
    words = Counter(BenefitProgress(benefit.progress.status).text for benefit in benefits)
    summary = ", ".join(f"{count} {text[:1].lower()}{text[1:]}" for text, count in words.items())
    blocks: list[Block] = [
        Paragraph(f"{len(benefits)} benefits and dis-benefits are recorded: {summary}."),
        Table(
            (
                Column("Benefit", 3.4),
                Column("Measure", 2.2),
                Column("Baseline to target", 1.7),
                Column("Realised", 1.2, align="right"),
                Column("Progress", 1.9),
                Column("Expected", 1.2),
            ),
            tuple(_benefit_row(benefit) for benefit in benefits[:BENEFITS_SHOWN]),
        ),
    ]
    hidden = len(benefits) - BENEFITS_SHOWN
    if hidden > 0:
        blocks.append(Paragraph(f"… and {hidden} more benefits are not listed.", "note"))
    return blocks


def _benefit_row(benefit: BenefitRow) -> tuple[str, ...]:
    kind = "" if benefit.kind.value == "benefit" else f"{benefit.kind.label}: "
    journey = ""
    if benefit.baseline is not None or benefit.target is not None:
        baseline = format_measure(benefit.baseline, benefit.unit) or "?"
        journey = f"{baseline} → {format_measure(benefit.target, benefit.unit) or '?'}"
    return (
        f"{kind}{benefit.description}",
        benefit.measure,
        journey,
        format_measure(benefit.realised_value, benefit.unit),
        benefit.progress.text,
        format_date(benefit.expected_on),
    )
