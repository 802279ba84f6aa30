"""Undoable supplier edits: the project's suppliers, the council's register, due diligence
and its template. Each step calls the supplier services, never a widget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from commissioner.errors import CommissionerError, ValidationError
from commissioner.services import due_diligence, suppliers
from commissioner.services.changes import Area, Change
from commissioner.services.due_diligence import DueDiligenceInput
from commissioner.services.golden_thread_records import Removal, restore_removal
from commissioner.services.suppliers import (
    RelationshipInput,
    SupplierDueDiligenceInput,
    SupplierInput,
)
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.golden_thread_commands import RecordOperations


@dataclass(frozen=True)
class AddSupplierForm:
    """The add-supplier dialog as typed: an organisation from the register
    (``relationship.supplier_id``) or a new one (``new_supplier``), and its place here."""

    relationship: RelationshipInput
    new_supplier: SupplierInput | None = None


def check_add_supplier_form(form: AddSupplierForm) -> None:
    """Every problem with both halves of the form at once, before anything is saved."""
    problems: dict[str, str] = {}
    if form.new_supplier is not None:
        try:
            suppliers.validate_supplier(form.new_supplier)
        except ValidationError as error:
            # Both halves have notes; the organisation's are "supplier_notes" in the form.
            problems.update(
                {("supplier_notes" if k == "notes" else k): v for k, v in error.problems.items()}
            )
    elif not form.relationship.supplier_id:
        problems["supplier_id"] = "Choose an organisation from the register, or enter a new one."
    try:
        suppliers.validate_relationship(form.relationship)
    except ValidationError as error:
        problems.update(error.problems)
    if problems:
        raise ValidationError(problems)


class _ProjectCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, text: str) -> None:
        super().__init__(document, text)
        self.project_id = project_id

    def change(self) -> Change:
        return Change(Area.PROJECT, self.project_id)


class AddSupplierToProjectCommand(_ProjectCommand):
    """Link a supplier to the project, creating its organisation first when it is new;
    undo removes both, redo puts the same records back."""

    def __init__(
        self, document: DatabaseDocument, project_id: int, form: AddSupplierForm, *, name: str
    ) -> None:
        super().__init__(document, project_id, f"Add supplier {name.strip()}".strip())
        self.form = form
        self.relationship_id: int | None = None
        self.new_supplier_id: int | None = None
        self._removed: tuple[Removal, Removal | None] | None = None

    def apply(self) -> Change:
        db = self.document.db
        if self._removed is not None:
            link, organisation = self._removed
            if organisation is not None:
                restore_removal(db, organisation)
            restore_removal(db, link)
            return self.change()
        check_add_supplier_form(self.form)
        supplier_id = self.form.relationship.supplier_id
        if self.form.new_supplier is not None:
            supplier_id = suppliers.add_supplier(db, self.form.new_supplier)
            self.new_supplier_id = supplier_id
        relationship = replace(self.form.relationship, supplier_id=supplier_id)
        try:
            self.relationship_id = suppliers.add_relationship(db, self.project_id, relationship)
        except CommissionerError:
            # Nothing enters the undo history, so the new organisation must not stay either.
            if self.new_supplier_id is not None:
                suppliers.delete_supplier(db, self.new_supplier_id)
            raise
        return self.change()

    def revert(self) -> Change:
        assert self.relationship_id is not None
        db = self.document.db
        link = suppliers.delete_relationship(db, self.relationship_id)
        organisation = (
            suppliers.delete_supplier(db, self.new_supplier_id)
            if self.new_supplier_id is not None
            else None
        )
        self._removed = (link, organisation)
        return self.change()


#: A supplier's place in a project: role, category, scores, notes.
RELATIONSHIP = RecordOperations(
    "supplier",
    suppliers.add_relationship,
    suppliers.update_relationship,
    suppliers.delete_relationship,
)


class RemoveFromProjectCommand(_ProjectCommand):
    """Remove a supplier from the project with its due diligence, assessments and warnings."""

    def __init__(
        self, document: DatabaseDocument, project_id: int, relationship_id: int, *, name: str
    ) -> None:
        super().__init__(document, project_id, f"Remove {name} from the project")
        self.relationship_id = relationship_id
        self._removed: Removal | None = None

    def apply(self) -> Change:
        self._removed = suppliers.delete_relationship(self.document.db, self.relationship_id)
        return self.change()

    def revert(self) -> Change:
        assert self._removed is not None
        restore_removal(self.document.db, self._removed)
        return self.change()


# --- The council's register of organisations ------------------------------------------


class AddRegisterSupplierCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, form: SupplierInput) -> None:
        super().__init__(document, f"Add {form.name.strip()} to the supplier register")
        self.form = form
        self.supplier_id: int | None = None
        self._removed: Removal | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.supplier_id = suppliers.add_supplier(self.document.db, self.form)
        else:
            restore_removal(self.document.db, self._removed)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        assert self.supplier_id is not None
        self._removed = suppliers.delete_supplier(self.document.db, self.supplier_id)
        return Change(Area.ORGANISATION)


class EditRegisterSupplierCommand(ServiceCommand):
    def __init__(
        self,
        document: DatabaseDocument,
        supplier_id: int,
        before: SupplierInput,
        after: SupplierInput,
    ) -> None:
        super().__init__(document, f"Edit supplier {before.name}")
        self.supplier_id, self.before, self.after = supplier_id, before, after

    def apply(self) -> Change:
        suppliers.update_supplier(self.document.db, self.supplier_id, self.after)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        suppliers.update_supplier(self.document.db, self.supplier_id, self.before)
        return Change(Area.ORGANISATION)


class DeleteRegisterSupplierCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, supplier_id: int, *, name: str) -> None:
        super().__init__(document, f"Delete {name} from the supplier register")
        self.supplier_id = supplier_id
        self._removed: Removal | None = None

    def apply(self) -> Change:
        self._removed = suppliers.delete_supplier(self.document.db, self.supplier_id)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        assert self._removed is not None
        restore_removal(self.document.db, self._removed)
        return Change(Area.ORGANISATION)


# --- Due diligence ---------------------------------------------------------------------


class AssessAreaCommand(_ProjectCommand):
    """Save one due diligence area's rating, evidence, assessor and date."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        item_id: int,
        before: DueDiligenceInput,
        after: DueDiligenceInput,
        today: dt.date,
    ) -> None:
        super().__init__(document, project_id, f"Assess due diligence: {before.area}")
        self.item_id, self.before, self.after, self.today = item_id, before, after, today

    def apply(self) -> Change:
        due_diligence.update_item(self.document.db, self.item_id, self.after, self.today)
        return self.change()

    def revert(self) -> Change:
        due_diligence.update_item(self.document.db, self.item_id, self.before, self.today)
        return self.change()


