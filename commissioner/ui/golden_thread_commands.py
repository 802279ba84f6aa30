"""Undoable golden-thread and benefit edits: add, edit or delete any of their records.

Each kind of record names its three services once (``RecordOperations``); the three
commands then work alike for objectives, services, KPIs, measurements and benefits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commissioner.services import benefits, golden_thread, kpis
from commissioner.services.changes import Area, Change
from commissioner.services.golden_thread_records import Removal, restore_removal
from commissioner.storage import Database
from commissioner.ui.document import DatabaseDocument, ServiceCommand


@dataclass(frozen=True)
class RecordOperations:
    """The services that add, change and delete one kind of record."""

    noun: str
    #: (db, owner id, form) → new id; the owner is the project, or the KPI for a measurement.
    create: Callable[[Database, int, Any], int]
    update: Callable[[Database, int, Any], None]
    delete: Callable[[Database, int], Removal]


OBJECTIVE = RecordOperations(
    "objective",
    golden_thread.create_objective,
    golden_thread.update_objective,
    golden_thread.delete_objective,
)
SERVICE = RecordOperations(
    "service",
    golden_thread.create_service,
    golden_thread.update_service,
    golden_thread.delete_service,
)
KPI = RecordOperations("KPI", kpis.create_kpi, kpis.update_kpi, kpis.delete_kpi)
MEASUREMENT = RecordOperations(
    "measurement",
    lambda db, kpi_id, form: kpis.add_measurement(db, kpi_id, form),
    lambda db, measurement_id, form: kpis.update_measurement(db, measurement_id, form),
    kpis.delete_measurement,
)
BENEFIT = RecordOperations(
    "benefit", benefits.create_benefit, benefits.update_benefit, benefits.delete_benefit
)


class AddRecordCommand(ServiceCommand):
    """Add a record; undo deletes it, redo puts the same record back."""

    def __init__(
        self,
        document: DatabaseDocument,
        operations: RecordOperations,
        project_id: int,
        form: Any,
        *,
        owner_id: int | None = None,
        label: str = "",
    ) -> None:
        super().__init__(document, f"Add {operations.noun} {label}".strip())
        self.operations = operations
        self.project_id = project_id
        self.owner_id = owner_id if owner_id is not None else project_id
        self.form = form
        self.record_id: int | None = None
        self._removed: Removal | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.record_id = self.operations.create(self.document.db, self.owner_id, self.form)
        else:
            restore_removal(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.record_id is not None
        self._removed = self.operations.delete(self.document.db, self.record_id)
        return Change(Area.PROJECT, self.project_id)


class EditRecordCommand(ServiceCommand):
    """Save a form over a record; undo saves the form as it was before."""

    def __init__(
        self,
        document: DatabaseDocument,
        operations: RecordOperations,
        project_id: int,
        record_id: int,
        before: Any,
        after: Any,
        *,
        label: str = "",
    ) -> None:
        super().__init__(document, f"Edit {operations.noun} {label}".strip())
        self.operations = operations
        self.project_id = project_id
        self.record_id = record_id
        self.before = before
        self.after = after

    def apply(self) -> Change:
        self.operations.update(self.document.db, self.record_id, self.after)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        self.operations.update(self.document.db, self.record_id, self.before)
        return Change(Area.PROJECT, self.project_id)


class DeleteRecordCommand(ServiceCommand):
    """Delete a record with what it owns; undo restores it, links and all."""

    def __init__(
        self,
        document: DatabaseDocument,
        operations: RecordOperations,
        project_id: int,
        record_id: int,
        *,
        label: str = "",
    ) -> None:
        super().__init__(document, f"Delete {operations.noun} {label}".strip())
        self.operations = operations
        self.project_id = project_id
        self.record_id = record_id
        self._removed: Removal | None = None

    def apply(self) -> Change:
        self._removed = self.operations.delete(self.document.db, self.record_id)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self._removed is not None
        restore_removal(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)
