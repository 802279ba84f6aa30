"""Undoable edits of the communications log and the action tracker."""

from __future__ import annotations

import datetime as dt

from commissioner.models.enums import ActionStatus
from commissioner.services import actions, communications, projects
from commissioner.services.actions import ActionInput
from commissioner.services.changes import Area, Change
from commissioner.services.communications import EntryRemoval, MeetingInput
from commissioner.storage.snapshots import RecordTree
from commissioner.ui.document import DatabaseDocument, ServiceCommand


class LogMeetingCommand(ServiceCommand):
    """Log a communication with its participants, decisions and actions."""

    def __init__(self, document: DatabaseDocument, project_id: int, form: MeetingInput) -> None:
        super().__init__(document, f"Log {form.communication_type.label.lower()}: {form.subject}")
        self.project_id = project_id
        self.form = form
        self.entry_id: int | None = None
        self._removed: EntryRemoval | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.entry_id = communications.log_meeting(self.document.db, self.project_id, self.form)
        else:
            communications.restore_entry(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.entry_id is not None
        self._removed = communications.delete_entry(
            self.document.db, self.entry_id, with_outcomes=True
        )
        return Change(Area.PROJECT, self.project_id)


class DeleteEntryCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, entry_id: int) -> None:
        super().__init__(document, "Remove log entry")
        self.project_id = project_id
        self.entry_id = entry_id
        self._removed: EntryRemoval | None = None

    def apply(self) -> Change:
        self._removed = communications.delete_entry(self.document.db, self.entry_id)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self._removed is not None
        communications.restore_entry(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)


class _ActionStatusCommand(ServiceCommand):
    """Set an action's status; undo puts back the status and completion date it had."""

    status = ActionStatus.DONE

    def __init__(self, document: DatabaseDocument, project_id: int, action_id: int, text: str):
        super().__init__(document, text)
        self.project_id = project_id
        self.action_id = action_id
        self._previous: tuple[ActionStatus, dt.date | None] | None = None

    def apply(self) -> Change:
        completed_on = dt.date.today() if self.status is ActionStatus.DONE else None
        self._previous = actions.set_action_status(
            self.document.db, self.action_id, self.status, completed_on
        )
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self._previous is not None
        actions.set_action_status(self.document.db, self.action_id, *self._previous)
        return Change(Area.PROJECT, self.project_id)


class MarkActionDoneCommand(_ActionStatusCommand):
    status = ActionStatus.DONE

    def __init__(self, document: DatabaseDocument, project_id: int, action_id: int) -> None:
        super().__init__(document, project_id, action_id, "Mark action done")


class ReopenActionCommand(_ActionStatusCommand):
    status = ActionStatus.OPEN

    def __init__(self, document: DatabaseDocument, project_id: int, action_id: int) -> None:
        super().__init__(document, project_id, action_id, "Reopen action")


class AddActionCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, form: ActionInput) -> None:
        super().__init__(document, f"Add action: {form.description[:40]}")
        self.project_id = project_id
        self.form = form
        self.action_id: int | None = None
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.action_id = actions.add_action(self.document.db, self.project_id, self.form)
        else:
            projects.restore_records(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.action_id is not None
        self._removed = actions.delete_action(self.document.db, self.action_id)
        return Change(Area.PROJECT, self.project_id)
