"""The cost summary cards: the figures a CRO reads first, each a small labelled card."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from commissioner.models.cost_rules import BURN_MONTHS, shown_percent, variance_percent
from commissioner.models.dates import format_date
from commissioner.models.enums import Rag
from commissioner.models.money import format_pounds
from commissioner.services.costs import CostPosition
from commissioner.ui.presentation import RAG_COLOURS, swatch

_CARD_STYLE = (
    "QFrame#costCard { border: 1px solid #c9d3e0; border-radius: 6px; background: palette(base); }"
)


def plain_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


class SummaryCard(QFrame):
    """One figure of the cost position: a title, the figure, and a line of context."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("costCard")
        self.setStyleSheet(_CARD_STYLE)
        self.title = plain_label(title, "muted")
        self.value = plain_label()
        self.value.setStyleSheet("font-size: 17px; font-weight: 600; color: #1d3d6b;")
        self.detail = plain_label(name="muted")
        self.detail.setWordWrap(True)
        self.rag_dot = QLabel()
        self.rag = plain_label()
        figure = QHBoxLayout()
        figure.addWidget(self.value)
        figure.addSpacing(8)
        figure.addWidget(self.rag_dot)
        figure.addWidget(self.rag)
        figure.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(figure)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_figure(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)

    def show_rag(self, rag: Rag | None, words: str = "") -> None:
        """A coloured dot with the rating in words beside the figure (None hides both)."""
        self.rag_dot.setVisible(rag is not None)
        self.rag.setVisible(rag is not None)
        if rag is not None:
            self.rag_dot.setPixmap(swatch(RAG_COLOURS[rag], 14).pixmap(14, 14))
            self.rag.setText(words)


def _signed(pence: int) -> str:
    return ("+" if pence > 0 else "") + format_pounds(pence)


def _months_text(months: Decimal) -> str:
    return f"{months:f} month" + ("" if months == 1 else "s")


class CostCards(QWidget):
    """The cost position as eight cards in two rows."""

    TITLES = (
        "Approved budget",
        "Current budget",
        "Forecast at completion",
        "Variance to current budget",
        "Spend to date",
        "Remaining budget",
        "Burn rate",
        "Months of budget left",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {title: SummaryCard(title) for title in self.TITLES}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for place, card in enumerate(self.cards.values()):
            grid.addWidget(card, place // 4, place % 4)

    def card(self, title: str) -> SummaryCard:
        return self.cards[title]

    def show_position(self, position: CostPosition, today: dt.date) -> None:
        self._budgets(position)
        self._forecast(position)
        self._spend(position)

    def _budgets(self, position: CostPosition) -> None:
        approved = self.card("Approved budget")
        if position.approved_budget is None:
            approved.show_figure("Not set", "Set it under Budget and tolerances…")
        else:
            when = f"Approved {format_date(position.approved_on)}" if position.approved_on else ""
            source = " · ".join(part for part in (when, position.approval_source) if part)
            approved.show_figure(format_pounds(position.approved_budget), source)
        current = self.card("Current budget")
        if position.current_budget is None:
            current.show_figure("Not set", "Needs an approved budget.")
        elif position.approved_changes:
            moved = _signed(position.approved_changes)
            current.show_figure(
                format_pounds(position.current_budget), f"{moved} by approved change requests"
            )
        else:
            current.show_figure(format_pounds(position.current_budget), "No approved changes.")

    def _forecast(self, position: CostPosition) -> None:
        self.card("Forecast at completion").show_figure(
            format_pounds(position.forecast_at_completion),
            "Actuals where booked, forecasts for the rest.",
        )
        card = self.card("Variance to current budget")
        variance = position.variance_to_current
        if variance is None:
            card.show_figure("—", "Needs an approved budget.")
            card.show_rag(None)
            return
        tolerances = position.tolerances
        whose = "this project's" if tolerances.own else "the council's"
        detail = (
            f"{shown_percent(position.variance_percent)} of current budget. "
            f"Amber at {tolerances.amber_percent:f}%, Red at {tolerances.red_percent:f}% "
            f"({whose})."
        )
        approved = position.approved_budget
        if approved is not None and position.approved_changes:
            percent = shown_percent(variance_percent(position.forecast_at_completion, approved))
            to_approved = _signed(position.forecast_at_completion - approved)
            detail += f" To approved budget: {to_approved} ({percent})."
        card.show_figure(_signed(variance), detail)
        rag = position.rag
        words = "" if rag is None else rag.label + (" · Overrun" if position.overrun else "")
        card.show_rag(rag, words)

    def _spend(self, position: CostPosition) -> None:
        self.card("Spend to date").show_figure(
            format_pounds(position.spend_to_date),
            f"Actuals booked to {position.latest_actual:%B %Y}."
            if position.latest_actual
            else "No actuals booked yet.",
        )
        remaining = position.remaining
        card = self.card("Remaining budget")
        if remaining is None:
            card.show_figure("—", "Needs an approved budget.")
        else:
            card.show_figure(
                format_pounds(remaining),
                "Spent beyond the current budget."
                if remaining < 0
                else "Current budget less spend.",
            )
        burn = position.burn_rate
        self.card("Burn rate").show_figure(
            "—" if burn is None else f"{format_pounds(burn)} a month",
            "Nothing booked yet."
            if burn is None
            else f"Mean of the last {BURN_MONTHS} months booked.",
        )
        months = position.months_left
        self.card("Months of budget left").show_figure(
            "—" if months is None else _months_text(months),
            "Needs a budget and a burn rate." if months is None else "At the current burn rate.",
        )
