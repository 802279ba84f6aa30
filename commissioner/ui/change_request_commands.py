"""Undoable change request edits: add, edit, delete, decide, and raise the risk a scope
reduction carries. Each step calls services, never a widget."""

from __future__ import annotations

import datetime as dt

from commissioner.services import change_requests
from commissioner.services.change_requests import DecisionInput
from commissioner.services.changes import Area, Change
from commissioner.services.risk_input import RiskInput
from commissioner.storage.snapshots import RecordTree
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.golden_thread_commands import RecordOperations

#: What each decision is called in Edit → Undo.
DECISION_VERBS = {"approved": "Approve", "rejected": "Reject", "proposed": "Reopen"}


def change_request_operations(today: dt.date) -> RecordOperations:
    """A change request's services, checking its dates against ``today``."""
    return RecordOperations(
        "change request",
        lambda db, project_id, form: change_requests.add_change_request(
            db, project_id, form, today
        ),
        lambda db, request_id, form: change_requests.update_change_request(
            db, request_id, form, today
        ),
        change_requests.delete_change_request,
    )


class DecideChangeRequestCommand(ServiceCommand):
    """Approve, reject or reopen a change request; undo puts the earlier decision back."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        request_id: int,
        decision: DecisionInput,
        *,
        reference: str,
        today: dt.date,
    ) -> None:
        verb = DECISION_VERBS[decision.status.value]
        super().__init__(document, f"{verb} {reference}")
        self.project_id, self.request_id = project_id, request_id
        self.decision, self.today = decision, today
        self.before: DecisionInput | None = None

    def apply(self) -> Change:
        replaced = change_requests.decide_change_request(
            self.document.db, self.request_id, self.decision, self.today
        )
        if self.before is None:
            self.before = replaced
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.before is not None
        change_requests.decide_change_request(
            self.document.db, self.request_id, self.before, self.today
        )
        return Change(Area.PROJECT, self.project_id)


class RaiseChangeRiskCommand(ServiceCommand):
    """Add the quality/benefit risk a scope reduction carries and link it to the request.

    Undo removes the link and the risk together; redo puts back the same risk (same
    reference and id) and links it again.
    """

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        request_id: int,
        form: RiskInput,
        *,
        reference: str,
    ) -> None:
        super().__init__(document, f"Raise the risk for {reference}")
        self.project_id, self.request_id, self.form = project_id, request_id, form
        self.today = dt.date.today()
        self.risk_id: int | None = None
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        db = self.document.db
        if self._removed is None:
            self.risk_id = change_requests.raise_risk(db, self.request_id, self.form, self.today)
        else:
            change_requests.restore_risk(db, self.request_id, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        self._removed = change_requests.withdraw_risk(self.document.db, self.request_id)
        return Change(Area.PROJECT, self.project_id)
