"""Record a delivery confidence assessment: rating, rationale and six dimensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from commissioner.models.confidence_rules import DIMENSIONS
from commissioner.models.dates import format_date
from commissioner.models.enums import ConfidenceRating, Rag
from commissioner.services.confidence import ConfidenceInput
from commissioner.ui.presentation import CONFIDENCE_COLOURS, RAG_COLOURS, combo_enum, swatch
from commissioner.ui.record_form import RecordFormDialog


class ConfidenceDialog(RecordFormDialog):
    """Collects a ``ConfidenceInput``; ``submit`` records it or reports what is wrong."""

    def __init__(
        self,
        ratings: tuple[ConfidenceRating, ...],
        submit: Callable[[ConfidenceInput], None],
        *,
        assessed_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Record delivery confidence", submit, parent)
        self.setMinimumWidth(560)
        self.assessed_on = QLineEdit(format_date(dt.date.today()))
        self.assessed_on.setPlaceholderText("DD/MM/YYYY")
        self.rating = QComboBox()
        for rating in ratings:
            self.rating.addItem(swatch(CONFIDENCE_COLOURS[rating]), rating.label, rating)
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Why this rating: what the board needs to know.")
        self.rationale.setFixedHeight(90)
        self.assessed_by = QLineEdit(assessed_by)
        self.add_row("assessed_on", "Review &date", self.assessed_on)
        self.add_row("rating", "Delivery &confidence", self.rating)
        self.add_row("rationale", "&Rationale", self.rationale)
        self.add_row("assessed_by", "Assessed &by", self.assessed_by)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self._dimensions_box())

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
