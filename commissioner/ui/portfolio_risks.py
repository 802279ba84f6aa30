"""The portfolio's risk profile: a residual heat map, each project's position, top risks.

Clicking a heat map cell lists every open risk in that cell in place of the top risks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import format_date
from commissioner.models.enums import MatrixAxis
from commissioner.services.portfolio_risks import (
    PortfolioRisk,
    ProjectRiskSummary,
    portfolio_risk_summary,
    top_risks,
)
from commissioner.services.risk_heat_map import heat_map_counts
from commissioner.services.risk_matrix import MatrixView, load_matrix
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.document_page import DocumentPage
from commissioner.ui.heat_map import HeatMapWidget
from commissioner.ui.presentation import swatch
from commissioner.ui.risk_settings_dialog import edit_risk_settings
from commissioner.ui.table_export_action import view_export_button
from commissioner.ui.table_model import RowTableModel

#: The project behind a row (both tables).
PROJECT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The risk behind a row of the top risks.
RISK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: A value that sorts naturally (counts and scores as numbers).
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

TOP_RISK_COUNT = 20
#: Enough to list every risk in one cell of a large portfolio.
CELL_RISK_LIMIT = 500
_WARNING = QColor("#b3261e")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _score_text(score: int | None, band_name: str) -> str:
    return "—" if score is None else f"{score} {band_name}".strip()


class TopRisksModel(RowTableModel[PortfolioRisk]):
    """The highest residual risks, in the order the service gives them."""

    columns = ("Project", "Ref", "Risk", "Residual", "Appetite", "Owner", "Next review")
    export_kinds = ("text",) * 6 + ("date",)

    def export_value(self, row: PortfolioRisk, column: int) -> Any:
        return row.next_review_on if column == 6 else self._display(row, column)

    def cell(self, row: PortfolioRisk, column: int, role: int) -> Any:
        if role == PROJECT_ID_ROLE:
            return row.project_id
        if role == RISK_ID_ROLE:
            return row.risk_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == 3 and row.band_colour:
            return swatch(row.band_colour)
        if role == Qt.ItemDataRole.ForegroundRole and self._warns(row, column):
            return _WARNING
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return f"Likelihood {row.residual_likelihood} × impact {row.residual_impact}"
        return None

    @staticmethod
    def _display(row: PortfolioRisk, column: int) -> str:
        values = (
            row.project_reference,
            row.reference,
            row.title,
            _score_text(row.residual_score, row.band_name),
            "Outside appetite" if row.outside_appetite else "Within",
            row.owner or "—",
            format_date(row.next_review_on) + (" (overdue)" if row.review_overdue else "")
            if row.next_review_on
            else "Not set",
        )
        return values[column]

    @staticmethod
    def _warns(row: PortfolioRisk, column: int) -> bool:
        return (column == 4 and row.outside_appetite) or (column == 6 and row.review_overdue)


class ProjectRisksModel(RowTableModel[ProjectRiskSummary]):
    """Each project's open risks, those outside appetite, overdue reviews, worst score."""

    columns = ("Project", "Name", "Open", "Outside appetite", "Overdue", "Highest")
    #: Short headers keep the table beside the heat map; the tooltips say them in full.
    header_tips = (
        "Project reference",
        "Project name",
        "Open risks (draft, open or escalated)",
        "Open risks whose residual score is above their category's tolerance",
        "Open risks whose review date has passed",
        "Highest residual score and its band",
    )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips[section]
        return super().headerData(section, orientation, role)

    def cell(self, row: ProjectRiskSummary, column: int, role: int) -> Any:
        if role == PROJECT_ID_ROLE:
            return row.project_id
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 4:
            return _RIGHT
        if role == Qt.ItemDataRole.DecorationRole and column == 5 and row.highest_band:
            return swatch(row.highest_band.colour)
        if role == Qt.ItemDataRole.ForegroundRole and column in (3, 4) and self._count(row, column):
            return _WARNING
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return row.project_name
        return None

    @staticmethod
    def _count(row: ProjectRiskSummary, column: int) -> int:
        return (row.open_risks, row.outside_appetite, row.overdue_reviews)[column - 2]

    @classmethod
    def _display(cls, row: ProjectRiskSummary, column: int) -> str:
        if column == 0:
            return row.project_reference
        if column == 1:
            return row.project_name
        if column == 5:
            band = row.highest_band.name if row.highest_band else ""
            return _score_text(row.highest_residual_score, band)
        return str(cls._count(row, column))

    @classmethod
    def _sort_key(cls, row: ProjectRiskSummary, column: int) -> Any:
        if column == 5:
            return row.highest_residual_score or 0
        if 2 <= column <= 4:
            return cls._count(row, column)
        return cls._display(row, column).casefold()


def _table(model: Any) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


