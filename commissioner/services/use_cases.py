"""Contract use-case tests: operational scenarios tested against the contract's wording.

An ambiguity still open is an input to the contracting gate: the gate dialog shows how
many remain, because ambiguous wording is the usual root of disputes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from commissioner.errors import ValidationError
from commissioner.models import ContractUseCase
from commissioner.models.enums import WarningStatus
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
