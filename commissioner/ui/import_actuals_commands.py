"""Undoable import of actuals: one undo step puts back every month the import set."""

from __future__ import annotations

from commissioner.services import actuals_import, cost_entries
from commissioner.services.actuals_import import ActualsImported, ActualsPreview
from commissioner.services.changes import Area, Change
from commissioner.ui.document import DatabaseDocument, ServiceCommand


class ImportActualsCommand(ServiceCommand):
    """Write the months ``preview`` imports; undo sets the previous actuals back."""

    def __init__(
        self, document: DatabaseDocument, project_id: int, preview: ActualsPreview
    ) -> None:
        super().__init__(document, f"Import actuals from {preview.table.source}")
        self.project_id = project_id
        self.preview = preview
        self.imported: ActualsImported | None = None

    def apply(self) -> Change:
        if self.imported is None:
            self.imported = actuals_import.apply_actuals(
                self.document.db, self.project_id, self.preview
            )
        else:
            cost_entries.set_cells(self.document.db, self.project_id, self.imported.written)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.imported is not None
        cost_entries.set_cells(self.document.db, self.project_id, self.imported.previous)
        return Change(Area.PROJECT, self.project_id)
