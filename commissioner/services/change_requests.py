"""Change requests: proposed changes of scope, cost, time or quality, decided by an
approver. Approved ones move the current budget; the trail from the original approved
budget lists each one, so nobody has to reconstruct how the budget got where it is.

A scope reduction made to recover cost usually costs quality or benefits: the request
records that, and can be linked to the risk raised for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import AuditEntry, ChangeRequest, Project, RaidItem
from commissioner.models.enums import ChangeRequestStatus
from commissioner.models.money import MoneyFormatError, parse_pounds
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    load,
    remove,
    require_project,
)
from commissioner.services.risk_input import RiskInput
from commissioner.services.risks import create_raid_entry
from commissioner.services.supplier_input import date_field, optional_line
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree, restore_tree

IMPACT_LIMIT_PENCE = 10**15
TIME_LIMIT_DAYS = 3650


@dataclass(frozen=True)
class ChangeRequestInput:
    """The change request form as typed."""

    description: str
    raised_on: str
    scope_change: str = ""
    cost_impact: str = ""
    time_impact_days: str = ""
    quality_impact: str = ""
    scope_reduction: bool = False


@dataclass(frozen=True)
class DecisionInput:
    status: ChangeRequestStatus
    approver: str = ""
    decided_on: str = ""


@dataclass(frozen=True)
class ChangeRequestRow:
    id: int
    reference: str
    raised_on: dt.date
    description: str
    scope_change: str
    cost_impact_pence: int
    time_impact_days: int
    quality_impact: str
    scope_reduction: bool
    status: ChangeRequestStatus
    approver: str
    decided_on: dt.date | None
    risk_id: int | None
    risk_reference: str

    @property
    def needs_risk(self) -> bool:
        """A scope reduction with no quality or benefit risk logged against it."""
        return self.scope_reduction and self.risk_id is None

    def as_input(self) -> ChangeRequestInput:
        return ChangeRequestInput(
            description=self.description,
            raised_on=self.raised_on.strftime("%d/%m/%Y"),
            scope_change=self.scope_change,
            cost_impact=_pounds_text(self.cost_impact_pence),
            time_impact_days=str(self.time_impact_days) if self.time_impact_days else "",
            quality_impact=self.quality_impact,
            scope_reduction=self.scope_reduction,
        )

    def decision(self) -> DecisionInput:
        return DecisionInput(
            self.status,
            self.approver,
            self.decided_on.strftime("%d/%m/%Y") if self.decided_on else "",
        )


def _pounds_text(pence: int) -> str:
    if not pence:
        return ""
    sign = "-" if pence < 0 else ""
    whole, rest = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}" + (f".{rest:02d}" if rest else "")


def _validate(form: ChangeRequestInput, today: dt.date) -> dict[str, object]:
    problems: dict[str, str] = {}
    description = form.description.strip()
    if not description:
        problems["description"] = "Describe the change requested."
    raised_on = date_field(
        problems, "raised_on", form.raised_on, today, required=True, noun="date raised"
    )
    try:
        cost = parse_pounds(form.cost_impact) or 0
    except MoneyFormatError as error:
        problems["cost_impact"] = str(error)
        cost = 0
    if abs(cost) >= IMPACT_LIMIT_PENCE:
        problems["cost_impact"] = "That cost impact is implausibly large; check the figure."
    days = _days(form.time_impact_days, problems)
    if form.scope_reduction and not form.quality_impact.strip():
        problems["quality_impact"] = (
            "Say what the scope reduction does to quality or benefits: that is the risk."
        )
    if problems:
        raise ValidationError(problems)
    return {
        "description": description,
        "raised_on": raised_on,
        "scope_change": form.scope_change.strip(),
        "cost_impact_pence": cost,
        "time_impact_days": days,
        "quality_impact": form.quality_impact.strip(),
        "scope_reduction": bool(form.scope_reduction),
    }


def _days(text: str, problems: dict[str, str]) -> int:
    cleaned = text.strip().removesuffix("days").removesuffix("day").strip()
    if not cleaned:
        return 0
    try:
        days = int(cleaned.replace("−", "-"))
    except ValueError:
        problems["time_impact_days"] = "Give the time impact in whole days, e.g. 30 or -10."
        return 0
    if abs(days) > TIME_LIMIT_DAYS:
        problems["time_impact_days"] = f"Keep the time impact within {TIME_LIMIT_DAYS:,} days."
    return days


def _next_reference(session: Session, project_id: int) -> str:
    """CR-001, CR-002 …: one past every reference the project has ever issued.

    Deleted requests count too (their references live on in the audit trail), so a
    reference never names two different changes and undoing a delete cannot collide.
    """
    current = session.scalars(
        select(ChangeRequest.reference).where(ChangeRequest.project_id == project_id)
    )
    issued = session.scalars(
        select(AuditEntry.new_value).where(
            AuditEntry.project_id == project_id,
            AuditEntry.table_name == ChangeRequest.__tablename__,
            AuditEntry.field == "reference",
        )
    )
    references = [*current, *(r for r in issued if r)]
    numbers = [int(r[3:]) for r in references if r.startswith("CR-") and r[3:].isdigit()]
    return f"CR-{max(numbers, default=0) + 1:03d}"


def add_change_request(
    db: Database, project_id: int, form: ChangeRequestInput, today: dt.date
) -> int:
    """Record a proposed change; it gets the project's next CR reference."""
    values = _validate(form, today)
    with db.session() as session:
        require_project(session, project_id)
        record = ChangeRequest(
            project_id=project_id, reference=_next_reference(session, project_id), **values
        )
        session.add(record)
        session.flush()
        return record.id


