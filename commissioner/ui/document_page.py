"""A page showing the whole open file (portfolio risks, costs, skills gaps) that keeps
up with every change, reading again only once it is on screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from commissioner.services.changes import Change
from commissioner.ui.document import DatabaseDocument


class DocumentPage(QWidget):
    """Follows one open document; subclasses say what ``reload`` reads."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.document: DatabaseDocument | None = None
        #: A change arrived while the page was hidden: read again when it is shown.
        self._stale = False

    def set_document(self, document: DatabaseDocument | None) -> None:
        """Show ``document`` (None shows nothing) and follow its changes."""
        if self.document is not None:
            self.document.changed.disconnect(self._on_change)
        self.document = document
        if document is not None:
            document.changed.connect(self._on_change)
        self.reload()

    def _on_change(self, _change: Change) -> None:
        # Any edit anywhere can move what a whole-file page shows.
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Read everything the page shows again."""
        raise NotImplementedError
