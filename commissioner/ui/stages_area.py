"""The Stages and gates area: the timeline, each stage's checklist, gates and conditions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.enums import ConditionStatus, StageKind, StageStatus
from commissioner.models.stage_rules import done_count
from commissioner.services import stages
from commissioner.services.gate_input import dates_as_input
from commissioner.services.stages import (
    ChecklistLine,
    ConditionView,
    GateInput,
    GateView,
    ProjectStages,
    StageDatesInput,
    StageView,
)
from commissioner.ui.areas import ProjectArea
from commissioner.ui.checklist_templates_dialog import ChecklistTemplatesDialog
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.gate_dialog import GateDialog
from commissioner.ui.messages import show_problem
from commissioner.ui.stage_commands import (
    AdvanceStageCommand,
    EditStageDatesCommand,
    RecordGateCommand,
    ReplaceTemplatesCommand,
    SetConditionStatusCommand,
    ToggleChecklistItemCommand,
)
from commissioner.ui.stage_dialogs import AdvanceDialog, StageDatesDialog
from commissioner.ui.stage_models import (
    ChecklistModel,
    ConditionsModel,
    GatesModel,
    StageTableModel,
    snapshot_summary,
)
from commissioner.ui.stage_timeline import StageTimeline


def _table(model: object, *, stretch: int | None = None) -> QTableView:
    table = QTableView()
    table.setModel(model)  # type: ignore[arg-type]
    table.verticalHeader().hide()
    # Compact rows: this page shows five tables at once.
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _note() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class StagesArea(ProjectArea):
    title = "Stages and gates"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.stages: ProjectStages | None = None
        self.selected_kind: StageKind | None = None
        self.selected_gate_id: int | None = None
        self.today = dt.date.today()
        self._build()
        self._connect_signals()

    # ----- construction -------------------------------------------------
    def _build(self) -> None:
        self.timeline = StageTimeline()
        self.stage_model = StageTableModel(self)
        self.stage_table = _table(self.stage_model)
        details = QSplitter(Qt.Orientation.Horizontal)
        details.addWidget(self._checklist_box())
        details.addWidget(self._gates_box())
        details.setSizes([420, 580])
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(self._actions())
        lower_layout.addWidget(self.stage_table)
        lower_layout.addWidget(details, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([215, 445])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _actions(self) -> QHBoxLayout:
        self.position = QLabel()
        self.position.setTextFormat(Qt.TextFormat.PlainText)
        self.record_gate_button = QPushButton("Record gate decision…")
        self.advance_button = QPushButton("Advance to next stage…")
        self.edit_dates_button = QPushButton("Edit dates…")
        self.templates_button = QPushButton("Stage checklists…")
        self.templates_button.setToolTip("The checklist each new project's stages start with")
        actions = QHBoxLayout()
        actions.addWidget(self.position, 1)
        for button in (
            self.record_gate_button,
            self.advance_button,
            self.edit_dates_button,
            self.templates_button,
        ):
            actions.addWidget(button)
        return actions

    def _checklist_box(self) -> QWidget:
        self.checklist_model = ChecklistModel(self)
        self.checklist_view = _table(self.checklist_model, stretch=0)
        self.checklist_box = QGroupBox("Evidence checklist")
        self.override_note = _note()
        self.override_note.setObjectName("fieldError")
        layout = QVBoxLayout(self.checklist_box)
        layout.addWidget(self.checklist_view)
        layout.addWidget(self.override_note)
        return self.checklist_box

    def _gates_box(self) -> QWidget:
        self.gates_model = GatesModel(self)
        self.gates_table = _table(self.gates_model)
        self.gate_notes = _note()
        self.conditions_model = ConditionsModel(self)
        self.conditions_table = _table(self.conditions_model, stretch=0)
        for column in range(1, self.conditions_model.columnCount()):
            self.conditions_table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.met_button = QPushButton("Condition met")
        self.waive_button = QPushButton("Waive condition")
        self.reopen_button = QPushButton("Reopen condition")
        condition_buttons = QVBoxLayout()
        for button in (self.met_button, self.waive_button, self.reopen_button):
            condition_buttons.addWidget(button)
        condition_buttons.addStretch(1)
        conditions = QHBoxLayout()
        conditions.addWidget(self.conditions_table, 1)
        conditions.addLayout(condition_buttons)
        self.snapshot_note = _note()
        self.snapshot_note.setObjectName("muted")
        self.gates_box = QGroupBox("Gate decisions")
        layout = QVBoxLayout(self.gates_box)
        layout.addWidget(self.gates_table, 1)
        layout.addWidget(self.gate_notes)
        layout.addLayout(conditions, 1)
        layout.addWidget(self.snapshot_note)
        return self.gates_box

    def _connect_signals(self) -> None:
        self.stage_table.horizontalScrollBar().rangeChanged.connect(
            lambda *_: self._fit_stage_table()
        )
        self.stage_table.selectionModel().currentRowChanged.connect(self._stage_chosen)
        self.gates_table.selectionModel().currentRowChanged.connect(self._gate_chosen)
        self.conditions_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_condition_buttons()
        )
        # Queued, so the reload a command causes happens after the click is handled.
        self.checklist_model.toggle_requested.connect(
            self.toggle_item, Qt.ConnectionType.QueuedConnection
        )
        self.record_gate_button.clicked.connect(self.record_gate)
        self.advance_button.clicked.connect(self.advance)
        self.edit_dates_button.clicked.connect(self.edit_dates)
        self.templates_button.clicked.connect(self.edit_templates)
        self.met_button.clicked.connect(lambda: self.set_condition(ConditionStatus.MET))
        self.waive_button.clicked.connect(lambda: self.set_condition(ConditionStatus.WAIVED))
        self.reopen_button.clicked.connect(lambda: self.set_condition(ConditionStatus.OPEN))

    # ----- showing ------------------------------------------------------
    def reload(self) -> None:
        assert self.project_id is not None
        self.today = dt.date.today()
        self.stages = stages.get_stages(self.document.db, self.project_id)
        if self.selected_kind is None:
            self.selected_kind = self.stages.current_stage
        self.stage_model.set_stages(self.stages.stages, self.stages.current_stage, self.today)
        self.stage_table.resizeColumnsToContents()
        self._fit_stage_table()
        row = [stage.kind for stage in self.stages.stages].index(self.selected_kind)
        # The reset cleared the current row, so this shows the stage through _stage_chosen.
        self.stage_table.setCurrentIndex(self.stage_model.index(row, 0))
        self._show_position(self.stages)
        self.timeline.show_timeline(stages.timeline(self.stages, self.today))

    def _fit_stage_table(self) -> None:
        """Tall enough for all five stages, and a scroll bar when the columns do not fit."""
        table = self.stage_table
        rows = table.verticalHeader().length()
        header = table.horizontalHeader().sizeHint().height()
        scroll_bar = table.horizontalScrollBar()
        room = scroll_bar.sizeHint().height() if scroll_bar.maximum() > 0 else 0
        table.setFixedHeight(rows + header + room + 2 * table.frameWidth())

    def show_project(self, project_id: int) -> None:
        if project_id != self.project_id:
            self.selected_kind, self.selected_gate_id = None, None
        super().show_project(project_id)

    def _show_position(self, project: ProjectStages) -> None:
        current = project.current
        following = project.next_stage
        gate = current.latest_gate
        latest = f"latest gate {gate.decision.label.lower()}" if gate else "no gate recorded yet"
        self.position.setText(f"Current stage: {current.kind.label} ({latest})")
        writable = not self.document.db.read_only
        for button in (self.edit_dates_button, self.templates_button):
            button.setEnabled(writable)
        self.advance_button.setEnabled(writable and following is not None and not project.archived)
        if project.archived:
            self.advance_button.setToolTip("Restore the project from the archive first")
        elif following is None:
            self.advance_button.setToolTip(f"{current.kind.label} is the last stage")
        else:
            self.advance_button.setToolTip(
                f"Finish {current.kind.label} and start {following.label}"
            )
        self.checklist_model.editable = writable

    def selected_stage(self) -> StageView | None:
        if self.stages is None or self.selected_kind is None:
            return None
        return self.stages.stage(self.selected_kind)

    def _stage_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.stages is not None and current.isValid():
            stage = self.stages.stages[current.row()]
            if stage.kind is not self.selected_kind:
                self.selected_kind, self.selected_gate_id = stage.kind, None
            self._show_stage(stage)

    def _show_stage(self, stage: StageView) -> None:
        self.checklist_model.set_rows(stage.checklist)
        count = f" ({done_count(stage.checklist)})" if stage.checklist else ""
        self.checklist_box.setTitle(f"Evidence checklist: {stage.kind.label}{count}")
        self.override_note.setText(
            f"Left without an approving gate. Reason: {stage.override_reason}"
            if stage.override_reason
            else ""
        )
        self.override_note.setVisible(bool(stage.override_reason))
        self.gates_box.setTitle(f"Gate decisions: {stage.kind.label}")
        self.gates_model.set_rows(stage.gates)
        self.gates_table.resizeColumnsToContents()
        ids = [gate.id for gate in stage.gates]
        row = ids.index(self.selected_gate_id) if self.selected_gate_id in ids else len(ids) - 1
        if row >= 0:  # shows the gate through _gate_chosen
            self.gates_table.setCurrentIndex(self.gates_model.index(row, 0))
        else:
            self._show_gate(None, stage)
        started = stage.status is not StageStatus.NOT_STARTED
        self.record_gate_button.setEnabled(not self.document.db.read_only and started)
        self.record_gate_button.setToolTip(
            f"Record the gate at the end of {stage.kind.label}"
            if started
            else f"{stage.kind.label} has not started, so it has no gate yet"
        )

    def _gate_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        stage = self.selected_stage()
        if stage is not None and current.isValid() and current.row() < len(stage.gates):
            gate = stage.gates[current.row()]
            self.selected_gate_id = gate.id
            self._show_gate(gate, stage)

    def _show_gate(self, gate: GateView | None, stage: StageView) -> None:
        if gate is None:
            self.gate_notes.setText(f"No gate decision is recorded for {stage.kind.label} yet.")
            self.conditions_model.set_conditions((), self.today)
            self.snapshot_note.setText("")
        else:
            by = f"{gate.decision.label} by {gate.decision_maker}"
            self.gate_notes.setText(f"{by}. {gate.notes}" if gate.notes else f"{by}.")
            self.conditions_model.set_conditions(gate.conditions, self.today)
            statuses = [condition.status for condition in gate.conditions]
            if statuses:
                first_open = statuses.index(ConditionStatus.OPEN) if "open" in statuses else 0
                self.conditions_table.setCurrentIndex(self.conditions_model.index(first_open, 0))
            self.snapshot_note.setText(snapshot_summary(gate))
        self._update_condition_buttons()

    def selected_condition(self) -> ConditionView | None:
        index = self.conditions_table.currentIndex()
        if not index.isValid():
            return None
        return self.conditions_model.row_at(index.row())

    def _update_condition_buttons(self) -> None:
        condition = self.selected_condition()
        writable = not self.document.db.read_only
        is_open = condition is not None and condition.status is ConditionStatus.OPEN
        self.met_button.setEnabled(writable and is_open)
        self.waive_button.setEnabled(writable and is_open)
        self.reopen_button.setEnabled(writable and condition is not None and not is_open)

    # ----- actions ------------------------------------------------------
    def _run(self, title: str, command: object) -> None:
        try:
            command.run_first()  # type: ignore[attr-defined]
        except CommissionerError as error:
            show_problem(self, title, str(error))

    def toggle_item(self, item: ChecklistLine, done: bool) -> None:
        if self.project_id is not None and item.done != done:
            command = ToggleChecklistItemCommand(
                self.document, self.project_id, item, done, dt.date.today()
            )
            self._run("Evidence checklist", command)

    def set_condition(self, status: ConditionStatus) -> None:
        condition = self.selected_condition()
        if self.project_id is not None and condition is not None:
            command = SetConditionStatusCommand(
                self.document, self.project_id, condition, status, dt.date.today()
            )
            self._run("Gate condition", command)

    def record_gate(self) -> None:
        stage, project_id = self.selected_stage(), self.project_id
        if stage is None or project_id is None:
            return

        def submit(form: GateInput) -> None:
            RecordGateCommand(self.document, project_id, stage.kind, stage.id, form).run_first()

        self.selected_gate_id = None  # show the new decision once it is recorded
        try:
            evidence = stages.gate_evidence(self.document.db, stage.id)
        except CommissionerError as error:
            show_problem(self, "Gate decision", str(error))
            return
        GateDialog(stage.kind, evidence, submit, parent=self).exec()

    def advance(self) -> None:
        project, project_id = self.stages, self.project_id
        if project is None or project_id is None:
            return
        entering = project.next_stage
        if entering is None:
            show_problem(self, "Advance", f"{project.current.kind.label} is the last stage.")
            return

        def submit(on: dt.date, reason: str) -> None:
            command = AdvanceStageCommand(self.document, project_id, entering, on, reason)
            command.run_first()

        leaving = project.current
        self.selected_kind = entering
        dialog = AdvanceDialog(leaving.kind, entering, leaving.refusal(), submit, parent=self)
        if not dialog.exec():
            self.selected_kind = leaving.kind

    def edit_dates(self) -> None:
        stage, project_id = self.selected_stage(), self.project_id
        if stage is None or project_id is None:
            return

        def submit(dates: StageDatesInput) -> None:
            command = EditStageDatesCommand(self.document, project_id, stage.kind, stage.id, dates)
            command.run_first()

        initial = dates_as_input(
            stage.planned_start, stage.planned_end, stage.actual_start, stage.actual_end
        )
        StageDatesDialog(stage.kind, stage.status, initial, submit, parent=self).exec()

    def edit_templates(self) -> None:
        def submit(changed: dict[StageKind, list[str]]) -> None:
            ReplaceTemplatesCommand(self.document, changed).run_first()

        templates = stages.list_templates(self.document.db)
        ChecklistTemplatesDialog(templates, submit, parent=self).exec()
