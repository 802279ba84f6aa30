"""The portfolio's cost position: every active project's budget, forecast at completion
and variance, overruns at the top, with the portfolio's totals underneath.

Double-click a project (or press Enter on it) to open it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from commissioner.errors import CommissionerError
from commissioner.models.cost_rules import shown_percent
from commissioner.models.dates import format_date
from commissioner.models.money import format_pounds
from commissioner.services.budgets import percent_text
from commissioner.services.cost_analysis import PortfolioCostTotals, measured, portfolio_totals
from commissioner.services.costs import CostPosition, ProjectCostRow, portfolio_costs
from commissioner.services.organisation import get_organisation
from commissioner.ui.document_page import DocumentPage
from commissioner.ui.presentation import rag_icon
from commissioner.ui.table_model import RowTableModel, record_table

#: The project behind a row; the totals row has none.
PROJECT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: Two-line titles keep the ten columns within a 1,200-pixel window.
COLUMNS = (
    "Reference",
    "Name",
    "Approved\nbudget",
    "Current\nbudget",
    "Forecast at\ncompletion",
    "Variance",
    "Variance\n%",
    "Cost RAG",
    "Spend to\ndate",
    "Months\nleft",
)
NAME_COLUMN, VARIANCE_COLUMN, PERCENT_COLUMN, RAG_COLUMN = 1, 5, 6, 7
_MONEY_COLUMNS = frozenset({2, 3, 4, 5, 8})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_WARNING = QColor("#b3261e")


#: A row of the table: a project, or the totals under them.
CostTableRow = ProjectCostRow | PortfolioCostTotals


def _months_text(months: Decimal | None) -> str:
    if months is None:
        return "—"
    return "1 month" if months == 1 else f"{months} months"


def _rag_text(position: CostPosition) -> str:
    if position.current_budget is None:
        return "No budget"
    if position.rag is None:
        return "No forecast"
    words = f"{position.rag.label} — overrun" if position.overrun else position.rag.label
    # Say so when the project is judged on its own tolerances, not those in the intro.
    return f"{words} (own tolerances)" if position.tolerances.own else words


def _tolerance_tip(position: CostPosition) -> str:
    tolerances = position.tolerances
    whose = "the project's own" if tolerances.own else "the council's"
    amber, red = percent_text(tolerances.amber_bp), percent_text(tolerances.red_bp)
    return f"Amber at {amber}% and Red at {red}% over the current budget ({whose} tolerances)"


class PortfolioCostsModel(RowTableModel[CostTableRow]):
    """Projects in the service's order (overruns first), then one row of totals."""

    columns = COLUMNS

    def set_projects(self, rows: list[ProjectCostRow]) -> None:
        self.set_rows([*rows, portfolio_totals(rows)] if rows else [])

    def cell(self, row: CostTableRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY_COLUMNS | {6, 9}:
            return _RIGHT
        if isinstance(row, PortfolioCostTotals):
            return self._totals_cell(row, column, role)
        if role == PROJECT_ID_ROLE:
            return row.project_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == RAG_COLUMN:
            return rag_icon(row.position.rag) if measured(row.position) else None
        if role == Qt.ItemDataRole.ForegroundRole and column in (VARIANCE_COLUMN, PERCENT_COLUMN):
            return _WARNING if row.position.overrun else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        return None

    @staticmethod
    def _display(row: ProjectCostRow, column: int) -> str:
        position = row.position
        if column == 0:
            return row.reference
        if column == NAME_COLUMN:
            return row.name
        if column == RAG_COLUMN:
            return _rag_text(position)
        if column in (4, VARIANCE_COLUMN, PERCENT_COLUMN) and not position.forecasted:
            return "—"
        if column == PERCENT_COLUMN:
            return shown_percent(position.variance_percent)
        if column == 9:
            return _months_text(position.months_left)
        pence = (
            position.approved_budget,
            position.current_budget,
            position.forecast_at_completion,
            position.variance_to_current,
            None,
            None,
            position.spend_to_date,
        )[column - 2]
        return format_pounds(pence) if pence is not None else "—"

    @staticmethod
    def _tip(row: ProjectCostRow, column: int) -> str | None:
        position = row.position
        if column == NAME_COLUMN:
            return row.name
        if column in (4, VARIANCE_COLUMN, PERCENT_COLUMN, RAG_COLUMN) and not position.forecasted:
            return "No forecast or actual entered in the project's cost lines yet"
        if column == RAG_COLUMN:
            return _tolerance_tip(position)
        if column == 8 and position.missing_actuals:
            months = ", ".join(f"{m:%b %Y}" for m in position.missing_actuals)
            return f"No actuals booked for {months}: counted at forecast"
        if column == 3 and position.approved_changes:
            return f"Approved budget moved {format_pounds(position.approved_changes)} by changes"
        return None

    @staticmethod
    def _totals_cell(totals: PortfolioCostTotals, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column in (VARIANCE_COLUMN, PERCENT_COLUMN):
            if totals.not_measured:
                return "Over the projects with a budget and a forecast"
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        noun = "project" if totals.projects == 1 else "projects"
        values = {
            0: "Total",
            NAME_COLUMN: f"{totals.projects} {noun}",
            2: format_pounds(totals.approved_budget),
            3: format_pounds(totals.current_budget),
            4: format_pounds(totals.forecast_at_completion),
            VARIANCE_COLUMN: format_pounds(totals.variance),
            PERCENT_COLUMN: shown_percent(totals.variance_percent),
            8: format_pounds(totals.spend_to_date),
        }
        return values.get(column, "")


class PortfolioCostsPage(DocumentPage):
    """Cost across the portfolio; double-click a project, or press Enter, to open it."""

    #: The project whose row the user opened.
    project_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        #: Fixed for tests; otherwise each reload reads the calendar.
        self.today = today
        self.model = PortfolioCostsModel(self)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        heading = QLabel("Portfolio costs")
        heading.setObjectName("pageHeading")
        self.intro = QLabel()
        self.intro.setObjectName("muted")
        self.intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.table = record_table(self.model)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        # activated is a double-click, or Enter on the current row.
        self.table.activated.connect(self._open_project)

    # ----- loading ------------------------------------------------------------------
    def reload(self) -> None:
        """Read every project's cost position again."""
        self._stale = False
        if self.document is None:
            self.model.set_projects([])
            return
        today = self.today or dt.date.today()
        try:
            rows = portfolio_costs(self.document.db, today)
            settings = get_organisation(self.document.db)
        except CommissionerError as error:
            self.message.setText(f"Cannot read the portfolio's costs: {error}")
            self.message.show()
            return
        self.message.hide()
        self.model.set_projects(rows)
        self.table.resizeColumnsToContents()
        overruns = sum(1 for row in rows if row.position.overrun)
        self.intro.setText(self._summary(len(rows), overruns, today, settings))

    @staticmethod
    def _summary(projects: int, overruns: int, today: dt.date, settings: Any) -> str:
        if not projects:
            return "No active projects yet."
        noun = "project is" if overruns == 1 else "projects are"
        lead = f"{overruns} {noun} overrunning" if overruns else "No project is overrunning"
        return (
            f"{lead}, as at {format_date(today)}; overruns first. The council's tolerances: "
            f"Amber at {settings.cost_amber_percent}% and Red at {settings.cost_red_percent}% "
            "over the current budget, unless a project sets its own. "
            "Double-click a project to open it."
        )

    # ----- actions ------------------------------------------------------------------
    def _open_project(self, index: QModelIndex) -> None:
        project_id = index.data(PROJECT_ID_ROLE)
        if project_id is not None:
            self.project_opened.emit(int(project_id))
