"""Suppliers and their relationships with projects: the register of organisations, who
bids for, is shortlisted for or delivers each project, and in which category.

Adding a relationship starts its pre-contract due diligence checklist from the
council's template, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import (
    DueDiligenceItem,
    DueDiligenceTemplateItem,
    ProjectSupplier,
    Supplier,
)
from commissioner.models.enums import OrganisationType, SupplierCategory, SupplierRole
from commissioner.models.supplier_rules import category_implications, owes_duty_to_warn
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    load,
    remove,
    require_project,
)
from commissioner.services.supplier_input import (
    date_field,
    email_field,
    name_order,
    optional_line,
    required_line,
    score_field,
    score_text,
)
from commissioner.storage import Database


@dataclass(frozen=True)
class SupplierInput:
    """The supplier form as typed."""

    name: str
    organisation_type: OrganisationType = OrganisationType.PRIVATE_COMPANY
    registration_number: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""


@dataclass(frozen=True)
class SupplierRow(SupplierInput):
    id: int = 0
    project_count: int = 0

    def as_input(self) -> SupplierInput:
        return SupplierInput(
            self.name,
            self.organisation_type,
            self.registration_number,
            self.contact_name,
            self.email,
            self.phone,
            self.notes,
        )


def validate_supplier(form: SupplierInput) -> dict[str, object]:
    problems: dict[str, str] = {}
    values: dict[str, object] = {
        "name": required_line(problems, "name", form.name, "organisation's name", 200),
        "organisation_type": OrganisationType(form.organisation_type),
        "registration_number": optional_line(
            problems, "registration_number", form.registration_number, "registration number", 50
        ),
        "contact_name": optional_line(
            problems, "contact_name", form.contact_name, "contact's name", 200
        ),
        "email": email_field(problems, "email", form.email),
        "phone": optional_line(problems, "phone", form.phone, "phone number", 50),
        "notes": form.notes.strip(),
    }
    if problems:
        raise ValidationError(problems)
    return values


def _name_taken(session: Session, name: str, except_id: int | None) -> bool:
    # Compared in Python: SQLite's lower() folds only ASCII, so "École" and "école"
    # would both get in. The register is a few hundred names at most.
    query = select(Supplier.name)
    if except_id is not None:
        query = query.where(Supplier.id != except_id)
    wanted = name.casefold()
    return any(taken.casefold() == wanted for taken in session.scalars(query))


def list_suppliers(db: Database) -> list[SupplierRow]:
    """Every supplier by name, with how many projects it is linked to."""
    count = func.count(ProjectSupplier.id)
    query = (
        select(Supplier, count)
        .outerjoin(ProjectSupplier, ProjectSupplier.supplier_id == Supplier.id)
        .group_by(Supplier.id)
    )
    with db.session() as session:
        rows = [
            SupplierRow(
                name=record.name,
                organisation_type=record.organisation_type,
                registration_number=record.registration_number,
                contact_name=record.contact_name,
                email=record.email,
                phone=record.phone,
                notes=record.notes,
                id=record.id,
                project_count=projects,
            )
            for record, projects in session.execute(query)
        ]
    # Sorted here rather than in SQL, whose lower() ignores accented capitals.
    return sorted(rows, key=lambda row: name_order(row.name))


def add_supplier(db: Database, form: SupplierInput) -> int:
    values = validate_supplier(form)
    with db.session() as session:
        if _name_taken(session, str(values["name"]), None):
            raise ValidationError({"name": f"{values['name']} is already a supplier."})
        record = Supplier(**values)
        session.add(record)
        session.flush()
        return record.id


def update_supplier(db: Database, supplier_id: int, form: SupplierInput) -> None:
    values = validate_supplier(form)
    with db.session() as session:
        if _name_taken(session, str(values["name"]), supplier_id):
            raise ValidationError({"name": f"{values['name']} is already a supplier."})
        assign(load(session, Supplier, supplier_id, "supplier"), values)


def delete_supplier(db: Database, supplier_id: int) -> Removal:
    """Delete a supplier linked to no project (links are removed from each project first)."""
    with db.session() as session:
        record = load(session, Supplier, supplier_id, "supplier")
        linked = session.scalar(
            select(func.count(ProjectSupplier.id)).where(ProjectSupplier.supplier_id == supplier_id)
        )
        if linked:
            raise ValidationError(
                {"": f"{record.name} is linked to {linked} project(s); remove it from them first."}
            )
        return remove(session, record)


# --- Relationships ------------------------------------------------------------------


@dataclass(frozen=True)
class RelationshipInput:
    """The relationship form as typed: scores still text."""

    supplier_id: int
    role: SupplierRole = SupplierRole.BIDDER
    category: SupplierCategory = SupplierCategory.GENERAL
    price_score: str = ""
    capability_score: str = ""
    notes: str = ""


@dataclass(frozen=True)
class RelationshipRow:
    """One supplier's place in a project, with what its category implies."""

    id: int
    supplier_id: int
    supplier_name: str
    organisation_type: OrganisationType
    role: SupplierRole
    category: SupplierCategory
    price_score: float | None
    capability_score: float | None
    notes: str
    contact_name: str
    email: str
    phone: str

    @property
    def implications(self) -> tuple[str, ...]:
        return category_implications(self.category)

    @property
    def owes_duty_to_warn(self) -> bool:
        return owes_duty_to_warn(self.category, self.role)

    @property
    def label(self) -> str:
        return f"{self.supplier_name} ({self.role.label.lower()})"

    def as_input(self) -> RelationshipInput:
        return RelationshipInput(
            supplier_id=self.supplier_id,
            role=self.role,
            category=self.category,
            price_score=score_text(self.price_score),
            capability_score=score_text(self.capability_score),
            notes=self.notes,
        )


