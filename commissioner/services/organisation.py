"""Council-wide settings stored in the file and shared by everyone who opens it."""

from __future__ import annotations

from dataclasses import dataclass

from commissioner.errors import ValidationError
from commissioner.models import OrganisationSettings
from commissioner.models.cost_rules import DEFAULT_AMBER_PERCENT, DEFAULT_RED_PERCENT
from commissioner.models.enums import ConfidenceScale, ProtectiveMarking
from commissioner.models.supplier_rules import PROMPT_DAYS_MAX, PROMPT_DAYS_MIN
from commissioner.services.budgets import parse_tolerances, percent_text
from commissioner.services.changes import Area, Change
from commissioner.storage import Database


@dataclass(frozen=True)
class OrganisationView:
    council_name: str
    default_marking: ProtectiveMarking
    confidence_scale: ConfidenceScale
    financial_year_start_month: int = 4
    #: Days an expert supplier may go without a warning before the log prompts.
    duty_to_warn_prompt_days: int = 90
    #: The council's cost tolerances as typed, in % over budget ('5', '7.5'): a project's
    #: cost is Amber at or over the first and Red at or over the second, unless the
    #: project sets its own.
    cost_amber_percent: str = f"{DEFAULT_AMBER_PERCENT}"
    cost_red_percent: str = f"{DEFAULT_RED_PERCENT}"


def get_organisation(db: Database) -> OrganisationView:
    with db.session() as session:
        settings = session.get(OrganisationSettings, 1) or OrganisationSettings()
        return OrganisationView(
            council_name=settings.council_name or "",
            default_marking=settings.default_marking or ProtectiveMarking.OFFICIAL,
            confidence_scale=settings.confidence_scale or ConfidenceScale.FIVE_POINT,
            financial_year_start_month=settings.financial_year_start_month or 4,
            duty_to_warn_prompt_days=settings.duty_to_warn_prompt_days or 90,
            # 0% is a valid amber tolerance, so only a row not yet saved takes the default.
            cost_amber_percent=percent_text(_or(settings.cost_amber_tolerance_bp, 500)),
            cost_red_percent=percent_text(_or(settings.cost_red_tolerance_bp, 1000)),
        )


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _cost_tolerances(view: OrganisationView, problems: dict[str, str]) -> tuple[int, int]:
    """The council's amber and red tolerances in basis points; both must be given."""
    found: dict[str, str] = {}
    for key, text in (
        ("amber_percent", view.cost_amber_percent),
        ("red_percent", view.cost_red_percent),
    ):
        if not text.strip():
            found[key] = "Give a tolerance as a percentage over budget, e.g. 5."
    amber, red = parse_tolerances(view.cost_amber_percent, view.cost_red_percent, found)
    for key, message in found.items():
        problems[f"cost_{key}"] = message
    return _or(amber, 0), _or(red, 0)


def update_organisation(db: Database, view: OrganisationView) -> Change:
    """Save the settings; the previous ones are what ``get_organisation`` returned before."""
    name = " ".join(view.council_name.split())
    problems: dict[str, str] = {}
    if len(name) > 200:
        problems["council_name"] = "Keep the council's name under 200 characters."
    if not 1 <= view.financial_year_start_month <= 12:
        problems["financial_year_start_month"] = "Choose a month from January to December."
    if not PROMPT_DAYS_MIN <= view.duty_to_warn_prompt_days <= PROMPT_DAYS_MAX:
        problems["duty_to_warn_prompt_days"] = (
            f"Give the duty-to-warn period as {PROMPT_DAYS_MIN} to {PROMPT_DAYS_MAX} days."
        )
    amber_bp, red_bp = _cost_tolerances(view, problems)
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        settings = session.get(OrganisationSettings, 1)
        if settings is None:
            settings = OrganisationSettings(id=1)
            session.add(settings)
        settings.council_name = name
        settings.default_marking = view.default_marking
        settings.confidence_scale = view.confidence_scale
        settings.financial_year_start_month = view.financial_year_start_month
        settings.duty_to_warn_prompt_days = view.duty_to_warn_prompt_days
        settings.cost_amber_tolerance_bp = amber_bp
        settings.cost_red_tolerance_bp = red_bp
    return Change(Area.ORGANISATION)
