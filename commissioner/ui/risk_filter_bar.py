"""The register's filters: type-to-filter, choices, flags, a heat-map cell and a movement date.

The bar only reads widgets into a ``RegisterFilter``; the SQL does the filtering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from commissioner.models.enums import RaidKind, RaidStatus
from commissioner.services.risk_register import LIVE_STATUSES, RegisterFilter
from commissioner.services.risk_settings import RiskSettings
from commissioner.ui.presentation import swatch
from commissioner.ui.risk_register_model import appetite_icon, overdue_icon

#: How far back movement is measured when the area first opens: one quarter.
DEFAULT_MOVEMENT_MONTHS = 3
_KIND_CHOICES = (
    ("All kinds", ()),
    ("Risks", (RaidKind.RISK,)),
    ("Assumptions", (RaidKind.ASSUMPTION,)),
    ("Issues", (RaidKind.ISSUE,)),
    ("Dependencies", (RaidKind.DEPENDENCY,)),
)
_STATUS_CHOICES = (
    ("Not closed", LIVE_STATUSES),
    ("All statuses", ()),
    *((status.label, (status,)) for status in RaidStatus),
)


def _combo(choices: Any, name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for label, data in choices:
        combo.addItem(label, data)
    return combo


class RegisterFilterBar(QWidget):
    """Emits ``changed`` whenever the filter the user sees has changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cell: tuple[str, int, int] | None = None
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.text = QLineEdit(placeholderText="Filter by title, reference, owner or description…")
        self.text.setClearButtonEnabled(True)
        self.kind = _combo(_KIND_CHOICES, "Kind")
        self.status = _combo(_STATUS_CHOICES, "Status")
        self.category = _combo((("All categories", None),), "Category")
        self.owner = _combo((("All owners", None),), "Owner")
        self.band = _combo((("All bands", None),), "Band")
        self.outside_appetite = QCheckBox("Outside appetite")
        self.outside_appetite.setIcon(appetite_icon())
        self.overdue_review = QCheckBox("Review overdue")
        self.overdue_review.setIcon(overdue_icon())
        self.since = QDateEdit(QDate.currentDate().addMonths(-DEFAULT_MOVEMENT_MONTHS))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("dd/MM/yyyy")
        self.cell_label = QLabel()
        self.cell_label.setObjectName("muted")
        self.clear_cell_button = QPushButton("Show all cells")
        self.count = QLabel()
        self.count.setObjectName("muted")
        self._debounce = QTimer(self, singleShot=True, interval=250)
        first = QHBoxLayout()
        first.addWidget(self.text, 1)
        choices = QHBoxLayout()
        for combo in (self.kind, self.status, self.category, self.owner, self.band):
            # Long category names must not squeeze the register: combos elide instead.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
            choices.addWidget(combo, 1)
        second = QHBoxLayout()
        second.addWidget(self.outside_appetite)
        second.addWidget(self.overdue_review)
        second.addSpacing(12)
        second.addWidget(QLabel("Movement since"))
        second.addWidget(self.since)
        second.addSpacing(12)
        second.addWidget(self.cell_label)
        second.addWidget(self.clear_cell_button)
        second.addStretch(1)
        first.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(choices)
        layout.addLayout(second)
        self._show_cell()

    def _connect_signals(self) -> None:
        self.text.textChanged.connect(self._debounce.start)
        self._debounce.timeout.connect(self.changed)
        for combo in (self.kind, self.status, self.category, self.owner, self.band):
            combo.currentIndexChanged.connect(self.changed)
        self.outside_appetite.toggled.connect(self.changed)
        self.overdue_review.toggled.connect(self.changed)
        self.since.dateChanged.connect(self.changed)
        self.clear_cell_button.clicked.connect(self.clear_cell)

    def set_choices(self, settings: RiskSettings, owners: list[str]) -> None:
        """Refill the category, owner and band lists, keeping each choice that still exists."""
        categories = [(c.label, c.id) for c in settings.categories]
        self._refill(self.category, "All categories", categories)
        self._refill(self.owner, "All owners", [(owner, owner) for owner in owners])
        self._refill(self.band, "All bands", [(band.name, band.name) for band in settings.bands])
        for row, band in enumerate(settings.bands, start=1):
            self.band.setItemIcon(row, swatch(band.colour))

    @staticmethod
    def _refill(combo: QComboBox, everything: str, options: list[tuple[str, Any]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for label, data in options:
            combo.addItem(label, data)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def set_cell(self, stage: str, likelihood: int, impact: int) -> None:
        self.cell = (stage, likelihood, impact)
        self._show_cell()
        self.changed.emit()

    def clear_cell(self) -> None:
        if self.cell is not None:
            self.cell = None
            self._show_cell()
            self.changed.emit()

    def _show_cell(self) -> None:
        if self.cell is None:
            self.cell_label.setText("")
        else:
            stage, likelihood, impact = self.cell
            self.cell_label.setText(
                f"Heat-map cell: {stage} likelihood {likelihood} × impact {impact}"
            )
        self.cell_label.setVisible(self.cell is not None)
        self.clear_cell_button.setVisible(self.cell is not None)

    def apply_to(self, register: RegisterFilter, today: dt.date) -> RegisterFilter:
        """``register`` (its project and sort) with the bar's filters."""
        return replace(
            register,
            text=self.text.text(),
            kinds=tuple(RaidKind(kind) for kind in self.kind.currentData() or ()),
            statuses=tuple(RaidStatus(status) for status in self.status.currentData() or ()),
            category_id=self.category.currentData(),
            owner=self.owner.currentData(),
            band=self.band.currentData(),
            outside_appetite=self.outside_appetite.isChecked(),
            overdue_review=self.overdue_review.isChecked(),
            cell=self.cell,
            today=today,
            movement_since=self.since.date().toPython(),  # type: ignore[arg-type]
        )

    def show_count(self, shown: int, total: int) -> None:
        noun = "entry" if shown == 1 else "entries"
        tail = "" if shown == total else f" of {total:,}"
        self.count.setText(f"{shown:,} {noun}{tail}")