_ROLE_ORDER = {SupplierRole.CONTRACTED: 0, SupplierRole.SHORTLISTED: 1, SupplierRole.BIDDER: 2}


def list_relationships(db: Database, project_id: int) -> list[RelationshipRow]:
    """A project's suppliers: the contracted provider first, then shortlisted, then bidders."""
    query = (
        select(ProjectSupplier, Supplier)
        .join(Supplier, Supplier.id == ProjectSupplier.supplier_id)
        .where(ProjectSupplier.project_id == project_id)
    )
    with db.session() as session:
        rows = [_relationship_row(link, supplier) for link, supplier in session.execute(query)]
    return sorted(rows, key=lambda row: (_ROLE_ORDER[row.role], name_order(row.supplier_name)))


def get_relationship(db: Database, relationship_id: int) -> RelationshipRow:
    with db.session() as session:
        link = load(session, ProjectSupplier, relationship_id, "supplier relationship")
        return _relationship_row(link, link.supplier)


def _relationship_row(link: ProjectSupplier, supplier: Supplier) -> RelationshipRow:
    return RelationshipRow(
        id=link.id,
        supplier_id=supplier.id,
        supplier_name=supplier.name,
        organisation_type=supplier.organisation_type,
        role=link.role,
        category=link.category,
        price_score=link.price_score,
        capability_score=link.capability_score,
        notes=link.notes,
        contact_name=supplier.contact_name,
        email=supplier.email,
        phone=supplier.phone,
    )


def validate_relationship(form: RelationshipInput) -> dict[str, object]:
    problems: dict[str, str] = {}
    values: dict[str, object] = {
        "supplier_id": form.supplier_id,
        "role": SupplierRole(form.role),
        "category": SupplierCategory(form.category),
        "price_score": score_field(problems, "price_score", form.price_score, "price score"),
        "capability_score": score_field(
            problems, "capability_score", form.capability_score, "capability score"
        ),
        "notes": form.notes.strip(),
    }
    if problems:
        raise ValidationError(problems)
    return values


def add_relationship(db: Database, project_id: int, form: RelationshipInput) -> int:
    """Link a supplier to a project, with a due diligence checklist from the template."""
    values = validate_relationship(form)
    with db.session() as session:
        require_project(session, project_id)
        supplier = load(session, Supplier, form.supplier_id, "supplier")
        taken = session.scalar(
            select(ProjectSupplier.id).where(
                ProjectSupplier.project_id == project_id,
                ProjectSupplier.supplier_id == form.supplier_id,
            )
        )
        if taken is not None:
            raise ValidationError({"supplier_id": f"{supplier.name} is already on this project."})
        areas = session.scalars(
            select(DueDiligenceTemplateItem.area).order_by(
                DueDiligenceTemplateItem.sort_order, DueDiligenceTemplateItem.id
            )
        )
        link = ProjectSupplier(project_id=project_id, supplier=supplier, **values)
        link.due_diligence = [
            DueDiligenceItem(area=area, sort_order=position) for position, area in enumerate(areas)
        ]
        session.add(link)
        session.flush()
        return link.id


def update_relationship(db: Database, relationship_id: int, form: RelationshipInput) -> None:
    values = validate_relationship(form)
    values.pop("supplier_id")
    with db.session() as session:
        assign(load(session, ProjectSupplier, relationship_id, "supplier relationship"), values)


def delete_relationship(db: Database, relationship_id: int) -> Removal:
    """Remove a supplier from a project with its due diligence, assessments and warnings."""
    with db.session() as session:
        return remove(
            session, load(session, ProjectSupplier, relationship_id, "supplier relationship")
        )


# --- The supplier's own due diligence on our outcomes -------------------------------


@dataclass(frozen=True)
class SupplierDueDiligenceInput:
    """What the supplier did to test our outcomes: dates still text."""

    requested_on: str = ""
    allowed: bool = False
    done_on: str = ""
    findings: str = ""


def get_supplier_due_diligence(db: Database, relationship_id: int) -> SupplierDueDiligenceInput:
    with db.session() as session:
        link = load(session, ProjectSupplier, relationship_id, "supplier relationship")
        return SupplierDueDiligenceInput(
            requested_on=_date_text(link.supplier_dd_requested_on),
            allowed=link.supplier_dd_allowed,
            done_on=_date_text(link.supplier_dd_done_on),
            findings=link.supplier_dd_findings,
        )


def _date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def update_supplier_due_diligence(
    db: Database, relationship_id: int, form: SupplierDueDiligenceInput, today: dt.date
) -> None:
    problems: dict[str, str] = {}
    requested = date_field(problems, "requested_on", form.requested_on, today, noun="request date")
    done = date_field(problems, "done_on", form.done_on, today, noun="completion date")
    if done and requested and done < requested:
        problems["done_on"] = "It cannot be done before it was requested."
    if done and not form.allowed:
        problems["allowed"] = "Due diligence that was done must have been allowed."
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        link = load(session, ProjectSupplier, relationship_id, "supplier relationship")
        assign(
            link,
            {
                "supplier_dd_requested_on": requested,
                "supplier_dd_allowed": bool(form.allowed),
                "supplier_dd_done_on": done,
                "supplier_dd_findings": form.findings.strip(),
            },
        )
