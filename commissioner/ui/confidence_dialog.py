"""Record a delivery confidence assessment: rating, rationale and six dimensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.confidence_rules import DIMENSIONS
from commissioner.models.dates import format_date
from commissioner.models.enums import ConfidenceRating, Rag
from commissioner.services.confidence import ConfidenceInput
from commissioner.ui.presentation import CONFIDENCE_COLOURS, RAG_COLOURS, combo_enum, swatch


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


class ConfidenceDialog(QDialog):
    """Collects a ``ConfidenceInput``; ``submit`` records it or reports what is wrong."""

    def __init__(
        self,
        ratings: tuple[ConfidenceRating, ...],
        submit: Callable[[ConfidenceInput], None],
        *,
        assessed_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record delivery confidence")
        self.setMinimumWidth(560)
        self._submit = submit
        self.assessed_on = QLineEdit(format_date(dt.date.today()))
        self.assessed_on.setPlaceholderText("DD/MM/YYYY")
        self.rating = QComboBox()
        for rating in ratings:
            self.rating.addItem(swatch(CONFIDENCE_COLOURS[rating]), rating.label, rating)
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Why this rating: what the board needs to know.")
        self.rationale.setFixedHeight(90)
        self.assessed_by = QLineEdit(assessed_by)
        self.errors = {key: _error_label() for key in ("assessed_on", "rating", "rationale")}
        form = QFormLayout()
        form.addRow("Review &date", self.assessed_on)
        form.addRow("", self.errors["assessed_on"])
        form.addRow("Delivery &confidence", self.rating)
        form.addRow("", self.errors["rating"])
        form.addRow("&Rationale", self.rationale)
        form.addRow("", self.errors["rationale"])
        form.addRow("Assessed &by", self.assessed_by)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._dimensions_box())
        layout.addWidget(buttons)

    def _dimensions_box(self) -> QGroupBox:
        box = QGroupBox("Rating by dimension")
        grid = QGridLayout(box)
        self.dimensions: dict[str, QComboBox] = {}
        for position, (column, title) in enumerate(DIMENSIONS):
            combo = QComboBox()
            combo.addItem("Not rated", None)
            for rag in (Rag.GREEN, Rag.AMBER, Rag.RED):
                combo.addItem(swatch(RAG_COLOURS[rag]), rag.label, rag)
            self.dimensions[column] = combo
            row, pair = divmod(position, 2)
            grid.addWidget(QLabel(title), row, pair * 2)
            grid.addWidget(combo, row, pair * 2 + 1)
        return box

    def form(self) -> ConfidenceInput:
        return ConfidenceInput(
            assessed_on=self.assessed_on.text(),
            rating=combo_enum(self.rating, ConfidenceRating) or ConfidenceRating.AMBER,
            rationale=self.rationale.toPlainText(),
            assessed_by=self.assessed_by.text(),
            dimensions={
                column: combo_enum(combo, Rag) for column, combo in self.dimensions.items()
            },
        )

    def error_text(self, field: str) -> str:
        label = self.errors[field]
        return label.text() if label.isVisibleTo(self) else ""

    def _save(self) -> None:
        try:
            self._submit(self.form())
        except ValidationError as error:
            for key, label in self.errors.items():
                label.setText(error.problems.get(key, ""))
                label.setVisible(key in error.problems)
            return
        except CommissionerError as error:
            self.errors["rationale"].setText(str(error))
            self.errors["rationale"].show()
            return
        self.accept()