def update_change_request(
    db: Database, request_id: int, form: ChangeRequestInput, today: dt.date
) -> None:
    values = _validate(form, today)
    with db.session() as session:
        record = load(session, ChangeRequest, request_id, "change request")
        raised_on = values["raised_on"]
        assert isinstance(raised_on, dt.date)  # _validate refuses a blank date
        if record.decided_on is not None and record.decided_on < raised_on:
            raise ValidationError(
                {"raised_on": f"It was decided on {record.decided_on:%d/%m/%Y}: raised by then."}
            )
        assign(record, values)


def delete_change_request(db: Database, request_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, ChangeRequest, request_id, "change request"))


def decide_change_request(
    db: Database, request_id: int, decision: DecisionInput, today: dt.date
) -> DecisionInput:
    """Approve, reject or reopen a change; returns the decision it replaced, for undo."""
    problems: dict[str, str] = {}
    status = ChangeRequestStatus(decision.status)
    approver = optional_line(problems, "approver", decision.approver, "approver's name", 200)
    decided_on = date_field(problems, "decided_on", decision.decided_on, today, noun="date")
    if status is not ChangeRequestStatus.PROPOSED:
        if not approver and "approver" not in problems:
            problems["approver"] = "Say who decided, e.g. Commissioning Board."
        if decided_on is None and "decided_on" not in problems:
            problems["decided_on"] = "Give the date of the decision."
    with db.session() as session:
        record = load(session, ChangeRequest, request_id, "change request")
        if decided_on is not None and decided_on < record.raised_on:
            problems["decided_on"] = "A change cannot be decided before it was raised."
        if problems:
            raise ValidationError(problems)
        before = _row(record, "").decision()
        if status is ChangeRequestStatus.PROPOSED:
            approver, decided_on = "", None
        assign(record, {"status": status, "approver": approver, "decided_on": decided_on})
    return before


