"""Undoable cultural alignment edits: a supplier's assessments, the council's
self-assessment and its questionnaire.

Assessments belong to one project; the self-assessment and the questionnaire are the
council's own, so their changes are announced for every project.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from commissioner.models.alignment_rules import Dimension
from commissioner.services import alignment
from commissioner.services.alignment import SelfAssessmentEntry
from commissioner.services.changes import Area, Change
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.golden_thread_commands import RecordOperations


def assessment_operations(today: dt.date) -> RecordOperations:
    """Add, edit and delete an assessment; ``today`` bounds the assessment date.

    The owner id of an added assessment is the supplier relationship it assesses.
    """
    return RecordOperations(
        "alignment assessment",
        lambda db, relationship_id, form: alignment.add_assessment(
            db, relationship_id, form, today
        ),
        lambda db, assessment_id, form: alignment.update_assessment(db, assessment_id, form, today),
        alignment.delete_assessment,
    )


class SelfAssessmentCommand(ServiceCommand):
    """Save the council's strengths and weaknesses; undo puts back what they were."""

    def __init__(self, document: DatabaseDocument, entries: dict[str, SelfAssessmentEntry]) -> None:
        super().__init__(document, "Edit our self-assessment")
        self.entries = entries
        self._before: dict[str, SelfAssessmentEntry] | None = None

    def apply(self) -> Change:
        self._before = alignment.set_self_assessment(self.document.db, self.entries)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        assert self._before is not None
        alignment.set_self_assessment(self.document.db, self._before)
        return Change(Area.ORGANISATION)


class QuestionnaireCommand(ServiceCommand):
    """Replace the questionnaire's dimensions; undo restores the previous list."""

    def __init__(self, document: DatabaseDocument, dimensions: Sequence[Dimension]) -> None:
        super().__init__(document, "Edit the alignment questionnaire")
        self.dimensions = tuple(dimensions)
        self._before: tuple[Dimension, ...] | None = None

    def apply(self) -> Change:
        self._before = alignment.replace_questionnaire(self.document.db, self.dimensions)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        assert self._before is not None
        # Redo must recreate the same new dimensions, so remember their keys now.
        self.dimensions = alignment.replace_questionnaire(self.document.db, self._before)
        return Change(Area.ORGANISATION)
