"""The Costs area: the cost position a CRO reads first, and the line-by-period grid
behind it, typed and pasted like a spreadsheet; charts of the same figures on a tab."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.cost_rules import (
    financial_year,
    financial_year_label,
)
from commissioner.services import budgets, cost_entries, costs, organisation
from commissioner.services.cost_analysis import position_notes
from commissioner.services.cost_entries import CellEdit, CostLineInput
from commissioner.services.costs import CostLineView, CostSheet
from commissioner.ui.areas import ProjectArea
from commissioner.ui.cost_cards import CostCards, plain_label
from commissioner.ui.cost_commands import (
    COST_LINE,
    BudgetCommand,
    CategoriesCommand,
    SetCellsCommand,
)
from commissioner.ui.cost_dialogs import BudgetDialog, CategoriesDialog, CostLineDialog
from commissioner.ui.cost_grid import MEASURE_LABELS, CostGridModel
from commissioner.ui.cost_grid_view import CostGridView
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.import_actuals_dialog import run_import_actuals
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.record_form import run_form
from commissioner.ui.table_export_action import area_title, view_export_button


class CostsArea(ProjectArea):
    title = "Costs"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.sheet: CostSheet | None = None
        self._shown_project: int | None = None
        self.cards = CostCards()
        self.notes = plain_label(name="muted")
        self.notes.setWordWrap(True)
        self.budget_button = QPushButton("Budget and tolerances…")
        self.model = CostGridModel(self)
        self.grid = CostGridView(self.model)
        self.charts: list[Any] = []
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.year_combo = QComboBox()
        self.periods = self._toggle(("Monthly", "Quarterly"))
        self.measures = self._toggle(tuple(MEASURE_LABELS.values()))
        self.measures.button(2).setChecked(True)
        self.add_button = QPushButton("Add line…")
        self.edit_button = QPushButton("Edit line…")
        self.delete_button = QPushButton("Delete line…")
        self.categories_button = QPushButton("Categories…")
        self.import_button = QPushButton("Import actuals…")
        self.import_button.setToolTip(
            "Read a finance-system export (.csv or .xlsx) into the actuals, with a preview"
        )
        self.export_button = view_export_button(self.grid, self._export_title, "Cost grid")
        header = QHBoxLayout()
        header.addWidget(self.notes, 1)
        header.addWidget(self.budget_button, 0, Qt.AlignmentFlag.AlignTop)
        toolbar = QHBoxLayout()
        toolbar.addWidget(plain_label("Financial year"))
        toolbar.addWidget(self.year_combo)
        for group in (self.periods, self.measures):
            toolbar.addSpacing(12)
            for button in group.buttons():
                toolbar.addWidget(button)
        toolbar.addStretch(1)
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.categories_button,
            self.import_button,
            self.export_button,
        ):
            toolbar.addWidget(button)
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 4, 0, 0)
        grid_layout.addLayout(toolbar)
        grid_layout.addWidget(self.grid, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(grid_page, "Cost grid")
        self.tabs.addTab(QSplitter(), "S-curve and variance")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.cards)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

    def _toggle(self, labels: tuple[str, ...]) -> QButtonGroup:
        group = QButtonGroup(self)
        for number, label in enumerate(labels):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setChecked(number == 0)
            group.addButton(button, number)
        return group

    def _connect_signals(self) -> None:
        self.budget_button.clicked.connect(self.edit_budget)
        self.add_button.clicked.connect(self.add_line)
        self.edit_button.clicked.connect(self.edit_line)
        self.delete_button.clicked.connect(self.delete_line)
        self.categories_button.clicked.connect(self.edit_categories)
        self.import_button.clicked.connect(self.import_actuals)
        self.year_combo.currentIndexChanged.connect(lambda _: self._change_view())
        self.periods.idClicked.connect(lambda _: self._change_view())
        self.measures.idClicked.connect(lambda _: self._change_view())
        self.grid.doubleClicked.connect(self._double_clicked)
        self.model.edits_requested.connect(self.set_cells)
        # A refusal can arrive while a cell editor is closing: tell the user once it has.
        self.model.rejected.connect(
            lambda message: QTimer.singleShot(
                0, self, lambda: show_problem(self, "Cost figures", message)
            )
        )
        self.tabs.currentChanged.connect(lambda _: self._show_charts())

    # --- Showing -------------------------------------------------------------------

    def reload(self) -> None:
        assert self.project_id is not None
        db = self.document.db
        self.sheet = costs.get_cost_sheet(db, self.project_id, self.today)
        self.cards.show_position(self.sheet.position, self.today)
        notes = position_notes(self.sheet.position)
        if not self.sheet.lines:
            notes.append("No cost lines yet: Add line… and type each month's budget and forecast.")
        # Always in the layout, even empty, so the budget button keeps to the right.
        self.notes.setText("\n".join(notes))
        self._fill_years(self.sheet, fresh=self._shown_project != self.project_id)
        self._shown_project = self.project_id
        self.model.read_only = db.read_only
        self.model.set_sheet(self.sheet, self.today, self.year_combo.currentData())
        self._enable_buttons()
        self._show_charts()

    def _fill_years(self, sheet: CostSheet, *, fresh: bool) -> None:
        """Every financial year the project spans; keeps the chosen one if it still does."""
        start = sheet.financial_year_start_month
        years = sorted({financial_year(month, start) for month in sheet.months})
        kept = None if fresh else self.year_combo.currentData()
        this_year = financial_year(self.today, start)
        wanted = kept if kept in years else min(max(this_year, years[0]), years[-1])
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(financial_year_label(year, start), year)
        self.year_combo.setCurrentIndex(years.index(wanted))
        self.year_combo.blockSignals(False)

    def _export_title(self) -> str:
        """Names what the grid shows: 'WST-2023-01 costs, Actual 2026-27 by month'."""
        periods = "by quarter" if self.model.quarterly else "by month"
        shown = f"{MEASURE_LABELS[self.model.measure]} {self.year_combo.currentText()} {periods}"
        return area_title(self, f"costs, {shown}")()

    def _change_view(self) -> None:
        measure = list(MEASURE_LABELS)[self.measures.checkedId()]
        quarterly = self.periods.checkedId() == 1
        self.model.set_view(self.year_combo.currentData(), quarterly=quarterly, measure=measure)

    def _enable_buttons(self) -> None:
        writable = not self.document.db.read_only
        has_lines = bool(self.sheet and self.sheet.lines)
        for button in (self.budget_button, self.add_button, self.categories_button):
            button.setEnabled(writable)
        for button in (self.edit_button, self.delete_button, self.import_button):
            button.setEnabled(writable and has_lines)

    def import_actuals(self) -> None:
        """Read actuals from a finance-system export into this project's cost lines."""
        if self.project_id is not None:
            run_import_actuals(self, self.document, self.project_id)

    def _show_charts(self) -> None:
        """Build the charts the first time their tab is shown, then keep them current."""
        if self.sheet is None or self.tabs.currentIndex() != 1:
            return
        if not self.charts:
            from commissioner.ui.cost_charts import CostSCurve, VarianceByCategoryChart

            splitter = self.tabs.widget(1)
            assert isinstance(splitter, QSplitter)
            self.charts = [CostSCurve(), VarianceByCategoryChart()]
            for chart in self.charts:
                splitter.addWidget(chart)
        for chart in self.charts:
            chart.show_sheet(self.sheet, self.today)

    # --- Editing -------------------------------------------------------------------

    def set_cells(self, edits: tuple[CellEdit, ...], text: str) -> None:
        assert self.project_id is not None
        try:
            SetCellsCommand(self.document, self.project_id, edits, text).run_first()
        except CommissionerError as error:
            show_problem(self, "Cost figures", str(error))

    def selected_line(self) -> CostLineView | None:
        current = self.grid.currentIndex()
        return self.model.row_at(current.row()).line if current.isValid() else None

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == 0 and self.model.row_at(index.row()).line is not None:
            self.edit_line()

    def add_line(self) -> None:
        assert self.project_id is not None
        project_id, db = self.project_id, self.document.db
        categories = cost_entries.list_categories(db)
        current = self.grid.currentIndex()
        near = self.model.row_at(current.row()).lines if current.isValid() else ()
        category_id = near[0].category_id if near else categories[0].id
        initial = CostLineInput(name="", category_id=category_id)
        run_form(
            lambda submit: CostLineDialog(submit, initial, categories, parent=self),
            lambda form: AddRecordCommand(
                self.document, COST_LINE, project_id, form, label=form.name.strip()
            ).run_first(),
        )

    def edit_line(self) -> None:
        line = self.selected_line()
        if line is None or self.project_id is None:
            show_problem(self, "Edit cost line", "Select a cost line in the grid first.")
            return
        project_id, categories = self.project_id, cost_entries.list_categories(self.document.db)
        before = CostLineInput(line.name, line.category_id, line.finance_code, line.notes)
        run_form(
            lambda submit: CostLineDialog(submit, before, categories, editing=True, parent=self),
            lambda form: EditRecordCommand(
                self.document, COST_LINE, project_id, line.id, before, form, label=line.name
            ).run_first(),
        )

    def delete_line(self) -> None:
        line = self.selected_line()
        if line is None or self.project_id is None:
            show_problem(self, "Delete cost line", "Select a cost line in the grid first.")
            return
        months = len(line.periods)
        question = (
            f"Delete {line.name} with its {months} month(s) of budget, forecast and actuals? "
            "Edit → Undo brings it back."
        )
        if not confirm(self, "Delete cost line", question, "Delete"):
            return
        try:
            DeleteRecordCommand(
                self.document, COST_LINE, self.project_id, line.id, label=line.name
            ).run_first()
        except CommissionerError as error:
            show_problem(self, "Delete cost line", str(error))

    def edit_budget(self) -> None:
        assert self.project_id is not None
        project_id, db, today = self.project_id, self.document.db, self.today
        before = budgets.get_budget(db, project_id)
        council = organisation.get_organisation(db)
        tolerances = (council.cost_amber_percent, council.cost_red_percent)

        def save(form: budgets.BudgetInput) -> None:
            if form != before:
                BudgetCommand(self.document, project_id, before, form, today).run_first()

        run_form(lambda submit: BudgetDialog(submit, before, tolerances, parent=self), save)

    def edit_categories(self) -> None:
        categories = cost_entries.list_categories(self.document.db)
        run_form(
            lambda submit: CategoriesDialog(categories, submit, parent=self),
            lambda form: CategoriesCommand(self.document, form).run_first(),
        )
