"""What a commissioner types into the project form, and the rules it must meet."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from commissioner.errors import ValidationError
from commissioner.models.dates import DateFormatError, format_date, parse_date
from commissioner.models.enums import (
    DeliveryModel,
    ProjectStatus,
    ProtectiveMarking,
    StageKind,
    SupplierCategory,
)
from commissioner.models.money import MoneyFormatError, format_pounds, parse_pounds
from commissioner.models.projects import REFERENCE_PATTERN

#: Service areas offered in the form; councils may type their own.
SUGGESTED_SERVICE_AREAS = (
    "Adult social care",
    "Children's services",
    "Education and school transport",
    "Highways and transport",
    "Housing",
    "Leisure and culture",
    "Public health",
    "Waste and recycling",
    "Environmental services",
    "Corporate services",
)


@dataclass(frozen=True)
class ProjectInput:
    """The project form's fields as entered; money and dates still as text."""

    reference: str
    name: str
    service_area: str
    description: str = ""
    delivery_model: DeliveryModel = DeliveryModel.UNDECIDED
    supplier_category: SupplierCategory | None = None
    lead_commissioner_id: int | None = None
    sponsor_id: int | None = None
    approved_budget: str = ""
    start_date: str = ""
    end_date: str = ""
    status: ProjectStatus = ProjectStatus.ACTIVE
    protective_marking: ProtectiveMarking = ProtectiveMarking.OFFICIAL


@dataclass(frozen=True)
class ValidProject:
    """A project form that passed every rule, with money in pence and real dates."""

    reference: str
    name: str
    service_area: str
    description: str
    delivery_model: DeliveryModel
    supplier_category: SupplierCategory | None
    lead_commissioner_id: int | None
    sponsor_id: int | None
    approved_budget_pence: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    status: ProjectStatus
    protective_marking: ProtectiveMarking
    initial_stage: StageKind = field(default=StageKind.NEEDS_ASSESSMENT)


def normalise_reference(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def validate_project(form: ProjectInput, *, reference_taken: bool) -> ValidProject:
    """Check every rule at once; raise ValidationError naming each bad field."""
    problems: dict[str, str] = {}
    reference = normalise_reference(form.reference)
    if not reference:
        problems["reference"] = "Give the project a reference, e.g. ASC-2026-01."
    elif not re.fullmatch(REFERENCE_PATTERN, reference):
        problems["reference"] = (
            "A reference is 2–20 capital letters, digits, dashes or slashes, e.g. ASC-2026-01."
        )
    elif reference_taken:
        problems["reference"] = f"Another project already uses the reference {reference}."
    name = " ".join(form.name.split())
    if not name:
        problems["name"] = "Give the project a name."
    elif len(name) > 200:
        problems["name"] = "Keep the name under 200 characters."
    service_area = " ".join(form.service_area.split())
    if not service_area:
        problems["service_area"] = "Choose or type the service area."
    elif len(service_area) > 100:
        problems["service_area"] = "Keep the service area under 100 characters."
    budget = _budget(form.approved_budget, problems)
    start = _date(form.start_date, "start_date", problems)
    end = _date(form.end_date, "end_date", problems)
    if start and end and end < start:
        problems["end_date"] = "The end date is before the start date."
    if form.supplier_category and form.delivery_model is DeliveryModel.IN_HOUSE:
        problems["supplier_category"] = "An in-house service has no supplier category."
    if problems:
        raise ValidationError(problems)
    return ValidProject(
        reference=reference,
        name=name,
        service_area=service_area,
        description=form.description.strip(),
        delivery_model=form.delivery_model,
        supplier_category=form.supplier_category,
        lead_commissioner_id=form.lead_commissioner_id,
        sponsor_id=form.sponsor_id,
        approved_budget_pence=budget,
        start_date=start,
        end_date=end,
        status=form.status,
        protective_marking=form.protective_marking,
    )


def _budget(text: str, problems: dict[str, str]) -> int | None:
    try:
        pence = parse_pounds(text)
    except MoneyFormatError as error:
        problems["approved_budget"] = str(error)
        return None
    if pence is not None and pence <= 0:
        problems["approved_budget"] = (
            "An approved budget must be more than £0; leave it blank if none is approved yet."
        )
    elif pence is not None and pence >= 10**15:
        problems["approved_budget"] = "That budget is implausibly large; check the figure."
    return pence


def _date(text: str, field_name: str, problems: dict[str, str]) -> dt.date | None:
    try:
        value = parse_date(text)
    except DateFormatError as error:
        problems[field_name] = str(error)
        return None
    if value is not None and not 1990 <= value.year <= 2100:
        problems[field_name] = f"{format_date(value)} is outside 1990–2100; check the year."
        return None
    return value


def budget_text(pence: int | None) -> str:
    """How a stored budget reappears in the form."""
    return format_pounds(pence, with_pence=bool(pence and pence % 100)) if pence else ""