class AddAreaCommand(_ProjectCommand):
    """An extra due diligence area for one supplier on this project."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        relationship_id: int,
        form: DueDiligenceInput,
        today: dt.date,
    ) -> None:
        super().__init__(document, project_id, f"Add due diligence area {form.area.strip()}")
        self.relationship_id, self.form, self.today = relationship_id, form, today
        self.item_id: int | None = None
        self._removed: Removal | None = None

    def apply(self) -> Change:
        db = self.document.db
        if self._removed is None:
            self.item_id = due_diligence.add_item(db, self.relationship_id, self.form, self.today)
        else:
            restore_removal(db, self._removed)
        return self.change()

    def revert(self) -> Change:
        assert self.item_id is not None
        self._removed = due_diligence.delete_item(self.document.db, self.item_id)
        return self.change()


class EditSupplierDueDiligenceCommand(_ProjectCommand):
    """The supplier's own due diligence on our outcomes: requested, allowed, done, findings."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        relationship_id: int,
        before: SupplierDueDiligenceInput,
        after: SupplierDueDiligenceInput,
        today: dt.date,
    ) -> None:
        super().__init__(document, project_id, "Edit the supplier's due diligence")
        self.relationship_id, self.before, self.after, self.today = (
            relationship_id,
            before,
            after,
            today,
        )

    def apply(self) -> Change:
        suppliers.update_supplier_due_diligence(
            self.document.db, self.relationship_id, self.after, self.today
        )
        return self.change()

    def revert(self) -> Change:
        suppliers.update_supplier_due_diligence(
            self.document.db, self.relationship_id, self.before, self.today
        )
        return self.change()


class ReplaceDueDiligenceTemplateCommand(ServiceCommand):
    """The council's template of due diligence areas; existing checklists keep theirs."""

    def __init__(self, document: DatabaseDocument, areas: Sequence[str]) -> None:
        super().__init__(document, "Edit the due diligence template")
        self.areas = tuple(areas)
        self.before: tuple[str, ...] | None = None

    def apply(self) -> Change:
        previous = due_diligence.replace_template(self.document.db, self.areas)
        if self.before is None:
            self.before = previous
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        assert self.before is not None
        due_diligence.replace_template(self.document.db, self.before)
        return Change(Area.ORGANISATION)
