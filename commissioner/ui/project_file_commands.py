"""Importing a project file as one undo step."""

from __future__ import annotations

from commissioner.services.changes import Area, Change
from commissioner.services.project_import import ImportResult, redo_import, undo_import
from commissioner.ui.document import DatabaseDocument, ServiceCommand


class ImportProjectsCommand(ServiceCommand):
    """An import already carried out (in a worker, behind a busy dialog), then undone and
    redone from the undo stack.

    ``record`` pushes it without running it again: the first ``redo`` the stack calls
    is skipped, as for every ``ServiceCommand``. Each redo imports the checked rows
    afresh under new ids, so the command keeps the newest result for the next undo.
    """

    def __init__(self, document: DatabaseDocument, result: ImportResult) -> None:
        super().__init__(document, f"Import {', '.join(result.references)}")
        self.result = result

    def record(self) -> None:
        """Put the finished import on the undo stack and tell every view."""
        self.document.push(self)
        self.document.changed.emit(self._change())

    def apply(self) -> Change:
        self.result = redo_import(self.document.db, self.result)
        return self._change()

    def revert(self) -> Change:
        undo_import(self.document.db, self.result)
        return self._change()

    def _change(self) -> Change:
        # No single project: the workspace re-reads whichever it shows, and leaves it
        # for the portfolio if that project has gone.
        return Change(Area.PORTFOLIO, None)
