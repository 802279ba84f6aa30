"""How domain values look on screen: colours always paired with words."""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox

from commissioner.models.enums import ConfidenceRating, Rag, StageStatus

E = TypeVar("E", bound=Enum)

CONFIDENCE_COLOURS = {
    ConfidenceRating.GREEN: "#2e7d32",
    ConfidenceRating.AMBER_GREEN: "#9e9d24",
    ConfidenceRating.AMBER: "#ef8f00",
    ConfidenceRating.AMBER_RED: "#e65100",
    ConfidenceRating.RED: "#c62828",
}

RAG_COLOURS = {
    Rag.GREEN: "#2e7d32",
    Rag.AMBER: "#ef8f00",
    Rag.RED: "#c62828",
}

STAGE_STATUS_COLOURS = {
    StageStatus.COMPLETE: "#2e7d32",
    StageStatus.IN_PROGRESS: "#1565c0",
    StageStatus.NOT_STARTED: "#9e9e9e",
}

TREND_ARROWS = {"improving": "↑", "worsening": "↓", "steady": "→", "": ""}


@cache
def swatch(colour: str, size: int = 12) -> QIcon:
    """A small round colour marker to sit beside a word."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor(colour).darker(130))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def confidence_text(rating: ConfidenceRating | None, trend: str = "") -> str:
    if rating is None:
        return "Not assessed"
    arrow = TREND_ARROWS.get(trend, "")
    return f"{rating.label} {arrow}".strip()


def confidence_icon(rating: ConfidenceRating | None) -> QIcon | None:
    return swatch(CONFIDENCE_COLOURS[rating]) if rating else None


def rag_icon(rag: Rag | None) -> QIcon | None:
    return swatch(RAG_COLOURS[rag]) if rag else None


def combo_enum(combo: QComboBox, enum_class: type[E]) -> E | None:
    """The enum member chosen in ``combo`` (Qt hands string enums back as plain text)."""
    value = combo.currentData()
    return None if value is None else enum_class(value)
