"""Undoable cost edits: figures in the grid, cost lines, the budget and the categories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from commissioner.services import budgets, cost_entries
from commissioner.services.budgets import BudgetInput
from commissioner.services.changes import Area, Change
from commissioner.services.cost_entries import CellEdit
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.golden_thread_commands import RecordOperations

COST_LINE = RecordOperations(
    "cost line",
    cost_entries.add_cost_line,
    cost_entries.update_cost_line,
    cost_entries.delete_cost_line,
)


class SetCellsCommand(ServiceCommand):
    """Set a block of figures at once; undo puts back the figures they replaced."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        edits: Sequence[CellEdit],
        text: str,
    ) -> None:
        super().__init__(document, text)
        self.project_id = project_id
        self.edits = tuple(edits)
        self._before: tuple[CellEdit, ...] = ()

    def apply(self) -> Change:
        self._before = cost_entries.set_cells(self.document.db, self.project_id, self.edits)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        cost_entries.set_cells(self.document.db, self.project_id, self._before)
        return Change(Area.PROJECT, self.project_id)


class BudgetCommand(ServiceCommand):
    """Save the approved budget and tolerances; undo saves them as they were."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        before: BudgetInput,
        after: BudgetInput,
        today: dt.date,
    ) -> None:
        super().__init__(document, "Edit the approved budget and tolerances")
        self.project_id, self.before, self.after, self.today = project_id, before, after, today

    def apply(self) -> Change:
        budgets.update_budget(self.document.db, self.project_id, self.after, self.today)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        budgets.restore_budget(self.document.db, self.project_id, self.before, self.today)
        return Change(Area.PROJECT, self.project_id)


class CategoriesCommand(ServiceCommand):
    """Make the council's cost categories exactly a new list; undo restores the old one."""

    def __init__(
        self, document: DatabaseDocument, categories: Sequence[tuple[int | None, str]]
    ) -> None:
        super().__init__(document, "Edit the cost categories")
        self.categories = list(categories)
        self._before: list[tuple[int | None, str]] = []

    def apply(self) -> Change:
        self._before = cost_entries.replace_categories(self.document.db, self.categories)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        cost_entries.replace_categories(self.document.db, self._before)
        return Change(Area.ORGANISATION)
