"""Undoable stakeholder and confirmation edits."""

from __future__ import annotations

import datetime as dt

from commissioner.services import stakeholders
from commissioner.services.changes import Area, Change
from commissioner.services.golden_thread_records import Removal, restore_removal
from commissioner.services.stakeholders import (
    ConfirmationInput,
    ConfirmationState,
    StakeholderInput,
    UnderstandingInput,
)
from commissioner.ui.document import DatabaseDocument, ServiceCommand


class _ProjectCommand(ServiceCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, text: str) -> None:
        super().__init__(document, text)
        self.project_id = project_id

    def change(self) -> Change:
        return Change(Area.PROJECT, self.project_id)


class AddStakeholderCommand(_ProjectCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, form: StakeholderInput) -> None:
        super().__init__(document, project_id, f"Add stakeholder {form.name.strip()}")
        self.form = form
        self.stakeholder_id: int | None = None
        self._removed: Removal | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.stakeholder_id = stakeholders.add_stakeholder(
                self.document.db, self.project_id, self.form
            )
        else:
            restore_removal(self.document.db, self._removed)
        return self.change()

    def revert(self) -> Change:
        assert self.stakeholder_id is not None
        self._removed = stakeholders.delete_stakeholder(self.document.db, self.stakeholder_id)
        return self.change()


class EditStakeholderCommand(_ProjectCommand):
    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        stakeholder_id: int,
        before: StakeholderInput,
        after: StakeholderInput,
    ) -> None:
        super().__init__(document, project_id, f"Edit stakeholder {before.name}")
        self.stakeholder_id, self.before, self.after = stakeholder_id, before, after

    def apply(self) -> Change:
        stakeholders.update_stakeholder(self.document.db, self.stakeholder_id, self.after)
        return self.change()

    def revert(self) -> Change:
        stakeholders.update_stakeholder(self.document.db, self.stakeholder_id, self.before)
        return self.change()


class RateStakeholderCommand(_ProjectCommand):
    """Move a stakeholder on the power/interest grid; ratings are (interest, influence)."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        stakeholder_id: int,
        before: tuple[int, int],
        after: tuple[int, int],
    ) -> None:
        super().__init__(document, project_id, "Move stakeholder on the grid")
        self.stakeholder_id, self.before, self.after = stakeholder_id, before, after

    def apply(self) -> Change:
        stakeholders.rate_stakeholder(self.document.db, self.stakeholder_id, *self.after)
        return self.change()

    def revert(self) -> Change:
        stakeholders.rate_stakeholder(self.document.db, self.stakeholder_id, *self.before)
        return self.change()


class DeleteStakeholderCommand(_ProjectCommand):
    def __init__(self, document: DatabaseDocument, project_id: int, stakeholder_id: int) -> None:
        super().__init__(document, project_id, "Delete stakeholder")
        self.stakeholder_id = stakeholder_id
        self._removed: Removal | None = None

    def apply(self) -> Change:
        self._removed = stakeholders.delete_stakeholder(self.document.db, self.stakeholder_id)
        return self.change()

    def revert(self) -> Change:
        assert self._removed is not None
        restore_removal(self.document.db, self._removed)
        return self.change()


class AddUnderstandingItemCommand(_ProjectCommand):
    def __init__(
        self, document: DatabaseDocument, project_id: int, form: UnderstandingInput
    ) -> None:
        super().__init__(document, project_id, f"Add understanding item {form.title.strip()}")
        self.form = form
        self.item_id: int | None = None
        self._removed: Removal | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.item_id = stakeholders.add_understanding_item(
                self.document.db, self.project_id, self.form
            )
        else:
            restore_removal(self.document.db, self._removed)
        return self.change()

    def revert(self) -> Change:
        assert self.item_id is not None
        self._removed = stakeholders.delete_understanding_item(self.document.db, self.item_id)
        return self.change()


class RecordConfirmationCommand(_ProjectCommand):
    """Record (``form``) or withdraw (``form=None``) a confirmation of understanding."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        confirmation_id: int,
        form: ConfirmationInput | None,
        *,
        today: dt.date | None = None,
    ) -> None:
        text = "Record confirmation" if form else "Withdraw confirmation"
        super().__init__(document, project_id, text)
        self.confirmation_id, self.form = confirmation_id, form
        self.today = today or dt.date.today()
        self._before: ConfirmationState | None = None
        self._after: ConfirmationState | None = None

    def apply(self) -> Change:
        db = self.document.db
        if self._after is not None:
            stakeholders.restore_confirmation(db, self.confirmation_id, self._after)
        elif self.form is None:
            self._before = stakeholders.withdraw_confirmation(db, self.confirmation_id)
        else:
            self._before = stakeholders.record_confirmation(
                db, self.confirmation_id, self.form, self.today
            )
        return self.change()

    def revert(self) -> Change:
        assert self._before is not None
        self._after = stakeholders.restore_confirmation(
            self.document.db, self.confirmation_id, self._before
        )
        return self.change()
