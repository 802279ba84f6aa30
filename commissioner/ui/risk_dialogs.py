"""The RAID forms: a risk (or assumption, issue, dependency), an action, an issue from a risk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from commissioner.models.dates import format_date
from commissioner.models.enums import (
    CommissioningChallenge,
    IssuePriority,
    RaidKind,
    RaidStatus,
    RiskResponse,
)
from commissioner.models.risk_rules import MATRIX_SIZE, SCORE_STAGES, score
from commissioner.services.risk_input import ActionInput, RiskInput
from commissioner.services.risk_settings import RiskSettings
from commissioner.ui.record_form import RecordFormDialog, enum_options, option_combo

_TEXT_HEIGHT = 54
#: (key, label, hint) of the rows each kind shows, left column then right column.
_LEFT: dict[RaidKind, tuple[str, ...]] = {
    RaidKind.RISK: ("title", "cause", "event", "consequence", "category_id", "challenge",
                    "owner", "actionee"),
    RaidKind.ISSUE: ("title", "description", "category_id", "challenge", "owner", "actionee"),
    RaidKind.ASSUMPTION: ("title", "description", "category_id", "challenge", "owner"),
    RaidKind.DEPENDENCY: ("title", "description", "counterparty", "needed_by", "owner",
                          "actionee"),
}  # fmt: skip
_RIGHT: dict[RaidKind, tuple[str, ...]] = {
    RaidKind.RISK: ("inherent", "residual", "target", "response", "proximity_on", "status",
                    "next_review_on", "raised_on", "note"),
    RaidKind.ISSUE: ("priority", "status", "resolution", "next_review_on", "raised_on"),
    RaidKind.ASSUMPTION: ("status", "next_review_on", "raised_on"),
    RaidKind.DEPENDENCY: ("status", "next_review_on", "raised_on"),
}  # fmt: skip
_LABELS = {
    "title": "&Title",
    "cause": "&Cause",
    "event": "&Event",
    "consequence": "Conse&quence",
    "description": "&Description",
    "category_id": "Cate&gory",
    "challenge": "Commissioning c&hallenge",
    "owner": "&Owner",
    "actionee": "&Actionee",
    "counterparty": "Depends &on",
    "needed_by": "&Needed by",
    "inherent": "&Inherent score",
    "residual": "&Residual score",
    "target": "Tar&get score",
    "response": "Res&ponse",
    "proximity_on": "Pro&ximity",
    "status": "&Status",
    "next_review_on": "Next re&view",
    "raised_on": "Raised o&n",
    "priority": "&Priority",
    "resolution": "Reso&lution",
    "note": "Why re-&scored",
}
_PLACEHOLDERS = {
    "cause": "Because of … (the source of the risk)",
    "event": "… there is a risk that … (what might happen)",
    "consequence": "… which would lead to … (the effect on outcomes)",
    "proximity_on": "DD/MM/YYYY — when it could happen",
    "next_review_on": "DD/MM/YYYY",
    "raised_on": "DD/MM/YYYY — blank for today",
    "needed_by": "DD/MM/YYYY",
    "note": "What changed: kept in the scoring history",
}


class ScorePicker(QWidget):
    """Likelihood × impact as two worded combos, with the score and its band beside them."""

    def __init__(self, settings: RiskSettings, likelihood: int | None, impact: int | None) -> None:
        super().__init__()
        self._settings = settings
        self.likelihood = self._levels(settings.likelihood_labels, likelihood, "Likelihood")
        self.impact = self._levels(settings.impact_labels, impact, "Impact")
        self.result = QLabel()
        self.result.setMinimumWidth(110)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.likelihood, 1)
        row.addWidget(QLabel("×"))
        row.addWidget(self.impact, 1)
        row.addWidget(self.result)
        self.likelihood.currentIndexChanged.connect(self._show_score)
        self.impact.currentIndexChanged.connect(self._show_score)
        self._show_score()

    @staticmethod
    def _levels(words: tuple[str, ...], level: int | None, axis: str) -> QComboBox:
        options = [(n, f"{n} {words[n - 1]}") for n in range(1, MATRIX_SIZE + 1)]
        combo = option_combo(options, blank="—", selected=level)
        combo.setAccessibleName(axis)
        return combo

    def levels(self) -> tuple[int | None, int | None]:
        return self.likelihood.currentData(), self.impact.currentData()

    def _show_score(self) -> None:
        value = score(*self.levels())
        band = self._settings.band(value)
        self.result.setText(f"= {value} {band.name if band else ''}" if value else "= not scored")
        self.result.setToolTip(band.name if band else "")


class RiskDialog(RecordFormDialog):
    """Collects a ``RiskInput`` for one kind of RAID entry, new or edited."""

    def __init__(
        self,
        settings: RiskSettings,
        submit: Callable[[RiskInput], None],
        *,
        initial: RiskInput,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, submit, parent)
        self.setMinimumWidth(940)
        self.settings, self.initial = settings, initial
        self.fields: dict[str, QWidget] = {}
        left = self.rows
        for key in _LEFT[initial.kind]:
            self._add(key)
        self.rows = QFormLayout()
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in _RIGHT[initial.kind]:
            self._add(key)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeItem(left)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(self.rows, 1)
        layout.insertLayout(0, columns)

    def _add(self, key: str) -> None:
        widget = self._widget(key)
        self.fields[key] = widget
        hint = ""
        if key == "note":
            hint = "Any change to a score is kept in the risk's history with this note."
        self.add_row(key, _LABELS[key], widget, hint)

    def _widget(self, key: str) -> QWidget:
        value = getattr(self.initial, key, None)
        if key in SCORE_STAGES:
            pair = (getattr(self.initial, f"{key}_{axis}") for axis in ("likelihood", "impact"))
            return ScorePicker(self.settings, *pair)
        choices = self._choices(key)
        if choices is not None:
            options, blank = choices
            if key != "category_id":
                value = value.value if value is not None else None
            return option_combo(options, blank=blank, selected=value)
        if key in ("cause", "event", "consequence", "description", "resolution", "note"):
            text = QPlainTextEdit(value or "")
            text.setPlaceholderText(_PLACEHOLDERS.get(key, ""))
            text.setTabChangesFocus(True)
            text.setFixedHeight(_TEXT_HEIGHT * (2 if key == "description" else 1))
            return text
        line = QLineEdit(value or "")
        line.setPlaceholderText(_PLACEHOLDERS.get(key, ""))
        line.setCursorPosition(0)
        return line

    def _choices(self, key: str) -> tuple[list[tuple[Any, str]], str | None] | None:
        choices: dict[str, tuple[list[tuple[Any, str]], str | None]] = {
            "category_id": ([(c.id, c.label) for c in self.settings.categories], "Not classified"),
            "challenge": (enum_options(CommissioningChallenge), "None"),
            "response": (enum_options(RiskResponse), "Not yet decided"),
            "status": (enum_options(RaidStatus), None),
            "priority": (enum_options(IssuePriority), None),
        }
        return choices.get(key)

    def form(self) -> RiskInput:
        values: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, ScorePicker):
                values[f"{key}_likelihood"], values[f"{key}_impact"] = widget.levels()
            elif isinstance(widget, QComboBox):
                values[key] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                values[key] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text()
        for key, enum_class in (
            ("challenge", CommissioningChallenge),
            ("response", RiskResponse),
            ("status", RaidStatus),
            ("priority", IssuePriority),
        ):
            if values.get(key) is not None:
                values[key] = enum_class(values[key])
        known = {item.name for item in fields(RiskInput)}
        return replace(self.initial, **{k: v for k, v in values.items() if k in known})

    def combo(self, key: str) -> QComboBox:
        widget = self.fields[key]
        assert isinstance(widget, QComboBox)
        return widget

    def score_picker(self, stage: str) -> ScorePicker:
        widget = self.fields[stage]
        assert isinstance(widget, ScorePicker)
        return widget


class RaiseIssueDialog(RiskDialog):
    """An issue raised from a risk that happened, with the choice to close the risk."""

    def __init__(
        self,
        settings: RiskSettings,
        submit: Callable[[tuple[RiskInput, bool]], None],
        *,
        risk_reference: str,
        initial: RiskInput,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            settings,
            lambda _form: None,
            initial=initial,
            title=f"Raise an issue from {risk_reference}",
            parent=parent,
        )
        self.close_risk = QCheckBox(f"Close {risk_reference}: the risk has happened")
        self.close_risk.setChecked(True)
        self.add_row("close_risk", "", self.close_risk)
        self._submit = submit

    def form(self) -> tuple[RiskInput, bool]:  # type: ignore[override]
        return super().form(), self.close_risk.isChecked()


def issue_from_risk(
    risk_title: str, owner: str, category_id: int | None, challenge: Any
) -> RiskInput:
    """The issue form prefilled from the risk that materialised."""
    return RiskInput(
        title=risk_title,
        kind=RaidKind.ISSUE,
        owner=owner,
        category_id=category_id,
        challenge=challenge,
        priority=IssuePriority.HIGH,
    )


class ActionDialog(RecordFormDialog):
    """A mitigating action: what, who, by when."""

    def __init__(
        self,
        submit: Callable[[ActionInput], None],
        *,
        owner: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Add mitigating action", submit, parent)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("What will be done to reduce the risk")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(_TEXT_HEIGHT * 2)
        self.owner = QLineEdit(owner)
        self.due_on = QLineEdit(format_date(dt.date.today() + dt.timedelta(days=28)))
        self.due_on.setPlaceholderText("DD/MM/YYYY")
        self.add_row("description", "&Action", self.description)
        self.add_row("owner", "&Owner", self.owner)
        self.add_row("due_on", "&Due by", self.due_on)

    def form(self) -> ActionInput:
        return ActionInput(self.description.toPlainText(), self.owner.text(), self.due_on.text())
