"""Undoable RAID log edits; each step calls the risk services, never a widget."""

from __future__ import annotations

import datetime as dt

from commissioner.models.enums import ActionStatus
from commissioner.services import projects, risks
from commissioner.services.changes import Area, Change
from commissioner.services.risk_input import ActionInput, RiskInput
from commissioner.services.risks import EntryChange, IssueRaised
from commissioner.storage.snapshots import RecordTree
from commissioner.ui.document import DatabaseDocument, ServiceCommand


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class AddEntryCommand(ServiceCommand):
    """Add a risk, assumption, issue or dependency."""

    def __init__(self, document: DatabaseDocument, project_id: int, form: RiskInput) -> None:
        super().__init__(document, f"Add {form.kind.label.lower()}: {_short(form.title)}")
        self.project_id, self.form = project_id, form
        self.item_id: int | None = None
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.item_id = risks.add_raid_entry(self.document.db, self.project_id, self.form)
        else:
            projects.restore_records(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.item_id is not None
        self._removed = risks.delete_raid_entry(self.document.db, self.item_id)
        return Change(Area.PROJECT, self.project_id)


class EntryChangeCommand(ServiceCommand):
    """An edit, re-score or closure: undo puts the columns back, redo makes it again."""

    def __init__(self, document: DatabaseDocument, text: str, project_id: int) -> None:
        super().__init__(document, text)
        self.project_id = project_id
        self.change: EntryChange | None = None

    def first_change(self) -> EntryChange:
        raise NotImplementedError

    def apply(self) -> Change:
        if self.change is None:
            self.change = self.first_change()
        else:
            risks.reapply_change(self.document.db, self.change)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.change is not None
        risks.revert_change(self.document.db, self.change)
        return Change(Area.PROJECT, self.project_id)


class EditEntryCommand(EntryChangeCommand):
    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        item_id: int,
        reference: str,
        form: RiskInput,
    ) -> None:
        super().__init__(document, f"Edit {reference}", project_id)
        self.item_id, self.form = item_id, form

    def first_change(self) -> EntryChange:
        change = risks.update_raid_entry(self.document.db, self.item_id, self.form)
        if change.rescoring is not None:
            self.setText(f"Re-score {self.text().removeprefix('Edit ')}")
        return change


class CloseEntryCommand(EntryChangeCommand):
    def __init__(
        self, document: DatabaseDocument, project_id: int, item_id: int, reference: str
    ) -> None:
        super().__init__(document, f"Close {reference}", project_id)
        self.item_id = item_id

    def first_change(self) -> EntryChange:
        return risks.close_raid_entry(self.document.db, self.item_id, on=dt.date.today())


class RaiseIssueCommand(ServiceCommand):
    """Raise an issue from a risk that materialised, closing the risk if asked."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        risk_id: int,
        form: RiskInput,
        *,
        close_risk: bool,
    ) -> None:
        super().__init__(document, f"Raise issue: {_short(form.title)}")
        self.project_id, self.risk_id, self.form = project_id, risk_id, form
        self.close_risk = close_risk
        self.raised: IssueRaised | None = None
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        db = self.document.db
        if self.raised is None:
            self.raised = risks.raise_issue_from_risk(
                db, self.risk_id, self.form, close_risk=self.close_risk
            )
        else:
            assert self._removed is not None
            projects.restore_records(db, self._removed)
            if self.raised.risk_change is not None:
                risks.reapply_change(db, self.raised.risk_change)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.raised is not None
        db = self.document.db
        self._removed = risks.delete_raid_entry(db, self.raised.issue_id)
        if self.raised.risk_change is not None:
            risks.revert_change(db, self.raised.risk_change)
        return Change(Area.PROJECT, self.project_id)


class AddActionCommand(ServiceCommand):
    def __init__(
        self, document: DatabaseDocument, project_id: int, item_id: int, form: ActionInput
    ) -> None:
        super().__init__(document, f"Add action: {_short(form.description)}")
        self.project_id, self.item_id, self.form = project_id, item_id, form
        self.action_id: int | None = None
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.action_id = risks.add_action(self.document.db, self.item_id, self.form)
        else:
            projects.restore_records(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.action_id is not None
        self._removed = risks.delete_action(self.document.db, self.action_id)
        return Change(Area.PROJECT, self.project_id)


class SetActionStatusCommand(ServiceCommand):
    """Mark an action done (today), cancelled or open again."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        action_id: int,
        status: ActionStatus,
        description: str,
    ) -> None:
        verb = {"done": "Mark done", "open": "Reopen", "cancelled": "Cancel"}[status.value]
        super().__init__(document, f"{verb}: {_short(description)}")
        self.project_id, self.action_id, self.status = project_id, action_id, status
        self.on = dt.date.today()
        self._before: tuple[ActionStatus, dt.date | None] | None = None

    def apply(self) -> Change:
        on = self.on if self.status is ActionStatus.DONE else None
        before = risks.set_action_status(self.document.db, self.action_id, self.status, on)
        self._before = (before.status, before.completed_on)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self._before is not None
        status, completed_on = self._before
        risks.set_action_status(self.document.db, self.action_id, status, completed_on)
        return Change(Area.PROJECT, self.project_id)
