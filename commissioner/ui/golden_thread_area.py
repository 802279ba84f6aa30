"""The golden thread area: outcomes → objectives → services → KPIs as a tree, the gaps in
it, and the chosen KPI's trend and measurements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.io.table_export import TableExport
from commissioner.services import kpis
from commissioner.services.golden_thread import (
    GoldenThread,
    list_corporate_outcomes,
    read_golden_thread,
)
from commissioner.services.golden_thread_input import KpiInput, ObjectiveInput, ServiceInput
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    KPI,
    OBJECTIVE,
    SERVICE,
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.golden_thread_dialogs import KpiDialog, ObjectiveDialog, ServiceDialog
from commissioner.ui.golden_thread_models import NODE_KEY_ROLE, GapsModel, GoldenThreadModel
from commissioner.ui.kpi_panel import KpiPanel
from commissioner.ui.list_exports import kpi_list_export
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.record_form import run_form
from commissioner.ui.table_export_action import ExportButton, area_title

NodeKey = tuple[str, int | None]
_OPERATIONS = {"objective": OBJECTIVE, "service": SERVICE, "kpi": KPI}


class GoldenThreadArea(ProjectArea):
    title = "Golden thread"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.golden_thread: GoldenThread | None = None
        self.today = dt.date.today()
        self._build()
        self._connect_signals()

    # ----- construction -------------------------------------------------------------
    def _build(self) -> None:
        self.add_objective_button = QPushButton("Add objective…")
        self.add_service_button = QPushButton("Add service…")
        self.add_kpi_button = QPushButton("Add KPI…")
        self.record_button = QPushButton("Record measurement…")
        self.edit_button = QPushButton("Edit selected…")
        self.delete_button = QPushButton("Delete selected…")
        self.export_button = ExportButton(
            area_title(self, "KPIs"), self._kpi_export, text="Export KPIs…"
        )
        toolbar = QHBoxLayout()
        for button in (
            self.add_objective_button,
            self.add_service_button,
            self.add_kpi_button,
            self.record_button,
        ):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        toolbar.addWidget(self.edit_button)
        toolbar.addWidget(self.delete_button)
        toolbar.addWidget(self.export_button)
        self.kpi_panel = KpiPanel(self.document)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._thread_panel())
        self.splitter.addWidget(self.kpi_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addWidget(self.splitter, 1)

    def _thread_panel(self) -> QWidget:
        """The tree, and under it the list of gaps (one line each, in full as a tooltip)."""
        self.model = GoldenThreadModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.gaps_label = QLabel()
        self.gaps_label.setWordWrap(True)
        self.gaps_model = GapsModel(self)
        self.gaps_table = QTableView()
        self.gaps_table.setModel(self.gaps_model)
        self.gaps_table.verticalHeader().hide()
        self.gaps_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.gaps_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.gaps_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gaps_table.setWordWrap(False)
        self.gaps_table.horizontalHeader().setStretchLastSection(True)
        self.gaps_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        panel = QWidget()
        stack = QVBoxLayout(panel)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self.tree, 1)
        stack.addWidget(self.gaps_label)
        stack.addWidget(self.gaps_table)
        return panel

    def _fit_gaps_table(self) -> None:
        """Tall enough for up to five gaps; more scroll."""
        rows = min(self.gaps_model.rowCount(), 5)
        height = self.gaps_table.horizontalHeader().sizeHint().height()
        height += rows * self.gaps_table.verticalHeader().defaultSectionSize()
        self.gaps_table.setFixedHeight(height + 2 * self.gaps_table.frameWidth())
        self.gaps_table.resizeColumnToContents(0)

    def _connect_signals(self) -> None:
        self.add_objective_button.clicked.connect(self.add_objective)
        self.add_service_button.clicked.connect(self.add_service)
        self.add_kpi_button.clicked.connect(self.add_kpi)
        self.record_button.clicked.connect(self.kpi_panel.record_measurement)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.tree.doubleClicked.connect(lambda _index: self.edit_selected())
        self.gaps_table.clicked.connect(self._show_gap)

    # ----- showing ------------------------------------------------------------------
    def reload(self) -> None:
        if self.project_id is None:
            return
        kept = self.selected_key()
        self.today = dt.date.today()
        try:
            self.golden_thread = read_golden_thread(
                self.document.db, self.project_id, today=self.today
            )
        except CommissionerError as error:
            show_problem(self, "Cannot read the golden thread", str(error))
            return
        self.model.set_thread(self.golden_thread)
        self.tree.expandAll()
        self.gaps_model.set_rows(self.golden_thread.gaps)
        self.gaps_table.setVisible(bool(self.golden_thread.gaps))
        self._fit_gaps_table()
        self.gaps_label.setText(self._gaps_summary(self.golden_thread))
        if kept is None or not self.select(kept):
            self._on_selection()

    def _kpi_export(self, title: str) -> TableExport:
        if self.golden_thread is None:
            raise CommissionerError("Open a project to export its KPIs.")
        return kpi_list_export(title, self.golden_thread)

    @staticmethod
    def _gaps_summary(thread: GoldenThread) -> str:
        if not thread.objectives:
            return (
                "Start the golden thread: add the project's objectives, then the services "
                "that deliver them and the KPIs that measure them."
            )
        count = len(thread.gaps)
        if count == 0:
            return "No gaps: every link of the golden thread is in place."
        return f"<b>{count} gap{'s' if count != 1 else ''} in the golden thread</b>"

    def selected_key(self) -> NodeKey | None:
        rows = self.tree.selectionModel().selectedRows()
        return rows[0].data(NODE_KEY_ROLE) if rows else None

    def select(self, key: NodeKey) -> bool:
        """Select the first row showing ``key``; False when it is not in the tree."""
        index = self.model.find(key)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def _on_selection(self, *_args: QItemSelection) -> None:
        key = self.selected_key()
        kind = key[0] if key else None
        writable = not self.document.db.read_only and self.golden_thread is not None
        for button in (self.add_objective_button, self.add_service_button, self.add_kpi_button):
            button.setEnabled(writable)
        self.record_button.setEnabled(writable and kind == "kpi")
        self.edit_button.setEnabled(writable and kind in _OPERATIONS)
        self.delete_button.setEnabled(writable and kind in _OPERATIONS)
        if kind == "kpi" and key is not None and key[1] is not None:
            self._show_kpi(key[1])
        else:
            self.kpi_panel.clear()

    def _show_kpi(self, kpi_id: int) -> None:
        try:
            history = kpis.read_kpi_history(self.document.db, kpi_id)
        except CommissionerError as error:
            show_problem(self, "Cannot read the KPI", str(error))
            return
        self.kpi_panel.show_kpi(history, today=self.today)

    def _show_gap(self, index: QModelIndex) -> None:
        self.select(index.data(NODE_KEY_ROLE))

    # ----- editing ------------------------------------------------------------------
    def _chosen(self, kind: str) -> int | None:
        key = self.selected_key()
        return key[1] if key and key[0] == kind else None

    def _dialog(self, kind: str, submit: Callable[[Any], None], initial: Any, editing: bool) -> Any:
        """The form for a ``kind`` of record, offering the project's links."""
        assert self.golden_thread is not None
        objectives = [
            (objective.id, objective.label) for objective in self.golden_thread.objectives
        ]
        if kind == "objective":
            outcomes = list_corporate_outcomes(self.document.db)
            return ObjectiveDialog(outcomes, submit, initial, editing=editing, parent=self)
        if kind == "service":
            return ServiceDialog(objectives, submit, initial, editing=editing, parent=self)
        services = [(service.id, service.name) for service in self.golden_thread.services]
        return KpiDialog(services, objectives, submit, initial, editing=editing, parent=self)

    def _add(self, kind: str, initial: Any) -> None:
        project_id = self.project_id
        assert project_id is not None

        def action(form: Any) -> NodeKey:
            label = form.code.strip().upper() if hasattr(form, "code") else form.name.strip()
            command = AddRecordCommand(
                self.document, _OPERATIONS[kind], project_id, form, label=label
            )
            command.run_first()
            return (kind, command.record_id)

        made = run_form(lambda submit: self._dialog(kind, submit, initial, False), action)
        if made is not None:
            self.select(made)

    def add_objective(self) -> None:
        assert self.golden_thread is not None
        self._add("objective", ObjectiveInput(self.golden_thread.next_objective_code, ""))

    def add_service(self) -> None:
        objective = self._chosen("objective")
        self._add("service", ServiceInput("", "", (objective,) if objective else ()))

    def add_kpi(self) -> None:
        """A new KPI, linked to the chosen objective, or to the chosen service and its
        first objective."""
        assert self.golden_thread is not None
        objective, service = self._chosen("objective"), self._chosen("service")
        if service is not None:
            chosen = next(s for s in self.golden_thread.services if s.id == service)
            objective = chosen.objective_ids[0] if chosen.objective_ids else None
        initial = KpiInput(
            code=self.golden_thread.next_kpi_code,
            name="",
            target="",
            unit="%",
            tolerance="0",
            service_id=service,
            objective_ids=(objective,) if objective else (),
        )
        self._add("kpi", initial)

    def _summary(self, kind: str, record_id: int) -> Any:
        assert self.golden_thread is not None
        by_kind: dict[str, tuple[Any, ...]] = {
            "objective": self.golden_thread.objectives,
            "service": self.golden_thread.services,
            "kpi": self.golden_thread.kpis,
        }
        records = by_kind[kind]
        return next(record for record in records if record.id == record_id)

    def edit_selected(self) -> None:
        key = self.selected_key()
        if key is None or key[0] not in _OPERATIONS or self.document.db.read_only:
            return
        kind, record_id = key
        assert self.project_id is not None and record_id is not None
        summary = self._summary(kind, record_id)
        before, project_id = summary.as_input(), self.project_id

        def action(form: Any) -> NodeKey:
            operations = _OPERATIONS[kind]
            label = getattr(summary, "code", "") or summary.label
            EditRecordCommand(
                self.document, operations, project_id, record_id, before, form, label=label
            ).run_first()
            return key

        if run_form(lambda submit: self._dialog(kind, submit, before, True), action):
            self.select(key)

    def delete_selected(self) -> None:
        key = self.selected_key()
        if key is None or key[0] not in _OPERATIONS or self.project_id is None:
            return
        kind, record_id = key
        assert record_id is not None
        label = self.model.node(self.tree.currentIndex()).texts[0]
        question = {
            "objective": f"Delete {label}? Its links to services and KPIs go with it; "
            "benefits linked to it stay, unlinked.",
            "service": f"Delete {label}? Its KPIs stay, no longer tied to a service.",
            "kpi": f"Delete {label} and all its measurements?",
        }[kind]
        if not confirm(self, "Delete", f"{question} Edit → Undo brings it back.", "Delete"):
            return
        command = DeleteRecordCommand(
            self.document, _OPERATIONS[kind], self.project_id, record_id, label=label
        )
        try:
            command.run_first()
        except CommissionerError as error:
            show_problem(self, "Delete", str(error))
