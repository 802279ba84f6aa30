"""A project's workspace: a sidebar of areas beside the chosen area's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.services.audit_trail import AuditFilter
from commissioner.services.costs import get_cost_position
from commissioner.services.projects import ProjectDetail
from commissioner.services.supplier_overview import supplier_overview
from commissioner.storage import Database
from commissioner.ui.actions_area import ActionsArea
from commissioner.ui.alignment_area import AlignmentArea
from commissioner.ui.areas import ProjectArea
from commissioner.ui.audit_view import AuditTrailPanel
from commissioner.ui.benefits_area import BenefitsArea
from commissioner.ui.change_requests_area import ChangeRequestsArea
from commissioner.ui.communications_area import CommunicationsArea
from commissioner.ui.confidence_area import ConfidenceArea
from commissioner.ui.confirmations_area import ConfirmationsArea
from commissioner.ui.costs_area import CostsArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.duty_to_warn_area import DutyToWarnArea
from commissioner.ui.golden_thread_area import GoldenThreadArea
from commissioner.ui.overview import OverviewPage
from commissioner.ui.packs_area import PacksArea
from commissioner.ui.risks_area import RisksArea
from commissioner.ui.skills_area import SkillsArea
from commissioner.ui.stages_area import StagesArea
from commissioner.ui.stakeholders_area import StakeholdersArea
from commissioner.ui.suppliers_area import SuppliersArea
from commissioner.ui.team_area import TeamArea
from commissioner.ui.training_area import TrainingArea
from commissioner.ui.use_cases_area import UseCasesArea

#: Areas between Overview and Audit trail, in sidebar order; each new area adds itself here.
AREA_CLASSES: list[type[ProjectArea]] = [
    StagesArea,
    ConfidenceArea,
    GoldenThreadArea,
    BenefitsArea,
    CostsArea,
    ChangeRequestsArea,
    RisksArea,
    StakeholdersArea,
    CommunicationsArea,
    ActionsArea,
    ConfirmationsArea,
    TeamArea,
    SkillsArea,
    TrainingArea,
    SuppliersArea,
    AlignmentArea,
    DutyToWarnArea,
    UseCasesArea,
    PacksArea,
]


class ProjectWorkspace(QWidget):
    """Shows one project; its buttons ask the main window to act on it."""

    back_requested = Signal()
    edit_requested = Signal()
    archive_requested = Signal()
    delete_requested = Signal()
    #: (table name, record id, title) of a record whose history the user asked for.
    history_requested = Signal(str, int, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.project: ProjectDetail | None = None
        self.document: DatabaseDocument | None = None
        self.audit_panel: AuditTrailPanel | None = None
        self.areas: list[ProjectArea] = []
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.back_button = QPushButton("← Portfolio")
        self.title = QLabel()
        self.title.setObjectName("pageHeading")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("muted")
        self.edit_button = QPushButton("Edit project…")
        self.archive_button = QPushButton("Archive")
        self.delete_button = QPushButton("Delete…")
        self.history_button = QPushButton("History…")
        self.history_button.setToolTip("Every change to this project's own record")
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        for button in (
            self.history_button,
            self.edit_button,
            self.archive_button,
            self.delete_button,
        ):
            header.addWidget(button)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setMaximumWidth(220)
        self.pages = QStackedWidget()
        self.overview = OverviewPage()
        self.audit_holder = QWidget()
        QVBoxLayout(self.audit_holder).setContentsMargins(0, 0, 0, 0)
        self._rebuild_areas()
        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([180, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.back_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        self.archive_button.clicked.connect(self.archive_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.history_button.clicked.connect(self._project_history)
        self.overview.stages_table.activated.connect(self._stage_history)

    def _project_history(self) -> None:
        if self.project is not None:
            title = f"{self.project.reference} {self.project.name}"
            self.history_requested.emit("projects", self.project.id, title)

    def _stage_history(self, index: QModelIndex) -> None:
        if self.project is not None:
            stage = self.project.stages[index.row()]
            title = f"{self.project.reference} – {stage.kind.label}"
            self.history_requested.emit("stages", stage.id, title)

    def area_titles(self) -> list[str]:
        return [self.sidebar.item(row).text() for row in range(self.sidebar.count())]

    def _rebuild_areas(self) -> None:
        """Make a fresh page for every area, bound to the open document."""
        current = self.sidebar.currentRow()
        for area in self.areas:
            self.pages.removeWidget(area)
            area.deleteLater()
        self.areas = (
            [area_class(self.document) for area_class in AREA_CLASSES] if self.document else []
        )
        self.sidebar.clear()
        self.pages.removeWidget(self.overview)
        self.pages.removeWidget(self.audit_holder)
        self.sidebar.addItem("Overview")
        self.pages.addWidget(self.overview)
        for area in self.areas:
            self.sidebar.addItem(area.title)
            self.pages.addWidget(area)
        self.sidebar.addItem("Audit trail")
        self.pages.addWidget(self.audit_holder)
        self.sidebar.setCurrentRow(max(current, 0))

    def show_project(self, project: ProjectDetail, document: DatabaseDocument) -> None:
        """Show ``project``; keeps the chosen area when the same project is refreshed."""
        if document is not self.document:
            self.document = document
            self.project = None
            self._rebuild_areas()
        same = self.project is not None and self.project.id == project.id
        self.project = project
        db = document.db
        self.title.setText(f"{project.reference}  {project.name}")
        self.subtitle.setText(
            f"{project.service_area} · {project.current_stage.label} · "
            f"{project.protective_marking.label}"
        )
        self.archive_button.setText("Restore from archive" if project.archived else "Archive")
        self.overview.show_project(project)
        today = dt.date.today()
        self.overview.show_costs(get_cost_position(db, project.id, today))
        self.overview.show_suppliers(supplier_overview(db, project.id, today))
        for area in self.areas:
            area.show_project(project.id)
        if same and self.audit_panel is not None:
            self.audit_panel.reload()
        else:
            self._replace_audit_panel(db, project.id)
            self.sidebar.setCurrentRow(0)

    def _replace_audit_panel(self, db: Database, project_id: int) -> None:
        layout = self.audit_holder.layout()
        assert layout is not None
        if self.audit_panel is not None:
            layout.removeWidget(self.audit_panel)
            self.audit_panel.deleteLater()
        self.audit_panel = AuditTrailPanel(db, AuditFilter(project_id=project_id))
        layout.addWidget(self.audit_panel)

    def show_area(self, name: str) -> None:
        self.sidebar.setCurrentRow(self.area_titles().index(name))
