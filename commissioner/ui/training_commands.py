"""Undoable training-plan edits: add, change, move on (done, cancelled) and delete an action.

The services take today's date to check completion dates, so the operations are made
for the day the area works in.
"""

from __future__ import annotations

import datetime as dt

from commissioner.models.enums import TrainingStatus
from commissioner.services import training
from commissioner.services.changes import Area, Change
from commissioner.services.training import ActionInput
from commissioner.storage import Database
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.golden_thread_commands import RecordOperations


def action_operations(today: dt.date) -> RecordOperations:
    """The services behind a training action; the owner id is unused (the form names
    the person)."""
    return RecordOperations(
        "training action",
        lambda db, _owner, form: training.add_action(db, form, today),
        lambda db, action_id, form: _update(db, action_id, form, today),
        training.delete_action,
    )


def _update(db: Database, action_id: int, form: ActionInput, today: dt.date) -> None:
    training.update_action(db, action_id, form, today)


class SetActionStatusCommand(ServiceCommand):
    """Mark an action done (on a date) or cancelled; undo puts its status back."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        action_id: int,
        status: TrainingStatus,
        completed_on: str,
        today: dt.date,
    ) -> None:
        verb = (
            "Mark training action done"
            if status is TrainingStatus.DONE
            else (f"Set training action to {status.label.lower()}")
        )
        super().__init__(document, verb)
        self.project_id = project_id
        self.action_id = action_id
        self.status = status
        self.completed_on = completed_on
        self.today = today
        self.before: ActionInput | None = None

    def apply(self) -> Change:
        db = self.document.db
        self.before = training.set_status(
            db, self.action_id, self.status, self.completed_on, self.today
        )
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.before is not None
        training.update_action(self.document.db, self.action_id, self.before, self.today)
        return Change(Area.PROJECT, self.project_id)
