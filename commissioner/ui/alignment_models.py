"""The Cultural alignment area's lists: suppliers compared, a supplier's assessments over
time, and the council's self-assessment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from commissioner.models.alignment_rules import Dimension
from commissioner.models.dates import format_date
from commissioner.services.alignment import (
    AssessmentRow,
    FallingAlignment,
    SelfAssessmentEntry,
    SupplierComparison,
)
from commissioner.ui.alignment_dialogs import rating_words, self_rating_icon
from commissioner.ui.presentation import swatch
from commissioner.ui.table_model import RowTableModel

#: The supplier relationship (comparison) or assessment (history) behind a row.
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FALL_COLOUR = "#c62828"
_DISPLAY = Qt.ItemDataRole.DisplayRole
VERDICT_ORDER = (
    "complements a strength",
    "covers a weakness",
    "pulls against a strength",
    "shares a weakness",
)


def _score(value: float | None) -> str:
    return "No score" if value is None else f"{value:g}"


class ComparisonModel(RowTableModel[SupplierComparison]):
    """Shortlisted and contracted suppliers, best alignment first."""

    columns = (
        "Supplier",
        "Role",
        "Category",
        "Price",
        "Capability",
        "Alignment index",
        "Assessed on",
        "Trend",
        "Fit with us",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}
        self.falls: dict[int, FallingAlignment] = {}

    def verdicts(self, row: SupplierComparison) -> str:
        """Each dimension's verdict, in questionnaire order."""
        order = list(self.names)
        keys = sorted(row.verdicts, key=lambda k: order.index(k) if k in order else len(order))
        return "; ".join(f"{self.names.get(k, k)}: {row.verdicts[k]}" for k in keys)

    def cell(self, row: SupplierComparison, column: int, role: int) -> Any:
        if role == RECORD_ID_ROLE:
            return row.relationship_id
        fall = self.falls.get(row.relationship_id)
        if role == Qt.ItemDataRole.DecorationRole and column == 7 and fall:
            return swatch(FALL_COLOUR)
        if role not in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        values = (
            row.supplier_name,
            row.role.label,
            row.category.label,
            _score(row.price_score),
            _score(row.capability_score),
            "Not assessed" if row.index is None else str(row.index),
            format_date(row.assessed_on),
            f"Falling ({fall.previous} → {fall.latest})" if fall else "",
            self.verdicts(row) if role != _DISPLAY else verdict_summary(row.verdicts),
        )
        return values[column]


def verdict_summary(verdicts: dict[str, str]) -> str:
    """'Complements 2 strengths; covers a weakness': the verdicts counted, in words."""
    counts = Counter(verdicts.values())
    parts = []
    for phrase in VERDICT_ORDER:
        number = counts.get(phrase, 0)
        if number == 1:
            parts.append(phrase)
        elif number:
            verb, noun = phrase.split(" a ")
            parts.append(f"{verb} {number} {noun}s")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class AssessmentLine:
    """An assessment as its history row shows it, with the move since the one before."""

    assessment: AssessmentRow
    change: int | None
    largest_gap: str


class AssessmentsModel(RowTableModel[AssessmentLine]):
    columns = ("Assessed on", "Assessor", "Alignment index", "Change", "Largest gap")

    def cell(self, row: AssessmentLine, column: int, role: int) -> Any:
        if role == RECORD_ID_ROLE:
            return row.assessment.id
        if role != _DISPLAY:
            return None
        index = row.assessment.index
        change = _change_words(row.change)
        values = (
            format_date(row.assessment.assessed_on),
            row.assessment.assessor,
            "No index" if index is None else str(index),
            change,
            row.largest_gap,
        )
        return values[column]


def _change_words(change: int | None) -> str:
    if change is None:
        return ""
    return "No change" if change == 0 else f"Up {change}" if change > 0 else f"Down {-change}"


def history_lines(rows: list[AssessmentRow], names: dict[str, str]) -> list[AssessmentLine]:
    """Each assessment with its change since the last one that had an index."""
    lines: list[AssessmentLine] = []
    previous: int | None = None
    for row in rows:
        change = None if row.index is None or previous is None else row.index - previous
        widest = max(row.scores, key=lambda s: s.gap, default=None)
        gap = f"{names.get(widest.dimension, widest.dimension)} ({widest.gap})" if widest else ""
        lines.append(AssessmentLine(row, change, gap))
        previous = row.index if row.index is not None else previous
    return lines


class SelfAssessmentModel(RowTableModel[tuple[Dimension, SelfAssessmentEntry | None]]):
    columns = ("Dimension", "1 means", "5 means", "We are", "Note")

    def cell(
        self, row: tuple[Dimension, SelfAssessmentEntry | None], column: int, role: int
    ) -> Any:
        dimension, entry = row
        if role == Qt.ItemDataRole.DecorationRole and column == 3:
            return self_rating_icon(entry)
        if role not in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        note = entry.note if entry else ""
        values = (dimension.name, dimension.low, dimension.high, rating_words(entry), note)
        return values[column]
