"""The change request forms — the request itself, its decision, and the quality/benefit
risk a scope reduction should carry — and the budget they move, in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from commissioner.models.cost_rules import shown_percent
from commissioner.models.dates import format_date
from commissioner.models.enums import (
    ChangeRequestStatus,
    CommissioningChallenge,
    RaidKind,
    RiskCategoryKind,
)
from commissioner.models.money import format_pounds, signed_pounds
from commissioner.services.change_requests import (
    BudgetStep,
    ChangeRequestInput,
    ChangeRequestRow,
    DecisionInput,
)
from commissioner.services.costs import CostPosition
from commissioner.services.risk_input import RiskInput
from commissioner.services.risk_settings import RiskSettings
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog, option_combo

_TEXT_HEIGHT = 54
#: The decisions offered, in the words of the person deciding.
DECISION_CHOICES = (
    (ChangeRequestStatus.APPROVED.value, "Approve"),
    (ChangeRequestStatus.REJECTED.value, "Reject"),
    (ChangeRequestStatus.PROPOSED.value, "Back to proposed (no decision)"),
)


def _text_box(text: str, placeholder: str, lines: int = 1) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(_TEXT_HEIGHT * lines)
    return box


def _line(text: str, placeholder: str) -> QLineEdit:
    line = QLineEdit(text)
    line.setPlaceholderText(placeholder)
    line.setCursorPosition(0)
    return line


def trail_in_words(steps: list[BudgetStep]) -> str:
    """'Approved budget £X → CR-002 +£Y → … = current budget £Z'."""
    if not steps:
        return "No approved budget is recorded, so approved changes have nothing to move."
    parts = [f"Approved budget {format_pounds(steps[0].budget_after_pence)}"]
    parts += [f"{s.what.split(' ', 1)[0]} {signed_pounds(s.change_pence)}" for s in steps[1:]]
    return f"{' → '.join(parts)} = current budget {format_pounds(steps[-1].budget_after_pence)}"


def position_in_words(position: CostPosition) -> str:
    """Current budget, forecast at completion, variance and cost RAG on one line."""
    if position.current_budget is None:
        return "Current budget: none approved yet, so there is no cost RAG."
    variance = position.variance_to_current or 0
    tolerances = position.tolerances
    rag = position.rag.label if position.rag else "not known"
    return (
        f"Current budget {format_pounds(position.current_budget)} · forecast at completion "
        f"{format_pounds(position.forecast_at_completion)} · variance "
        f"{signed_pounds(variance)} ({shown_percent(position.variance_percent)}) · "
        f"Cost RAG: {rag} (amber from {tolerances.amber_percent:f}%, "
        f"red from {tolerances.red_percent:f}%)"
    )


class ChangeRequestDialog(RecordFormDialog):
    """Collects a ``ChangeRequestInput``, new or edited."""

    def __init__(
        self,
        submit: Callable[[ChangeRequestInput], None],
        initial: ChangeRequestInput,
        *,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, submit, parent)
        self.setMinimumWidth(600)
        self.description = _text_box(initial.description, "What change is requested", 2)
        self.raised_on = _line(initial.raised_on, "DD/MM/YYYY")
        self.scope_change = _text_box(
            initial.scope_change, "What is added to or taken out of the scope"
        )
        self.cost_impact = _line(initial.cost_impact, "e.g. £40,000 or −£25,000; blank for none")
        self.time_impact = _line(initial.time_impact_days, "e.g. 30 or −10; blank for none")
        self.quality_impact = _text_box(
            initial.quality_impact, "What it does to quality, outcomes or benefits"
        )
        self.scope_reduction = QCheckBox("A scope reduction made to recover cost")
        self.scope_reduction.setChecked(initial.scope_reduction)
        self.add_row("description", "&Description", self.description)
        self.add_row("raised_on", "&Raised on", self.raised_on)
        self.add_row("scope_change", "&Scope change", self.scope_change)
        self.add_row(
            "cost_impact",
            "&Cost impact",
            self.cost_impact,
            "Added to the current budget when approved; a negative figure takes from it.",
        )
        self.add_row("time_impact_days", "&Time impact (days)", self.time_impact)
        self.add_row("quality_impact", "&Quality impact", self.quality_impact)
        self.add_row(
            "scope_reduction",
            "",
            self.scope_reduction,
            "Cutting scope to fit the money usually costs quality or benefits: "
            "you will be offered a linked risk for it. To recover an overrun, keep the "
            "budget (cost impact £0) and lower the forecast in Costs.",
        )

    def form(self) -> ChangeRequestInput:
        return ChangeRequestInput(
            description=self.description.toPlainText(),
            raised_on=self.raised_on.text(),
            scope_change=self.scope_change.toPlainText(),
            cost_impact=self.cost_impact.text(),
            time_impact_days=self.time_impact.text(),
            quality_impact=self.quality_impact.toPlainText(),
            scope_reduction=self.scope_reduction.isChecked(),
        )


class DecisionDialog(RecordFormDialog):
    """Approve, reject or reopen one change request, showing what it does to the budget."""

    def __init__(
        self,
        submit: Callable[[DecisionInput], None],
        request: ChangeRequestRow,
        *,
        current_budget: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Decide {request.reference}", submit, parent)
        self.request, self.current_budget = request, current_budget
        proposed = request.status is ChangeRequestStatus.PROPOSED
        chosen = ChangeRequestStatus.APPROVED if proposed else request.status
        self.about = QLabel(f"{request.reference}: {request.description}")
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.status = option_combo(DECISION_CHOICES, selected=chosen.value)
        self.approver = _line(request.approver, "e.g. Commissioning Board")
        self.decided_on = _line(
            format_date(request.decided_on or today), "DD/MM/YYYY — the date of the decision"
        )
        self.effect = QLabel()
        self.effect.setObjectName("decisionEffect")
        self.effect.setTextFormat(Qt.TextFormat.PlainText)
        self.effect.setWordWrap(True)
        self.rows.addRow(self.about)
        self.add_row("status", "&Decision", self.status)
        self.add_row("approver", "&Approver", self.approver)
        self.add_row("decided_on", "Decided &on", self.decided_on)
        self.rows.addRow("Current budget", self.effect)
        self.status.currentIndexChanged.connect(self._show_effect)
        self._show_effect()

    def chosen_status(self) -> ChangeRequestStatus:
        status = combo_enum(self.status, ChangeRequestStatus)
        assert status is not None
        return status

    def _show_effect(self) -> None:
        deciding = self.chosen_status() is not ChangeRequestStatus.PROPOSED
        self.approver.setEnabled(deciding)
        self.decided_on.setEnabled(deciding)
        self.effect.setText(self.effect_text())

    def effect_text(self) -> str:
        """What the chosen decision does to the current budget, in words."""
        impact = self.request.cost_impact_pence
        if self.current_budget is None:
            return "None yet: no approved budget is recorded, so nothing moves."
        if not impact:
            return f"Stays {format_pounds(self.current_budget)}: this change has no cost impact."
        counted = self.request.status is ChangeRequestStatus.APPROVED
        without = self.current_budget - (impact if counted else 0)
        after = (
            without + impact if self.chosen_status() is ChangeRequestStatus.APPROVED else without
        )
        if after == self.current_budget:
            return f"Stays {format_pounds(after)} after this decision."
        return (
            f"{format_pounds(self.current_budget)} now → "
            f"{format_pounds(after)} after this decision "
            f"({signed_pounds(after - self.current_budget)})"
        )

    def form(self) -> DecisionInput:
        return DecisionInput(self.chosen_status(), self.approver.text(), self.decided_on.text())


def ask_to_raise_risk(parent: QWidget | None, request: ChangeRequestRow) -> bool:
    """Offer to log the quality/benefit risk of a scope reduction that has none."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Scope reduction without a risk",
        f"{request.reference} reduces scope to recover cost, and no quality or benefit risk "
        "is logged against it. Cutting scope to fit the money can lower quality and, in "
        "the end, fail the service.\n\nRaise the quality/benefit risk now?",
        parent=parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    raise_now = box.addButton("Raise the risk…", QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(raise_now)
    box.setEscapeButton(later)
    box.exec()
    return box.clickedButton() is raise_now


def risk_for_scope_reduction(
    request: ChangeRequestRow, settings: RiskSettings, *, owner: str
) -> RiskInput:
    """The risk form prefilled from a scope reduction: cause, event and consequence."""
    reduced = " ".join((request.scope_change or request.description).split())
    impact = " ".join(request.quality_impact.split()) or "lower quality or fewer benefits"
    service_delivery = next(
        (c.id for c in settings.categories if c.kind is RiskCategoryKind.OPERATIONAL), None
    )
    return RiskInput(
        title=f"{request.reference} scope reduction lowers quality",
        kind=RaidKind.RISK,
        cause=f"Because scope is cut to recover cost ({request.reference}): {reduced}",
        event="there is a risk that the service delivers lower quality or fewer benefits "
        "than the outcomes it was commissioned for",
        consequence=f"which would lead to: {impact}",
        category_id=service_delivery,
        challenge=CommissioningChallenge.COST_OVERRUN,
        owner=owner,
    )
