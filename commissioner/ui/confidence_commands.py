"""Undoable delivery confidence edits."""

from __future__ import annotations

from commissioner.services import confidence, projects
from commissioner.services.changes import Area, Change
from commissioner.services.confidence import ConfidenceInput
from commissioner.storage.snapshots import RecordTree
from commissioner.ui.document import DatabaseDocument, ServiceCommand


class RecordAssessmentCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, form: ConfidenceInput) -> None:
        super().__init__(document, f"Record delivery confidence: {form.rating.label}")
        self.project_id = project_id
        self.form = form
        self.assessment_id: int | None = None
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.assessment_id = confidence.record_assessment(
                self.document.db, self.project_id, self.form
            )
        else:
            projects.restore_records(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.assessment_id is not None
        self._removed = confidence.delete_assessment(self.document.db, self.assessment_id)
        return Change(Area.PROJECT, self.project_id)


class DeleteAssessmentCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, assessment_id: int) -> None:
        super().__init__(document, "Remove delivery confidence assessment")
        self.project_id = project_id
        self.assessment_id = assessment_id
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        self._removed = confidence.delete_assessment(self.document.db, self.assessment_id)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self._removed is not None
        projects.restore_records(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)
