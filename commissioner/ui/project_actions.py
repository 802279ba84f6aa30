"""The project menu's actions: each asks the user, then runs one undoable command."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from commissioner.errors import CommissionerError
from commissioner.services import projects
from commissioner.services.people import list_council_people
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.project_commands import (
    ArchiveProjectCommand,
    CreateProjectCommand,
    DeleteProjectCommand,
    EditProjectCommand,
)
from commissioner.ui.project_dialog import ProjectDialog


def create_project(parent: QWidget, document: DatabaseDocument) -> int | None:
    """Ask for a new project; returns its id once saved, None if cancelled."""
    created: list[int] = []

    def submit(form: projects.ProjectInput) -> None:
        command = CreateProjectCommand(document, form)
        command.run_first()
        created.append(command.project_id or 0)

    dialog = ProjectDialog(list_council_people(document.db), submit, parent=parent)
    return created[0] if dialog.exec() and created else None


def edit_project(parent: QWidget, document: DatabaseDocument, project_id: int) -> None:
    try:
        before = projects.get_project(document.db, project_id).as_input()
    except CommissionerError as error:
        show_problem(parent, "Cannot edit the project", str(error))
        return

    def submit(form: projects.ProjectInput) -> None:
        EditProjectCommand(document, project_id, before, form).run_first()

    people = list_council_people(document.db)
    ProjectDialog(people, submit, initial=before, parent=parent).exec()


def toggle_archive(parent: QWidget, document: DatabaseDocument, project_id: int) -> str:
    """Archive or restore; returns a status-bar message ('' when nothing to say)."""
    try:
        detail = projects.get_project(document.db, project_id)
        archive = not detail.archived
        ArchiveProjectCommand(document, project_id, detail.reference, archive).run_first()
    except CommissionerError as error:
        show_problem(parent, "Archive", str(error))
        return ""
    if not archive:
        return ""
    return f"Archived {detail.reference}. Tick “Show archived” to see it; Undo brings it back."


def delete_project(parent: QWidget, document: DatabaseDocument, project_id: int) -> bool:
    """Delete after asking; True when the project is gone."""
    try:
        detail = projects.get_project(document.db, project_id)
    except CommissionerError as error:
        show_problem(parent, "Delete", str(error))
        return False
    question = (
        f"Delete {detail.reference} {detail.name} and everything recorded about it?\n\n"
        "Edit → Undo brings it back until you close this file. "
        "To keep it but hide it from the portfolio, archive it instead."
    )
    if not confirm(parent, "Delete project", question, "Delete project"):
        return False
    try:
        DeleteProjectCommand(document, project_id, detail.reference).run_first()
    except CommissionerError as error:
        show_problem(parent, "Delete", str(error))
        return False
    return True
