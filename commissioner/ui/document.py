"""An open database in the interface: its undo stack and its one change signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from commissioner.errors import CommissionerError
from commissioner.services.changes import Change
from commissioner.storage import Database


class DatabaseDocument(QObject):
    """Owns the open ``Database`` and the undo stack every edit goes through."""

    #: Emitted with a ``Change`` after any edit, undo or redo.
    changed = Signal(object)
    #: Emitted with a message when an undo or redo could not be carried out.
    failed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)

    def push(self, command: ServiceCommand) -> None:
        """Record a command whose first run already succeeded."""
        self.undo_stack.push(command)

    def close(self) -> None:
        self.undo_stack.clear()
        self.db.close()


class ServiceCommand(QUndoCommand):
    """An undoable edit: ``apply`` and ``revert`` call services, never widgets.

    The first run happens in ``run_first`` before the command is pushed, so a
    validation error reaches the dialog and nothing enters the undo history.
    """

    def __init__(self, document: DatabaseDocument, text: str) -> None:
        super().__init__(text)
        self.document = document
        self._first_redo_done = False

    def run_first(self) -> None:
        """Carry out the edit for the first time; raises CommissionerError on bad input."""
        change = self.apply()
        self.document.push(self)
        self.document.changed.emit(change)

    def redo(self) -> None:
        if not self._first_redo_done:
            self._first_redo_done = True  # already applied by run_first
            return
        self._guarded(self.apply, "redo")

    def undo(self) -> None:
        self._guarded(self.revert, "undo")

    def _guarded(self, step: object, verb: str) -> None:
        try:
            change = step()  # type: ignore[operator]
        except CommissionerError as error:
            # The history no longer matches the file: clear it once the stack settles.
            QTimer.singleShot(0, self.document.undo_stack.clear)
            self.document.failed.emit(
                f"Could not {verb} “{self.text()}”: {error} The undo history was cleared."
            )
            return
        self.document.changed.emit(change)

    def apply(self) -> Change:
        raise NotImplementedError

    def revert(self) -> Change:
        raise NotImplementedError
