"""The Costs area: the cost position a CRO reads first, and the line-by-period grid
behind it, typed and pasted like a spreadsheet; charts of the same figures on a tab."""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.cost_rules import (
    BURN_MONTHS,
    financial_year,
    financial_year_label,
    shown_percent,
    variance_percent,
)
from commissioner.models.dates import format_date
from commissioner.models.enums import Rag
from commissioner.models.money import format_pounds
from commissioner.services import budgets, cost_entries, costs, organisation
from commissioner.services.cost_entries import CellEdit, CostLineInput
from commissioner.services.costs import CostLineView, CostPosition, CostSheet
from commissioner.ui.areas import ProjectArea
from commissioner.ui.cost_commands import (
    COST_LINE,
    BudgetCommand,
    CategoriesCommand,
    SetCellsCommand,
)
from commissioner.ui.cost_dialogs import BudgetDialog, CategoriesDialog, CostLineDialog
from commissioner.ui.cost_grid import MEASURE_LABELS, CostGridModel, CostGridView
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import RAG_COLOURS, swatch
from commissioner.ui.record_form import run_form

_CARD_STYLE = (
    "QFrame#costCard { border: 1px solid #c9d3e0; border-radius: 6px; background: palette(base); }"
)
#: Whether the charts module is installed; checked without importing pyqtgraph.
_HAS_CHARTS = importlib.util.find_spec("commissioner.ui.cost_charts") is not None


