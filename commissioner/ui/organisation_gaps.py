"""Organisation-wide skills gaps: every active project's gaps, largest first, and a
summary by competency — how many people are short — so the CRO sees where to invest.

Double-click a gap (or press Enter on it) to open its project.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QVBoxLayout, QWidget

from commissioner.errors import CommissionerError
from commissioner.services.skills import GapRow, organisation_gaps
from commissioner.services.skills_summary import CompetencyShortfall, competency_shortfalls
from commissioner.ui.document_page import DocumentPage
from commissioner.ui.table_model import RowTableModel, record_table

#: The project behind a gap row.
PROJECT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

GAP_COLUMNS = (
    "Project",
    "Person",
    "Role",
    "Competency",
    "Required",
    "Current",
    "Gap",
    "Action planned",
)
ACTION_COLUMN = 7
SUMMARY_COLUMNS = ("Competency", "Role", "People short", "Gaps", "Largest gap", "With no action")
_WARNING = QColor("#b3261e")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SHOWN = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def _count(count: int, noun: str, plural: str = "") -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _levels(count: int) -> str:
    return _count(count, "level")


class OrganisationGapsModel(RowTableModel[GapRow]):
    """Every active project's gaps, in the service's order (largest first)."""

    columns = GAP_COLUMNS

    def cell(self, row: GapRow, column: int, role: int) -> Any:
        if role == PROJECT_ID_ROLE:
            return row.project_id
        if role == Qt.ItemDataRole.ForegroundRole and column == ACTION_COLUMN:
            return None if row.open_action else _WARNING
        if role not in _SHOWN:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{row.project_reference} {row.project_name}"
        rated = row.current.rated_on is not None
        current = row.current.level.label
        return (
            row.project_reference,
            row.full_name,
            row.role.label,
            row.competency_name,
            row.required.label,
            current if rated else f"{current} (not rated)",
            _levels(row.gap),
            row.open_action or "No action",
        )[column]


class CompetencyShortfallModel(RowTableModel[CompetencyShortfall]):
    columns = SUMMARY_COLUMNS

    def cell(self, row: CompetencyShortfall, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3, 5):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and row.without_action:
            return _WARNING
        if role not in _SHOWN:
            return None
        return (
            row.competency_name,
            row.role_label,
            str(row.people_short),
            str(row.gaps),
            _levels(row.largest_gap),
            str(row.without_action),
        )[column]


class OrganisationGapsPage(DocumentPage):
    """Skills gaps across the organisation; double-click a gap to open its project."""

    #: The project whose gap the user opened.
    project_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = OrganisationGapsModel(self)
        self.summary_model = CompetencyShortfallModel(self)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        heading = QLabel("Organisation-wide skills gaps")
        heading.setObjectName("pageHeading")
        heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.intro = QLabel()
        self.intro.setObjectName("muted")
        self.intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.summary_table = self._table(self.summary_model, 0)
        self.table = self._table(self.model, ACTION_COLUMN)
        widths = {0: 110, 1: 140, 2: 190, 3: 320, 4: 100, 5: 110, 6: 70}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(_titled("Where the organisation is short", self.summary_table))
        splitter.addWidget(_titled("Every gap, largest first", self.table))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    @staticmethod
    def _table(model: RowTableModel[Any], stretch: int) -> Any:
        table = record_table(model)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _connect_signals(self) -> None:
        # activated is a double-click, or Enter on the current row.
        self.table.activated.connect(self._open_project)

    # ----- loading ------------------------------------------------------------------
    def reload(self) -> None:
        """Read every active project's gaps again."""
        self._stale = False
        if self.document is None:
            self._show([])
            return
        try:
            rows = organisation_gaps(self.document.db)
        except CommissionerError as error:
            self.message.setText(f"Cannot read the skills gaps: {error}")
            self.message.show()
            return
        self.message.hide()
        self._show(rows)

    def _show(self, rows: list[GapRow]) -> None:
        self.model.set_rows(rows)
        self.summary_model.set_rows(competency_shortfalls(rows))
        self.summary_table.resizeColumnsToContents()
        self.intro.setText(self._summary(rows))

    @staticmethod
    def _summary(rows: list[GapRow]) -> str:
        if not rows:
            return "No skills gaps on any active project."
        people = len({row.person_id for row in rows})
        projects = len({row.project_id for row in rows})
        unplanned = sum(1 for row in rows if not row.open_action)
        return (
            f"{_count(len(rows), 'gap')} held by {_count(people, 'person', 'people')} across "
            f"{_count(projects, 'active project')}; {unplanned} with no training action yet. "
            "Double-click a gap to open its project."
        )

    # ----- actions ------------------------------------------------------------------
    def _open_project(self, index: QModelIndex) -> None:
        project_id = index.data(PROJECT_ID_ROLE)
        if project_id is not None:
            self.project_opened.emit(int(project_id))


def _titled(title: str, table: QWidget) -> QWidget:
    panel = QWidget()
    label = QLabel(title)
    label.setStyleSheet("font-size: 14px; font-weight: 600; color: #1d3d6b;")
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(label)
    layout.addWidget(table, 1)
    return panel