class PortfolioRisksPage(DocumentPage):
    """Risk across the portfolio; double-click a row to open its project."""

    #: The project whose row the user opened.
    project_opened = Signal(int)
    #: (project id, risk id) of a top risk the user opened.
    risk_opened = Signal(int, int)
    #: Re-emitted from the heat map: (stage, likelihood, impact).
    cell_clicked = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: MatrixView | None = None
        self.cell: tuple[int, int] | None = None
        self.risks_model = TopRisksModel(self)
        self.projects_model = ProjectRisksModel(self)
        self.projects_proxy = QSortFilterProxyModel(self)
        self.projects_proxy.setSourceModel(self.projects_model)
        self.projects_proxy.setSortRole(SORT_ROLE)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        heading = QLabel("Portfolio risks")
        heading.setObjectName("pageHeading")
        intro = QLabel("Open risks in active projects. Click a cell to list the risks in it.")
        intro.setObjectName("muted")
        self.settings_button = QPushButton("Risk settings…")
        self.heat_map = HeatMapWidget("residual")
        self.heat_map.setFixedSize(360, 320)
        self.projects_table = _table(self.projects_proxy)
        self.projects_table.setSortingEnabled(True)
        self.projects_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.projects_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.risks_table = _table(self.risks_model)
        self.risks_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.risks_heading = QLabel()
        font = self.risks_heading.font()
        font.setBold(True)
        self.risks_heading.setFont(font)
        self.show_top_button = QPushButton("Show top risks")
        self.show_top_button.hide()
        self.export_button = view_export_button(
            self.risks_table, lambda: f"Portfolio: {self.risks_heading.text()}", "Portfolio risks"
        )
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        self._lay_out(heading, intro)

    def _lay_out(self, heading: QLabel, intro: QLabel) -> None:
        title_row = QHBoxLayout()
        title_row.addWidget(heading)
        title_row.addStretch(1)
        title_row.addWidget(self.settings_button)
        projects = QGroupBox("Projects")
        QVBoxLayout(projects).addWidget(self.projects_table)
        top = QHBoxLayout()
        top.addWidget(self.heat_map, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(projects, 1)
        risks_row = QHBoxLayout()
        risks_row.addWidget(self.risks_heading)
        risks_row.addStretch(1)
        risks_row.addWidget(self.show_top_button)
        risks_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addLayout(risks_row)
        layout.addWidget(self.risks_table, 1)

    def _connect_signals(self) -> None:
        self.heat_map.cell_clicked.connect(self._on_cell)
        self.heat_map.cell_clicked.connect(self.cell_clicked)
        self.show_top_button.clicked.connect(self.show_top_risks)
        self.projects_table.activated.connect(self._open_project)
        self.risks_table.activated.connect(self._open_risk)
        self.settings_button.clicked.connect(self._edit_settings)

    # ----- loading ------------------------------------------------------------------
    def set_document(self, document: DatabaseDocument | None) -> None:
        """Show ``document``'s portfolio (None shows nothing) and follow its changes."""
        self.cell = None
        self.heat_map.clear_selection()
        super().set_document(document)

    def reload(self) -> None:
        """Read everything again; call after any change to the open file."""
        self._stale = False
        self.settings_button.setEnabled(self.document is not None)
        if self.document is None:
            self.risks_model.set_rows([])
            self.projects_model.set_rows([])
            return
        db = self.document.db
        try:
            self.matrix = load_matrix(db)
            counts = heat_map_counts(db, project_id=None, stage="residual")
            summaries = portfolio_risk_summary(db)
        except CommissionerError as error:
            self._show_error(f"Cannot read the portfolio's risks: {error}")
            return
        self.heat_map.set_counts(counts, self.matrix)
        self.projects_model.set_rows(summaries)
        self.projects_table.resizeColumnsToContents()
        self._load_risks()

    def show_top_risks(self) -> None:
        self.cell = None
        self.heat_map.clear_selection()
        self._load_risks()

    def _on_cell(self, _stage: str, likelihood: int, impact: int) -> None:
        self.cell = (likelihood, impact)
        self._load_risks()

    def _load_risks(self) -> None:
        if self.document is None:
            return
        try:
            if self.cell is None:
                rows = top_risks(self.document.db, TOP_RISK_COUNT)
            else:
                rows = top_risks(self.document.db, CELL_RISK_LIMIT, residual_cell=self.cell)
        except CommissionerError as error:
            self._show_error(f"Cannot read the portfolio's risks: {error}")
            return
        self.message.hide()
        self.risks_model.set_rows(rows)
        self.risks_table.resizeColumnsToContents()
        self.risks_heading.setText(self._risks_title(len(rows)))
        self.show_top_button.setVisible(self.cell is not None)

    def _risks_title(self, shown: int) -> str:
        if self.cell is None:
            return f"Top {shown} risks by residual score" if shown else "No open risks"
        likelihood, impact = self.cell
        words = (
            self.matrix.label(MatrixAxis.LIKELIHOOD, likelihood) if self.matrix else likelihood,
            self.matrix.label(MatrixAxis.IMPACT, impact) if self.matrix else impact,
        )
        noun = "risk" if shown == 1 else "risks"
        return f"{shown} {noun} with likelihood {words[0]} and impact {words[1]}"

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # ----- actions ------------------------------------------------------------------
    def _open_project(self, index: QModelIndex) -> None:
        self.project_opened.emit(int(index.data(PROJECT_ID_ROLE)))

    def _open_risk(self, index: QModelIndex) -> None:
        project_id = int(index.data(PROJECT_ID_ROLE))
        self.risk_opened.emit(project_id, int(index.data(RISK_ID_ROLE)))
        self.project_opened.emit(project_id)

    def _edit_settings(self) -> None:
        if self.document is not None:
            edit_risk_settings(self.document, self)
