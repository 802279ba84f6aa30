"""Undoable register import: one undo step takes away every imported entry."""

from __future__ import annotations

from commissioner.services import register_import
from commissioner.services.changes import Area, Change
from commissioner.services.register_import import ImportPreview
from commissioner.storage.snapshots import RecordTree
from commissioner.ui.document import DatabaseDocument, ServiceCommand


class ImportRegisterCommand(ServiceCommand):
    """Import the rows ``preview`` accepts; undo removes them all, redo puts them back."""

    def __init__(self, document: DatabaseDocument, project_id: int, preview: ImportPreview) -> None:
        count = preview.imported_count
        super().__init__(
            document, f"Import {count} {'entry' if count == 1 else 'entries'} from {preview.source}"
        )
        self.project_id = project_id
        self.preview = preview
        self.created_ids: tuple[int, ...] = ()
        self._removed: tuple[RecordTree, ...] | None = None

    def apply(self) -> Change:
        if self._removed is None:
            result = register_import.apply_import(self.document.db, self.project_id, self.preview)
            self.created_ids = result.created_ids
        else:
            register_import.restore_imported(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        self._removed = register_import.remove_imported(self.document.db, self.created_ids)
        return Change(Area.PROJECT, self.project_id)
