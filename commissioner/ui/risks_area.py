"""The Risks and RAID area: the project's register, the selected entry, and room for heat maps."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.enums import RaidKind, RaidStatus
from commissioner.services import risks
from commissioner.services.risk_entries import RaidEntry
from commissioner.services.risk_input import RiskInput
from commissioner.services.risk_register import RegisterFilter, count_register, register_owners
from commissioner.services.risk_settings import RiskSettings, load_risk_settings
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.register_files import register_files_button
from commissioner.ui.risk_commands import (
    AddEntryCommand,
    CloseEntryCommand,
    EditEntryCommand,
    RaiseIssueCommand,
)
from commissioner.ui.risk_detail import EntryDetailPanel
from commissioner.ui.risk_dialogs import RaiseIssueDialog, RiskDialog, issue_from_risk
from commissioner.ui.risk_filter_bar import RegisterFilterBar
from commissioner.ui.risk_heat_maps import RiskHeatMapsPanel
from commissioner.ui.risk_register_model import ITEM_ID_ROLE, RiskRegisterModel

#: Starting widths of the register's columns (the last one stretches).
_COLUMN_WIDTHS = (56, 96, 290, 160, 120, 88, 88, 88, 132, 84, 78, 168)
#: The register opens with the most severe risks first.
_DEFAULT_SORT = ("residual", 6)


class RisksArea(ProjectArea):
    """A project's RAID log, filtered and sorted in SQL, edited through undoable commands.

    ``side_panel`` is an empty column on the right for the heat maps; it shows once
    something is put in it.
    """

    title = "Risks and RAID"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.settings: RiskSettings = load_risk_settings(document.db)
        self.entry: RaidEntry | None = None
        self.model = RiskRegisterModel(
            document.db,
            self.settings,
            RegisterFilter(project_id=-1, sort=_DEFAULT_SORT[0], descending=True),
        )
        self.model.setParent(self)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.add_button = QPushButton("Add…")
        add_menu = QMenu(self.add_button)
        for kind in RaidKind:
            add_menu.addAction(kind.label, partial(self.add_entry, kind))
        self.add_button.setMenu(add_menu)
        self.edit_button = QPushButton("Edit or re-score…")
        self.close_button = QPushButton("Close")
        self.raise_issue_button = QPushButton("Raise issue from risk…")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.close_button):
            buttons.addWidget(button)
        buttons.addWidget(self.raise_issue_button)
        buttons.addStretch(1)
        self.files_button = register_files_button(
            self, self.document, lambda: self.project_id, self.shown_filter
        )
        buttons.addWidget(self.files_button)
        self.filters = RegisterFilterBar()
        self.table = self._register_table()
        self.detail = EntryDetailPanel(self.document)
        self.register_splitter = QSplitter(Qt.Orientation.Vertical)
        self.register_splitter.addWidget(self.table)
        self.register_splitter.addWidget(self.detail)
        self.register_splitter.setSizes([520, 200])
        main = QWidget()
        column = QVBoxLayout(main)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.filters)
        column.addWidget(self.register_splitter, 1)
        self.side_widget = QWidget()
        self.side_panel = QVBoxLayout(self.side_widget)
        self.side_panel.setContentsMargins(0, 0, 0, 0)
        self.heat_maps = RiskHeatMapsPanel()
        self.side_panel.addWidget(self.heat_maps)
        self.side_widget.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(main)
        self.splitter.addWidget(self.side_widget)
        self.splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _register_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(_DEFAULT_SORT[1], Qt.SortOrder.DescendingOrder)
        for column, width in enumerate(_COLUMN_WIDTHS):
            table.setColumnWidth(column, width)
        table.setSortingEnabled(True)
        return table

    def _connect_signals(self) -> None:
        self.filters.changed.connect(self.apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self.edit_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.close_button.clicked.connect(self.close_selected)
        self.raise_issue_button.clicked.connect(self.raise_issue_from_selected)
        self.heat_maps.cell_chosen.connect(self.filter_by_cell)

    # Reading

    def reload(self) -> None:
        assert self.project_id is not None
        self.settings = load_risk_settings(self.document.db)
        self.model.set_settings(self.settings)
        owners = register_owners(self.document.db, self.project_id)
        self.filters.set_choices(self.settings, owners)
        self.apply_filter()
        self.heat_maps.show_project(self.document.db, self.project_id)
        self.side_widget.setVisible(self.side_panel.count() > 0)

    def current_filter(self) -> RegisterFilter:
        base = replace(self.model.register_filter, project_id=self.project_id)
        return self.filters.apply_to(base, dt.date.today())

    def shown_filter(self) -> RegisterFilter | None:
        """The filter and order of the entries the register shows, for exporting them."""
        return self.model.register_filter if self.project_id is not None else None

    def apply_filter(self) -> None:
        if self.project_id is None:
            return
        kept = self.entry.id if self.entry else None
        self.model.set_filter(self.current_filter())
        everything = count_register(self.document.db, RegisterFilter(project_id=self.project_id))
        self.filters.show_count(self.model.total, everything)
        self.heat_maps.show_cell(self.filters.cell)
        self.select_entry(kept)

    def filter_by_cell(self, stage: str, likelihood: int, impact: int) -> None:
        """Show only entries in one heat-map cell (stage: inherent, residual or target)."""
        self.filters.set_cell(stage, likelihood, impact)

    def clear_cell_filter(self) -> None:
        self.filters.clear_cell()

    def select_entry(self, item_id: int | None) -> None:
        """Select ``item_id`` if the register shows it; otherwise clear the detail."""
        row = self.model.row_of(item_id) if item_id is not None else None
        if row is None:
            self.table.clearSelection()
            self._show_entry(None)
            return
        self.table.selectRow(row)
        self._show_entry(item_id)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show_entry(int(rows[0].data(ITEM_ID_ROLE)) if rows else None)

    def _show_entry(self, item_id: int | None) -> None:
        try:
            self.entry = risks.get_raid_entry(self.document.db, item_id) if item_id else None
        except CommissionerError:
            self.entry = None
        self.detail.show_entry(self.entry, self.settings)
        writable = not self.document.db.read_only
        entry = self.entry
        live = entry is not None and entry.status is not RaidStatus.CLOSED
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and entry is not None)
        self.close_button.setEnabled(writable and live)
        is_risk = entry is not None and entry.kind is RaidKind.RISK
        self.raise_issue_button.setEnabled(writable and is_risk)

    # Editing

    def add_entry(self, kind: RaidKind) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        added: list[int] = []

        def submit(form: RiskInput) -> None:
            command = AddEntryCommand(self.document, project_id, form)
            command.run_first()
            added.append(command.item_id or 0)

        initial = RiskInput(title="", kind=kind, owner=self.document.db.actor)
        title = f"Add {kind.label.lower()}"
        RiskDialog(self.settings, submit, initial=initial, title=title, parent=self).exec()
        if added:
            self.select_entry(added[-1])

    def edit_selected(self) -> None:
        entry = self.entry
        if entry is None:
            return

        def submit(form: RiskInput) -> None:
            command = EditEntryCommand(
                self.document, entry.project_id, entry.id, entry.reference, form
            )
            command.run_first()

        title = f"{entry.reference} {entry.title}"
        initial = entry.as_input()
        RiskDialog(self.settings, submit, initial=initial, title=title, parent=self).exec()

    def close_selected(self) -> None:
        entry = self.entry
        if entry is None:
            return
        question = f"Close {entry.reference} “{entry.title}” as of today?"
        if not confirm(self, "Close entry", question, "Close"):
            return
        try:
            CloseEntryCommand(
                self.document, entry.project_id, entry.id, entry.reference
            ).run_first()
        except CommissionerError as error:
            show_problem(self, "Close entry", str(error))

    def raise_issue_from_selected(self) -> None:
        risk = self.entry
        if risk is None or risk.kind is not RaidKind.RISK:
            return
        raised: list[int] = []

        def submit(answer: tuple[RiskInput, bool]) -> None:
            form, close_risk = answer
            command = RaiseIssueCommand(
                self.document, risk.project_id, risk.id, form, close_risk=close_risk
            )
            command.run_first()
            raised.append(command.raised.issue_id if command.raised else 0)

        initial = issue_from_risk(risk.title, risk.owner, risk.category_id, risk.challenge)
        RaiseIssueDialog(
            self.settings, submit, risk_reference=risk.reference, initial=initial, parent=self
        ).exec()
        if raised:
            self.select_entry(raised[-1])
