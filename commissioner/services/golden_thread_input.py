"""What a commissioner types into the golden thread and benefit forms, and its rules.

Each ``validate_*`` checks every field at once and raises ``ValidationError`` whose
``problems`` name each bad field, so a form can show every message beside its field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from commissioner.errors import ValidationError
from commissioner.models.dates import DateFormatError, format_date, parse_date
from commissioner.models.enums import BenefitKind, KpiDirection, MeasurementFrequency

_NUMBER = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


@dataclass(frozen=True)
class ObjectiveInput:
    code: str
    title: str
    description: str = ""
    corporate_outcome_id: int | None = None


@dataclass(frozen=True)
class ServiceInput:
    name: str
    description: str = ""
    objective_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class KpiInput:
    """The KPI form; target and tolerance still as typed."""

    code: str
    name: str
    target: str
    unit: str = ""
    tolerance: str = ""
    direction: KpiDirection = KpiDirection.HIGHER_IS_BETTER
    frequency: MeasurementFrequency = MeasurementFrequency.MONTHLY
    service_id: int | None = None
    objective_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MeasurementInput:
    period_end: str
    value: str
    commentary: str = ""


@dataclass(frozen=True)
class BenefitInput:
    """The benefit form; numbers and the date still as typed."""

    description: str
    kind: BenefitKind = BenefitKind.BENEFIT
    owner: str = ""
    measure: str = ""
    unit: str = ""
    baseline: str = ""
    target: str = ""
    expected_on: str = ""
    realised_value: str = ""
    objective_id: int | None = None


@dataclass(frozen=True)
class ValidKpi:
    code: str
    name: str
    unit: str
    target: float
    tolerance: float
    direction: KpiDirection
    frequency: MeasurementFrequency


@dataclass(frozen=True)
class ValidMeasurement:
    period_end: dt.date
    value: float
    commentary: str


@dataclass(frozen=True)
class ValidBenefit:
    kind: BenefitKind
    description: str
    owner: str
    measure: str
    unit: str
    baseline: float | None
    target: float | None
    expected_on: dt.date | None
    realised_value: float | None
    objective_id: int | None


def number_text(value: float | None) -> str:
    """How a stored number reappears in a form: no trailing '.0', no exponent."""
    if value is None:
        return ""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parse_number(text: str) -> float | None:
    """Read '95', '12.5', '1,240', '−3' or '96.5%'; blank gives None.

    Raises ValueError with a message a commissioner can act on.
    """
    cleaned = text.strip().removesuffix("%").strip().replace(" ", "")
    if not cleaned:
        return None
    if not _NUMBER.fullmatch(cleaned) or cleaned in ("-", "−", "."):
        raise ValueError(f"“{text.strip()}” is not a number; type digits, e.g. 95 or 12.5.")
    return float(cleaned.replace(",", "").replace("−", "-"))


def clean_text(text: str) -> str:
    """One line of text with runs of spaces collapsed."""
    return " ".join(text.split())


def _text(text: str, field: str, problems: dict[str, str], *, limit: int, blank: str = "") -> str:
    """Cleaned text; records ``blank`` as the problem when it is required but empty."""
    cleaned = clean_text(text)
    if blank and not cleaned:
        problems[field] = blank
    elif len(cleaned) > limit:
        problems[field] = f"Keep this under {limit} characters."
    return cleaned


def code_text(text: str, field: str, what: str, problems: dict[str, str]) -> str:
    """A short code such as O1 or K3: no spaces, upper case, at most 20 characters."""
    code = re.sub(r"\s+", "", text).upper()
    if not code:
        problems[field] = f"Give the {what} a short code, e.g. {what[0].upper()}1."
    elif len(code) > 20:
        problems[field] = "Keep the code to 20 characters or fewer."
    return code


def _number(text: str, field: str, problems: dict[str, str]) -> float | None:
    try:
        return parse_number(text)
    except ValueError as error:
        problems[field] = str(error)
        return None


def _date(text: str, field: str, problems: dict[str, str]) -> dt.date | None:
    try:
        value = parse_date(text)
    except DateFormatError as error:
        problems[field] = str(error)
        return None
    if value is not None and not 1990 <= value.year <= 2100:
        problems[field] = f"{format_date(value)} is outside 1990–2100; check the year."
        return None
    return value


def validate_objective(form: ObjectiveInput, *, code_taken: bool) -> ObjectiveInput:
    """Check the objective form; returns it cleaned (code upper case, spaces tidied)."""
    problems: dict[str, str] = {}
    code = code_text(form.code, "code", "objective", problems)
    if code and "code" not in problems and code_taken:
        problems["code"] = f"Another objective in this project already uses the code {code}."
    title = _text(form.title, "title", problems, limit=300, blank="Give the objective a title.")
    if problems:
        raise ValidationError(problems)
    return ObjectiveInput(code, title, form.description.strip(), form.corporate_outcome_id)


def validate_service(form: ServiceInput) -> ServiceInput:
    """Check the service form; returns it cleaned, each objective once."""
    problems: dict[str, str] = {}
    name = _text(form.name, "name", problems, limit=200, blank="Give the service a name.")
    if problems:
        raise ValidationError(problems)
    objective_ids = tuple(dict.fromkeys(form.objective_ids))
    return ServiceInput(name, form.description.strip(), objective_ids)


def validate_kpi(form: KpiInput, *, code_taken: bool) -> ValidKpi:
    """Check the KPI form; target is required, tolerance defaults to 0 and is never negative."""
    problems: dict[str, str] = {}
    code = code_text(form.code, "code", "KPI", problems)
    if code and "code" not in problems and code_taken:
        problems["code"] = f"Another KPI in this project already uses the code {code}."
    name = _text(form.name, "name", problems, limit=200, blank="Give the KPI a name.")
    unit = _text(form.unit, "unit", problems, limit=30)
    target = _number(form.target, "target", problems)
    if target is None and "target" not in problems:
        problems["target"] = "Give the target as a number, e.g. 95."
    tolerance = _number(form.tolerance, "tolerance", problems)
    if tolerance is not None and tolerance < 0:
        problems["tolerance"] = (
            "Tolerance cannot be negative: it is how far short of target still counts as amber."
        )
    if problems:
        raise ValidationError(problems)
    assert target is not None
    return ValidKpi(code, name, unit, target, tolerance or 0.0, form.direction, form.frequency)


def validate_measurement(
    form: MeasurementInput, *, today: dt.date, period_taken: Callable[[dt.date], bool]
) -> ValidMeasurement:
    """Check a measurement: a period that has ended and is not yet measured, and a number.

    ``period_taken`` says whether the KPI already has a measurement for a period end.
    """
    problems: dict[str, str] = {}
    period_end = _date(form.period_end, "period_end", problems)
    if period_end is None and "period_end" not in problems:
        problems["period_end"] = "Give the date the reporting period ended, e.g. 31/03/2026."
    elif period_end is not None and period_end > today:
        problems["period_end"] = (
            f"The period ending {format_date(period_end)} has not ended yet; "
            "record a measurement once its period is over."
        )
    elif period_end is not None and period_taken(period_end):
        problems["period_end"] = (
            f"This KPI already has a measurement for the period ending "
            f"{format_date(period_end)}; edit that one instead of adding another."
        )
    value = _number(form.value, "value", problems)
    if value is None and "value" not in problems:
        problems["value"] = "Give the value measured, as a number."
    if problems:
        raise ValidationError(problems)
    assert period_end is not None and value is not None
    return ValidMeasurement(period_end, value, form.commentary.strip())


def validate_benefit(form: BenefitInput) -> ValidBenefit:
    """Check the benefit form; only the description is required."""
    problems: dict[str, str] = {}
    blank = f"Describe the {form.kind.label.lower()}."
    valid = ValidBenefit(
        kind=form.kind,
        description=_text(form.description, "description", problems, limit=2000, blank=blank),
        owner=_text(form.owner, "owner", problems, limit=200),
        measure=_text(form.measure, "measure", problems, limit=300),
        unit=_text(form.unit, "unit", problems, limit=30),
        baseline=_number(form.baseline, "baseline", problems),
        target=_number(form.target, "target", problems),
        expected_on=_date(form.expected_on, "expected_on", problems),
        realised_value=_number(form.realised_value, "realised_value", problems),
        objective_id=form.objective_id,
    )
    if problems:
        raise ValidationError(problems)
    return valid
