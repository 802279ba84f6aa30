"""The duty-to-warn log: warnings raised by (or due from) expert suppliers and strategic
partners, the council's response, and a prompt where one has gone quiet.

These are the records examined when a dispute reaches court, so every entry keeps who
raised it, when, how it was communicated and what the council did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from commissioner.errors import ValidationError
from commissioner.models import DutyToWarnEntry, OrganisationSettings, ProjectSupplier, Supplier
from commissioner.models.enums import SupplierCategory, SupplierRole, WarningStatus
from commissioner.models.supplier_rules import owes_duty_to_warn, warning_prompt_due
from commissioner.services.golden_thread_records import Removal, assign, load, remove
from commissioner.services.supplier_input import (
    date_field,
    name_order,
    optional_line,
    required_line,
)
from commissioner.storage import Database


@dataclass(frozen=True)
class WarningInput:
    """A log entry as typed: the date still text."""

    raised_on: str
    subject: str
    raised_by: str = ""
    how_communicated: str = ""
    council_response: str = ""
    status: WarningStatus = WarningStatus.OPEN


@dataclass(frozen=True)
class WarningRow:
    id: int
    relationship_id: int
    supplier_name: str
    raised_on: dt.date
    subject: str
    raised_by: str
    how_communicated: str
    council_response: str
    status: WarningStatus

    def as_input(self) -> WarningInput:
        return WarningInput(
            raised_on=self.raised_on.strftime("%d/%m/%Y"),
            subject=self.subject,
            raised_by=self.raised_by,
            how_communicated=self.how_communicated,
            council_response=self.council_response,
            status=self.status,
        )


def validate_warning(form: WarningInput, today: dt.date) -> dict[str, object]:
    problems: dict[str, str] = {}
    values: dict[str, object] = {
        "raised_on": date_field(
            problems, "raised_on", form.raised_on, today, required=True, noun="date raised"
        ),
        "subject": required_line(problems, "subject", form.subject, "warning's subject", 300),
        "raised_by": optional_line(problems, "raised_by", form.raised_by, "name", 200),
        "how_communicated": optional_line(
            problems, "how_communicated", form.how_communicated, "means of communication", 200
        ),
        "council_response": form.council_response.strip(),
        "status": WarningStatus(form.status),
    }
    if values["status"] is not WarningStatus.OPEN and not values["council_response"]:
        problems["council_response"] = "Record the council's response before marking it answered."
    if problems:
        raise ValidationError(problems)
    return values


def list_warnings(db: Database, project_id: int) -> list[WarningRow]:
    """Every warning on the project, newest first."""
    query = (
        select(DutyToWarnEntry, Supplier.name)
        .join(ProjectSupplier, ProjectSupplier.id == DutyToWarnEntry.project_supplier_id)
        .join(Supplier, Supplier.id == ProjectSupplier.supplier_id)
        .where(ProjectSupplier.project_id == project_id)
        .order_by(DutyToWarnEntry.raised_on.desc(), DutyToWarnEntry.id.desc())
    )
    with db.session() as session:
        return [
            WarningRow(
                id=entry.id,
                relationship_id=entry.project_supplier_id,
                supplier_name=name,
                raised_on=entry.raised_on,
                subject=entry.subject,
                raised_by=entry.raised_by,
                how_communicated=entry.how_communicated,
                council_response=entry.council_response,
                status=entry.status,
            )
            for entry, name in session.execute(query)
        ]


def add_warning(db: Database, relationship_id: int, form: WarningInput, today: dt.date) -> int:
    """Log a warning from a supplier; only those owing the duty to warn have a log."""
    values = validate_warning(form, today)
    with db.session() as session:
        link = load(session, ProjectSupplier, relationship_id, "supplier relationship")
        if not SupplierCategory(link.category).carries_duty_to_warn:
            raise ValidationError(
                {
                    "relationship_id": "General suppliers owe no duty to warn; change the "
                    "category first if this supplier is acting as an expert."
                }
            )
        entry = DutyToWarnEntry(**values)
        link.warnings.append(entry)
        session.flush()
        return entry.id


def update_warning(db: Database, warning_id: int, form: WarningInput, today: dt.date) -> None:
    values = validate_warning(form, today)
    with db.session() as session:
        assign(load(session, DutyToWarnEntry, warning_id, "warning"), values)


def delete_warning(db: Database, warning_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, DutyToWarnEntry, warning_id, "warning"))


@dataclass(frozen=True)
class WarningPrompt:
    """A supplier owing the duty to warn that has raised nothing in the period."""

    relationship_id: int
    supplier_name: str
    category: SupplierCategory
    last_raised: dt.date | None
    period_days: int

    @property
    def message(self) -> str:
        since = (
            f"its last was on {self.last_raised:%d/%m/%Y}"
            if self.last_raised
            else "it has raised none"
        )
        return (
            f"{self.supplier_name} ({self.category.label.lower()}) has raised no warning in "
            f"{self.period_days} days; {since}. Ask whether it sees risks in our requirements."
        )


def prompt_period(db: Database) -> int:
    with db.session() as session:
        settings = session.get(OrganisationSettings, 1)
        return settings.duty_to_warn_prompt_days if settings else 90


def warning_prompts(db: Database, project_id: int, today: dt.date) -> list[WarningPrompt]:
    """Suppliers owing the duty to warn that have raised none in the council's period."""
    period = prompt_period(db)
    query = (
        select(ProjectSupplier, Supplier.name)
        .join(Supplier, Supplier.id == ProjectSupplier.supplier_id)
        .where(ProjectSupplier.project_id == project_id)
    )
    prompts = []
    with db.session() as session:
        for link, name in session.execute(query):
            if not owes_duty_to_warn(link.category, SupplierRole(link.role)):
                continue
            raised = [entry.raised_on for entry in link.warnings]
            if warning_prompt_due(link.category, link.role, raised, today, period):
                prompts.append(
                    WarningPrompt(link.id, name, link.category, max(raised, default=None), period)
                )
    return sorted(prompts, key=lambda prompt: name_order(prompt.supplier_name))
