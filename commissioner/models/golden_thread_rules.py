"""Rules of the golden thread: KPI RAG ratings, overdue measurements and gaps in the chain.

Pure functions over plain values, so the services, the interface and governance packs
all rate a KPI, and find a gap, the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from commissioner.models.dates import format_date
from commissioner.models.enums import KpiDirection, MeasurementFrequency, Rag

#: Shown wherever a KPI has no measurement to rate: never a colour alone, never blank.
NO_DATA = "No data"


def _at_or_beyond(value: float, threshold: float, direction: KpiDirection) -> bool:
    """Whether ``value`` meets ``threshold``; values within rounding of it count as on it."""
    if math.isclose(value, threshold, rel_tol=1e-9, abs_tol=1e-12):
        return True
    if direction is KpiDirection.HIGHER_IS_BETTER:
        return value > threshold
    return value < threshold


def amber_threshold(target: float, tolerance: float, direction: KpiDirection) -> float:
    """The worst value still rated amber: ``tolerance`` (in the KPI's unit) short of target."""
    if direction is KpiDirection.HIGHER_IS_BETTER:
        return target - tolerance
    return target + tolerance


def kpi_rag(value: float, target: float, tolerance: float, direction: KpiDirection) -> Rag:
    """Rate one measurement against its KPI's target.

    Higher is better: green at or above target, amber at or above target − tolerance,
    red below that. Lower is better mirrors it: green at or below target, amber at or
    below target + tolerance. A value exactly on a threshold gets the better rating.
    """
    if _at_or_beyond(value, target, direction):
        return Rag.GREEN
    if _at_or_beyond(value, amber_threshold(target, tolerance, direction), direction):
        return Rag.AMBER
    return Rag.RED


def latest_rag(
    measurements: Iterable[tuple[dt.date, float]],
    target: float,
    tolerance: float,
    direction: KpiDirection,
) -> Rag | None:
    """The rating of the most recent ``(period_end, value)``; None when there is none."""
    latest = max(measurements, key=lambda measurement: measurement[0], default=None)
    if latest is None:
        return None
    return kpi_rag(latest[1], target, tolerance, direction)


def rag_text(rag: Rag | None) -> str:
    """'Green', 'Amber', 'Red', or 'No data' for a KPI not yet measured."""
    return rag.label if rag is not None else NO_DATA


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; a month end stays a month end.

    31/01 + 1 month is 28/02 (29/02 in a leap year); 30/04 + 1 month is 31/05,
    because a period that ended on the last day of April is followed by one ending on
    the last day of May.
    """
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    is_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last_day if is_month_end else min(day.day, last_day))


def next_period_end(last_period_end: dt.date, frequency: MeasurementFrequency) -> dt.date:
    """The end of the reporting period after the one that ended on ``last_period_end``."""
    return add_months(last_period_end, frequency.months)


def measurement_due_by(last_period_end: dt.date, frequency: MeasurementFrequency) -> dt.date:
    """The last day the next measurement can arrive before the KPI counts as overdue.

    The next period ends one period after ``last_period_end``; its measurement is
    then allowed one more period (the grace) to be collected, checked and recorded.
    So a monthly KPI last measured for the period ending 31/01 is due by 31/03, and
    a quarterly one last measured for 31/12 is due by 30/06.
    """
    return add_months(last_period_end, 2 * frequency.months)


def measurement_overdue(
    last_period_end: dt.date | None, frequency: MeasurementFrequency, today: dt.date
) -> bool:
    """Whether a KPI's measurements have fallen behind its reporting frequency.

    Overdue means ``today`` is after ``measurement_due_by(last_period_end, frequency)``:
    a whole period has ended with nothing recorded for it, and the one-period grace for
    reporting it has run out as well. A KPI never measured is not overdue (it rates
    "No data"): its measurement starts when the service does.
    """
    if last_period_end is None:
        return False
    return today > measurement_due_by(last_period_end, frequency)


def next_code(prefix: str, existing: Iterable[str]) -> str:
    """The next free code in a series such as O1, O2… or K1, K2…"""
    pattern = re.compile(rf"{re.escape(prefix)}(\d+)", re.IGNORECASE)
    numbers = [int(match.group(1)) for code in existing if (match := pattern.fullmatch(code))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def format_measure(value: float | None, unit: str = "") -> str:
    """A value with its unit as a commissioner writes it: '96.5%', '1,240 per 100,000'."""
    if value is None:
        return ""
    rounded = round(value, 2)
    text = f"{rounded:,.2f}".rstrip("0").rstrip(".") if rounded % 1 else f"{rounded:,.0f}"
    text = text.replace("-", "−")
    unit = unit.strip()
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if unit in ("£", "$", "€"):
        return f"{text[0]}{unit}{text[1:]}" if text.startswith("−") else f"{unit}{text}"
    return f"{text} {unit}"


# ----- gaps in the golden thread ------------------------------------------------------


class GapKind(StrEnum):
    """The ways a golden thread can break."""

    OBJECTIVE_WITHOUT_OUTCOME = "objective_without_outcome"
    OBJECTIVE_NOT_MEASURED = "objective_not_measured"
    SERVICE_WITHOUT_OBJECTIVE = "service_without_objective"
    KPI_WITHOUT_OBJECTIVE = "kpi_without_objective"
    MEASUREMENT_OVERDUE = "measurement_overdue"

    @property
    def label(self) -> str:
        """A few words for a flag beside the record."""
        return {
            GapKind.OBJECTIVE_WITHOUT_OUTCOME: "No corporate outcome",
            GapKind.OBJECTIVE_NOT_MEASURED: "No KPI measures it",
            GapKind.SERVICE_WITHOUT_OBJECTIVE: "Serves no objective",
            GapKind.KPI_WITHOUT_OBJECTIVE: "Serves no objective",
            GapKind.MEASUREMENT_OVERDUE: "Measurement overdue",
        }[self]

    @property
    def subject_kind(self) -> str:
        """Which kind of record the gap is on: 'objective', 'service' or 'kpi'."""
        if self is GapKind.MEASUREMENT_OVERDUE:
            return "kpi"
        return self.value.split("_", 1)[0]


@dataclass(frozen=True)
class ThreadObjective:
    id: int
    label: str
    serves_outcome: bool


@dataclass(frozen=True)
class ThreadService:
    id: int
    label: str
    objective_ids: frozenset[int]


@dataclass(frozen=True)
class ThreadKpi:
    id: int
    label: str
    objective_ids: frozenset[int]
    frequency: MeasurementFrequency
    last_period_end: dt.date | None


@dataclass(frozen=True)
class ThreadLinks:
    """One project's golden thread as plain data: who links to whom."""

    objectives: Sequence[ThreadObjective]
    services: Sequence[ThreadService]
    kpis: Sequence[ThreadKpi]
    #: False once measurement has stopped (a closed project): nothing can be overdue.
    measurements_expected: bool = True


@dataclass(frozen=True)
class Gap:
    """A broken or missing link, on one record, with what to do about it."""

    kind: GapKind
    subject_id: int
    subject: str
    message: str


def find_gaps(thread: ThreadLinks, today: dt.date) -> list[Gap]:
    """Every gap in ``thread``: objectives first, then services, then KPIs, in their order."""
    measured = {objective_id for kpi in thread.kpis for objective_id in kpi.objective_ids}
    gaps: list[Gap] = []
    for objective in thread.objectives:
        gaps += _objective_gaps(objective, measured)
    for service in thread.services:
        if not service.objective_ids:
            gaps.append(_gap(GapKind.SERVICE_WITHOUT_OBJECTIVE, service.id, service.label))
    for kpi in thread.kpis:
        gaps += _kpi_gaps(kpi, today if thread.measurements_expected else None)
    return gaps


def _objective_gaps(objective: ThreadObjective, measured: set[int]) -> list[Gap]:
    gaps = []
    if not objective.serves_outcome:
        gaps.append(_gap(GapKind.OBJECTIVE_WITHOUT_OUTCOME, objective.id, objective.label))
    if objective.id not in measured:
        gaps.append(_gap(GapKind.OBJECTIVE_NOT_MEASURED, objective.id, objective.label))
    return gaps


def _kpi_gaps(kpi: ThreadKpi, today: dt.date | None) -> list[Gap]:
    gaps = []
    if not kpi.objective_ids:
        gaps.append(_gap(GapKind.KPI_WITHOUT_OBJECTIVE, kpi.id, kpi.label))
    last = kpi.last_period_end
    if today is not None and last is not None and measurement_overdue(last, kpi.frequency, today):
        due = measurement_due_by(last, kpi.frequency)
        message = (
            f"{kpi.label} is overdue: last measured for the period ending {format_date(last)}; "
            f"the next {kpi.frequency.label.lower()} measurement was due by {format_date(due)}."
        )
        gaps.append(Gap(GapKind.MEASUREMENT_OVERDUE, kpi.id, kpi.label, message))
    return gaps


_MESSAGES = {
    GapKind.OBJECTIVE_WITHOUT_OUTCOME: "{} serves no corporate outcome: link it to the "
    "outcome it contributes to, so the thread reaches the council's strategy.",
    GapKind.OBJECTIVE_NOT_MEASURED: "No KPI measures {}: add a KPI for it, or link an "
    "existing KPI to it.",
    GapKind.SERVICE_WITHOUT_OBJECTIVE: "{} serves no objective: link it to the objectives "
    "it delivers.",
    GapKind.KPI_WITHOUT_OBJECTIVE: "{} serves no objective: link it to the objective it "
    "measures, or retire it.",
}


def _gap(kind: GapKind, subject_id: int, subject: str) -> Gap:
    return Gap(kind, subject_id, subject, _MESSAGES[kind].format(subject))


# ----- benefits realisation ------------------------------------------------------------


class Realisation(StrEnum):
    """How far a benefit (or dis-benefit) has been realised against its target."""

    NOT_MEASURED = "not_measured"
    NO_TARGET = "no_target"
    TARGET_MET = "target_met"
    PART_REALISED = "part_realised"
    NO_IMPROVEMENT = "no_improvement"
    WORSE_THAN_BASELINE = "worse_than_baseline"
    ABOVE_TARGET = "above_target"
    BELOW_TARGET = "below_target"
    WITHIN_EXPECTED = "within_expected"
    WORSE_THAN_EXPECTED = "worse_than_expected"


@dataclass(frozen=True)
class BenefitProgress:
    status: Realisation
    #: Share of the way from baseline to target (1.0 = target met); None if unknown.
    fraction: float | None = None

    @property
    def text(self) -> str:
        """The progress in words, e.g. 'Target met' or '62% of the way to target'."""
        if self.status is Realisation.PART_REALISED and self.fraction is not None:
            return f"{self.fraction:.0%} of the way to target"
        return _REALISATION_WORDS[self.status]


_REALISATION_WORDS = {
    Realisation.NOT_MEASURED: "Not yet measured",
    Realisation.NO_TARGET: "Measured; no target to compare",
    Realisation.TARGET_MET: "Target met",
    Realisation.PART_REALISED: "Part realised",
    Realisation.NO_IMPROVEMENT: "No change from baseline",
    Realisation.WORSE_THAN_BASELINE: "Worse than baseline",
    Realisation.ABOVE_TARGET: "Above target (no baseline to say if better)",
    Realisation.BELOW_TARGET: "Below target (no baseline to say if better)",
    Realisation.WITHIN_EXPECTED: "Within the expected level",
    Realisation.WORSE_THAN_EXPECTED: "Worse than expected",
}


def benefit_progress(
    baseline: float | None,
    target: float | None,
    realised: float | None,
    *,
    dis_benefit: bool = False,
) -> BenefitProgress:
    """Compare a realised value with the journey from baseline to target.

    The target's side of the baseline says which way is better, so reductions (fewer
    complaints, lower cost) and increases work alike. With no baseline that direction
    is unknown, so the words only say whether the value is on, above or below target.
    A dis-benefit is measured by its size: the target is the level the project
    accepted, and beyond it (further from the baseline, or above it when there is no
    baseline) is worse than expected.
    """
    if realised is None:
        return BenefitProgress(Realisation.NOT_MEASURED)
    if target is None:
        return BenefitProgress(Realisation.NO_TARGET)
    if baseline is None or math.isclose(baseline, target):
        on_target = math.isclose(realised, target)
        above = realised > target and not on_target
        if dis_benefit:
            return BenefitProgress(_dis_benefit_status(above))
        if on_target:
            return BenefitProgress(Realisation.TARGET_MET)
        return BenefitProgress(Realisation.ABOVE_TARGET if above else Realisation.BELOW_TARGET)
    fraction = (realised - baseline) / (target - baseline)
    if dis_benefit:
        return BenefitProgress(_dis_benefit_status(fraction > 1 and not math.isclose(fraction, 1)))
    return BenefitProgress(_benefit_status(fraction), fraction)


def _dis_benefit_status(worse: bool) -> Realisation:
    return Realisation.WORSE_THAN_EXPECTED if worse else Realisation.WITHIN_EXPECTED


def _benefit_status(fraction: float) -> Realisation:
    if fraction >= 1 or math.isclose(fraction, 1.0):
        return Realisation.TARGET_MET
    if math.isclose(fraction, 0.0, abs_tol=1e-9):
        return Realisation.NO_IMPROVEMENT
    return Realisation.PART_REALISED if fraction > 0 else Realisation.WORSE_THAN_BASELINE
