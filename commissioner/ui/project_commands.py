"""Undoable project edits; each step calls one service."""

from __future__ import annotations

from commissioner.services import projects
from commissioner.services.changes import Area, Change
from commissioner.services.project_input import ProjectInput
from commissioner.storage.snapshots import RecordTree
from commissioner.ui.document import DatabaseDocument, ServiceCommand


class CreateProjectCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, form: ProjectInput) -> None:
        super().__init__(document, f"Create project {form.reference.strip().upper()}")
        self.form = form
        self.project_id: int | None = None
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.project_id = projects.create_project(self.document.db, self.form)
        else:
            projects.restore_records(self.document.db, self._removed)
        return Change(Area.PORTFOLIO, self.project_id)

    def revert(self) -> Change:
        assert self.project_id is not None
        self._removed = projects.delete_project(self.document.db, self.project_id)
        return Change(Area.PORTFOLIO, self.project_id)


class EditProjectCommand(ServiceCommand):
    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        before: ProjectInput,
        after: ProjectInput,
    ) -> None:
        super().__init__(document, f"Edit project {after.reference.strip().upper()}")
        self.project_id = project_id
        self.before = before
        self.after = after

    def apply(self) -> Change:
        projects.update_project(self.document.db, self.project_id, self.after)
        return Change(Area.PORTFOLIO, self.project_id)

    def revert(self) -> Change:
        projects.update_project(self.document.db, self.project_id, self.before)
        return Change(Area.PORTFOLIO, self.project_id)


class ArchiveProjectCommand(ServiceCommand):
    def __init__(
        self, document: DatabaseDocument, project_id: int, reference: str, archived: bool
    ) -> None:
        verb = "Archive" if archived else "Restore"
        super().__init__(document, f"{verb} project {reference}")
        self.project_id = project_id
        self.archived = archived

    def apply(self) -> Change:
        projects.set_archived(self.document.db, self.project_id, self.archived)
        return Change(Area.PORTFOLIO, self.project_id)

    def revert(self) -> Change:
        projects.set_archived(self.document.db, self.project_id, not self.archived)
        return Change(Area.PORTFOLIO, self.project_id)


class DeleteProjectCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, reference: str) -> None:
        super().__init__(document, f"Delete project {reference}")
        self.project_id = project_id
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        self._removed = projects.delete_project(self.document.db, self.project_id)
        return Change(Area.PORTFOLIO, self.project_id)

    def revert(self) -> Change:
        assert self._removed is not None
        projects.restore_records(self.document.db, self._removed)
        return Change(Area.PORTFOLIO, self.project_id)
