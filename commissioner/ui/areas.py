"""What every area of a project workspace is: a page that shows one project.

An area reads through services, edits through undoable commands on the document,
and reloads when the workspace tells it the project changed.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QWidget

from commissioner.ui.document import DatabaseDocument


class ProjectArea(QWidget):
    """Base class of a workspace area (Stages, Golden thread, Risks, …)."""

    #: The name in the workspace sidebar.
    title: ClassVar[str] = ""

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.project_id: int | None = None

    def show_project(self, project_id: int) -> None:
        """Load (or reload) everything this area shows about ``project_id``."""
        self.project_id = project_id
        self.reload()

    def reload(self) -> None:
        """Read the current project's data again; called after any change to it."""
        raise NotImplementedError