def link_risk(db: Database, request_id: int, risk_id: int | None) -> int | None:
    """Link the risk raised for a scope reduction (None unlinks); returns the old link."""
    with db.session() as session:
        record = load(session, ChangeRequest, request_id, "change request")
        if risk_id is not None:
            risk = load(session, RaidItem, risk_id, "risk")
            if risk.project_id != record.project_id:
                raise ValidationError({"risk_id": "That risk belongs to another project."})
        before = record.risk_id
        assign(record, {"risk_id": risk_id})
        return before


def _row(record: ChangeRequest, risk_reference: str) -> ChangeRequestRow:
    return ChangeRequestRow(
        id=record.id,
        reference=record.reference,
        raised_on=record.raised_on,
        description=record.description,
        scope_change=record.scope_change,
        cost_impact_pence=record.cost_impact_pence,
        time_impact_days=record.time_impact_days,
        quality_impact=record.quality_impact,
        scope_reduction=record.scope_reduction,
        status=record.status,
        approver=record.approver,
        decided_on=record.decided_on,
        risk_id=record.risk_id,
        risk_reference=risk_reference,
    )


def list_change_requests(db: Database, project_id: int) -> list[ChangeRequestRow]:
    """A project's change requests, newest first."""
    query = (
        select(ChangeRequest, RaidItem.reference)
        .outerjoin(RaidItem, RaidItem.id == ChangeRequest.risk_id)
        .where(ChangeRequest.project_id == project_id)
        .order_by(ChangeRequest.raised_on.desc(), ChangeRequest.id.desc())
    )
    with db.session() as session:
        return [_row(record, reference or "") for record, reference in session.execute(query)]


@dataclass(frozen=True)
class BudgetStep:
    """One line of the budget's trail: the original approval (``on`` None: its date is
    the budget's ``approved_on``) or an approved change."""

    on: dt.date | None
    what: str
    change_pence: int
    budget_after_pence: int


def budget_trail(db: Database, project_id: int) -> list[BudgetStep]:
    """From the original approved budget through each approved change, in date order."""
    with db.session() as session:
        project = load(session, Project, project_id, "project")
        if project.approved_budget_pence is None:
            return []
        approved = session.scalars(
            select(ChangeRequest)
            .where(
                ChangeRequest.project_id == project_id,
                ChangeRequest.status == ChangeRequestStatus.APPROVED,
            )
            .order_by(ChangeRequest.decided_on, ChangeRequest.id)
        ).all()
        running = project.approved_budget_pence
        steps = [BudgetStep(None, "Approved budget", running, running)]
        for record in approved:
            running += record.cost_impact_pence
            what = f"{record.reference} {record.description.splitlines()[0][:80]}"
            steps.append(BudgetStep(record.decided_on, what, record.cost_impact_pence, running))
        return steps


def raise_risk(db: Database, request_id: int, form: RiskInput, today: dt.date) -> int:
    """Add the quality/benefit risk a scope reduction carries and link it to the request,
    in one unit of work; returns the risk's id."""
    with db.session() as session:
        record = load(session, ChangeRequest, request_id, "change request")
        risk = create_raid_entry(session, db.actor, record.project_id, form, today)
        assign(record, {"risk_id": risk.id})
        return risk.id


def withdraw_risk(db: Database, request_id: int) -> RecordTree:
    """Undo ``raise_risk``: unlink the risk and delete it together; returns the risk's
    records, which ``restore_risk`` puts back."""
    with db.session() as session:
        record = load(session, ChangeRequest, request_id, "change request")
        if record.risk_id is None:
            raise ValidationError({"risk_id": "This change request has no linked risk."})
        risk = load(session, RaidItem, record.risk_id, "risk")
        assign(record, {"risk_id": None})
        tree = capture_tree(risk)
        session.delete(risk)
        return tree


def restore_risk(db: Database, request_id: int, risk: RecordTree) -> None:
    """Redo ``raise_risk``: the same risk (id and reference) back, linked again."""
    with db.session() as session:
        record = load(session, ChangeRequest, request_id, "change request")
        restore_tree(session, risk)
        assign(record, {"risk_id": risk.root_id})
