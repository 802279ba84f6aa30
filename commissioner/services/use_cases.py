"""Contract use-case tests: operational scenarios tested against the contract's wording.

An ambiguity still open is an input to the contracting gate: the gate dialog shows how
many remain, because ambiguous wording is the usual root of disputes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from commissioner.errors import ValidationError
from commissioner.models import ContractUseCase, Project
from commissioner.models.enums import StageKind, WarningStatus
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    load,
    remove,
    require_project,
)
from commissioner.services.supplier_input import optional_line
from commissioner.storage import Database


@dataclass(frozen=True)
class UseCaseInput:
    """The use-case form as typed."""

    scenario: str
    clause_reference: str = ""
    expected_behaviour: str = ""
    council_reading: str = ""
    supplier_reading: str = ""
    ambiguous: bool = False
    resolution: str = ""
    status: WarningStatus = WarningStatus.OPEN


@dataclass(frozen=True)
class UseCaseRow(UseCaseInput):
    """One line of the use-case register."""

    id: int = 0

    @property
    def outstanding_ambiguity(self) -> bool:
        """Ambiguous wording not yet resolved: it must be settled before signing."""
        return self.ambiguous and self.status is not WarningStatus.CLOSED

    def as_input(self) -> UseCaseInput:
        return UseCaseInput(
            scenario=self.scenario,
            clause_reference=self.clause_reference,
            expected_behaviour=self.expected_behaviour,
            council_reading=self.council_reading,
            supplier_reading=self.supplier_reading,
            ambiguous=self.ambiguous,
            resolution=self.resolution,
            status=self.status,
        )


def validate_use_case(form: UseCaseInput) -> dict[str, object]:
    """Check the form; returns the column values or raises ValidationError per field."""
    problems: dict[str, str] = {}
    scenario = form.scenario.strip()
    if not scenario:
        problems["scenario"] = "Describe the operational scenario to test."
    elif len(scenario) > 4000:
        problems["scenario"] = "Keep the scenario to 4,000 characters."
    clause = optional_line(problems, "clause_reference", form.clause_reference, "clause", 100)
    status = WarningStatus(form.status)
    if status is WarningStatus.CLOSED and form.ambiguous and not form.resolution.strip():
        problems["resolution"] = "Say how the ambiguity was resolved before closing it."
    if problems:
        raise ValidationError(problems)
    return {
        "scenario": scenario,
        "clause_reference": clause,
        "expected_behaviour": form.expected_behaviour.strip(),
        "council_reading": form.council_reading.strip(),
        "supplier_reading": form.supplier_reading.strip(),
        "ambiguous": bool(form.ambiguous),
        "resolution": form.resolution.strip(),
        "status": status,
    }


def list_use_cases(db: Database, project_id: int) -> list[UseCaseRow]:
    """A project's use cases, outstanding ambiguities first, then in the order added."""
    query = select(ContractUseCase).where(ContractUseCase.project_id == project_id)
    with db.session() as session:
        rows = [_row(record) for record in session.scalars(query.order_by(ContractUseCase.id))]
    return sorted(rows, key=lambda row: not row.outstanding_ambiguity)


def _row(record: ContractUseCase) -> UseCaseRow:
    return UseCaseRow(
        id=record.id,
        scenario=record.scenario,
        clause_reference=record.clause_reference,
        expected_behaviour=record.expected_behaviour,
        council_reading=record.council_reading,
        supplier_reading=record.supplier_reading,
        ambiguous=record.ambiguous,
        resolution=record.resolution,
        status=record.status,
    )


def outstanding_ambiguities(db: Database, project_id: int) -> int:
    """How many ambiguous use cases are not yet closed: a contracting-gate input."""
    query = select(func.count(ContractUseCase.id)).where(
        ContractUseCase.project_id == project_id,
        ContractUseCase.ambiguous.is_(True),
        ContractUseCase.status != WarningStatus.CLOSED,
    )
    with db.session() as session:
        return int(session.scalar(query) or 0)


def add_use_case(db: Database, project_id: int, form: UseCaseInput) -> int:
    """Add a use-case test to a project; returns its id."""
    values = validate_use_case(form)
    with db.session() as session:
        require_project(session, project_id)
        record = ContractUseCase(project_id=project_id, **values)
        session.add(record)
        session.flush()
        return record.id


def update_use_case(db: Database, use_case_id: int, form: UseCaseInput) -> None:
    values = validate_use_case(form)
    with db.session() as session:
        assign(load(session, ContractUseCase, use_case_id, "use case"), values)


def delete_use_case(db: Database, use_case_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, ContractUseCase, use_case_id, "use case"))


def contract_in_delivery(db: Database, project_id: int) -> bool:
    """Whether the contract is signed and running, so the contracting gate is behind us."""
    with db.session() as session:
        stage = session.scalar(select(Project.current_stage).where(Project.id == project_id))
    return stage is StageKind.DELIVERY


def settle_advice(outstanding: int, in_delivery: bool) -> str:
    """What to do about ``outstanding`` ambiguities, in words that fit the stage."""
    these = "this" if outstanding == 1 else "these"
    if in_delivery:
        return f"agree {these} with the provider, as ambiguous wording is where disputes start"
    return f"settle {these} before the contracting gate"


def ambiguity_summary(rows: list[UseCaseRow], in_delivery: bool) -> str:
    """How many use cases were tested and how many ambiguities are still to settle."""
    if not rows:
        return "No use-case tests yet: test the contract's wording against real scenarios."
    outstanding = sum(1 for row in rows if row.outstanding_ambiguity)
    tested = f"{len(rows)} use case{'s' if len(rows) != 1 else ''} tested"
    if not outstanding:
        return f"{tested}; no outstanding ambiguities"
    noun = "ambiguity" if outstanding == 1 else "ambiguities"
    return f"{outstanding} outstanding {noun}: {settle_advice(outstanding, in_delivery)}"