def _plain(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


class SummaryCard(QFrame):
    """One figure of the cost position: a title, the figure, and a line of context."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("costCard")
        self.setStyleSheet(_CARD_STYLE)
        self.title = _plain(title, "muted")
        self.value = _plain()
        self.value.setStyleSheet("font-size: 17px; font-weight: 600; color: #1d3d6b;")
        self.detail = _plain(name="muted")
        self.detail.setWordWrap(True)
        self.rag_dot = QLabel()
        self.rag = _plain()
        figure = QHBoxLayout()
        figure.addWidget(self.value)
        figure.addSpacing(8)
        figure.addWidget(self.rag_dot)
        figure.addWidget(self.rag)
        figure.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(figure)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_figure(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)

    def show_rag(self, rag: Rag | None, words: str = "") -> None:
        """A coloured dot with the rating in words beside the figure (None hides both)."""
        self.rag_dot.setVisible(rag is not None)
        self.rag.setVisible(rag is not None)
        if rag is not None:
            self.rag_dot.setPixmap(swatch(RAG_COLOURS[rag], 14).pixmap(14, 14))
            self.rag.setText(words)


def _signed(pence: int) -> str:
    return ("+" if pence > 0 else "") + format_pounds(pence)


def _months_text(months: Decimal) -> str:
    return f"{months:f} month" + ("" if months == 1 else "s")


class CostCards(QWidget):
    """The cost position as eight cards in two rows."""

    TITLES = (
        "Approved budget",
        "Current budget",
        "Forecast at completion",
        "Variance to current budget",
        "Spend to date",
        "Remaining budget",
        "Burn rate",
        "Months of budget left",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {title: SummaryCard(title) for title in self.TITLES}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for place, card in enumerate(self.cards.values()):
            grid.addWidget(card, place // 4, place % 4)

    def card(self, title: str) -> SummaryCard:
        return self.cards[title]

    def show_position(self, position: CostPosition, today: dt.date) -> None:
        self._budgets(position)
        self._forecast(position)
        self._spend(position, today)

    def _budgets(self, position: CostPosition) -> None:
        approved = self.card("Approved budget")
        if position.approved_budget is None:
            approved.show_figure("Not set", "Set it under Budget and tolerances…")
        else:
            when = f"Approved {format_date(position.approved_on)}" if position.approved_on else ""
            source = " · ".join(part for part in (when, position.approval_source) if part)
            approved.show_figure(format_pounds(position.approved_budget), source)
        current = self.card("Current budget")
        if position.current_budget is None:
            current.show_figure("Not set", "Needs an approved budget.")
        elif position.approved_changes:
            moved = _signed(position.approved_changes)
            current.show_figure(
                format_pounds(position.current_budget), f"{moved} by approved change requests"
            )
        else:
            current.show_figure(format_pounds(position.current_budget), "No approved changes.")

    def _forecast(self, position: CostPosition) -> None:
        self.card("Forecast at completion").show_figure(
            format_pounds(position.forecast_at_completion),
            "Actuals where booked, forecasts for the rest.",
        )
        card = self.card("Variance to current budget")
        variance = position.variance_to_current
        if variance is None:
            card.show_figure("—", "Needs an approved budget.")
            card.show_rag(None)
            return
        tolerances = position.tolerances
        whose = "this project's" if tolerances.own else "the council's"
        detail = (
            f"{shown_percent(position.variance_percent)} of current budget. "
            f"Amber at {tolerances.amber_percent:f}%, Red at {tolerances.red_percent:f}% "
            f"({whose})."
        )
        approved = position.approved_budget
        if approved is not None and position.approved_changes:
            percent = shown_percent(variance_percent(position.forecast_at_completion, approved))
            to_approved = _signed(position.forecast_at_completion - approved)
            detail += f" To approved budget: {to_approved} ({percent})."
        card.show_figure(_signed(variance), detail)
        rag = position.rag
        words = "" if rag is None else rag.label + (" · Overrun" if position.overrun else "")
        card.show_rag(rag, words)

    def _spend(self, position: CostPosition, today: dt.date) -> None:
        self.card("Spend to date").show_figure(
            format_pounds(position.spend_to_date), f"Actuals booked to {today:%B %Y}."
        )
        remaining = position.remaining
        card = self.card("Remaining budget")
        if remaining is None:
            card.show_figure("—", "Needs an approved budget.")
        else:
            card.show_figure(
                format_pounds(remaining),
                "Spent beyond the current budget."
                if remaining < 0
                else "Current budget less spend.",
            )
        burn = position.burn_rate
        self.card("Burn rate").show_figure(
            "—" if burn is None else f"{format_pounds(burn)} a month",
            "Nothing booked yet."
            if burn is None
            else f"Mean of the last {BURN_MONTHS} months booked.",
        )
        months = position.months_left
        self.card("Months of budget left").show_figure(
            "—" if months is None else _months_text(months),
            "Needs a budget and a burn rate." if months is None else "At the current burn rate.",
        )


def position_notes(position: CostPosition) -> list[str]:
    """What the figures rest on that a reader should know: missing actuals, and lines
    whose profiled budget does not add up to the current budget."""
    notes = []
    missing = position.missing_actuals
    if missing:
        shown = ", ".join(f"{m:%b %Y}" for m in missing[:6]) + ("…" if len(missing) > 6 else "")
        count = f"{len(missing)} month" + ("" if len(missing) == 1 else "s")
        notes.append(
            f"Actuals missing for {count} ({shown}): counted at forecast until they are booked."
        )
    current = position.current_budget
    if current is not None and position.profiled_budget != current:
        gap = position.profiled_budget - current
        side = "more" if gap > 0 else "less"
        notes.append(
            f"The lines' monthly budgets add up to {format_pounds(position.profiled_budget)}, "
            f"{format_pounds(abs(gap))} {side} than the current budget."
        )
    return notes


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
        self.notes = _plain(name="muted")
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
        header = QHBoxLayout()
        header.addWidget(self.notes, 1)
        header.addWidget(self.budget_button, 0, Qt.AlignmentFlag.AlignTop)
        toolbar = QHBoxLayout()
        toolbar.addWidget(_plain("Financial year"))
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
        ):
            toolbar.addWidget(button)
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 4, 0, 0)
        grid_layout.addLayout(toolbar)
        grid_layout.addWidget(self.grid, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(grid_page, "Cost grid")
        if _HAS_CHARTS:
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

    def _change_view(self) -> None:
        measure = list(MEASURE_LABELS)[self.measures.checkedId()]
        quarterly = self.periods.checkedId() == 1
        self.model.set_view(self.year_combo.currentData(), quarterly=quarterly, measure=measure)

    def _enable_buttons(self) -> None:
        writable = not self.document.db.read_only
        has_lines = bool(self.sheet and self.sheet.lines)
        for button in (self.budget_button, self.add_button, self.categories_button):
            button.setEnabled(writable)
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(writable and has_lines)

    def _show_charts(self) -> None:
        """Build the charts the first time their tab is shown, then keep them current."""
        if not _HAS_CHARTS or self.sheet is None or self.tabs.currentIndex() != 1:
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
