"""A project's overview: where it is, how confident we are, and its key facts."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.models.cost_rules import shown_percent
from commissioner.models.dates import format_date
from commissioner.models.enums import StageKind, SupplierCategory
from commissioner.models.money import format_pounds
from commissioner.services.costs import CostPosition
from commissioner.services.projects import ProjectDetail, StageSummary
from commissioner.services.supplier_overview import SupplierOverview
from commissioner.ui.presentation import (
    CONFIDENCE_COLOURS,
    RAG_COLOURS,
    STAGE_STATUS_COLOURS,
)
from commissioner.ui.table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
ATTENTION_COLOUR = "#ef8f00"
STAGE_COLUMNS = ("Stage", "Status", "Planned", "Actual", "Latest gate decision")


def _span(start: Any, end: Any) -> str:
    if not start and not end:
        return "—"
    return f"{format_date(start) or '…'} – {format_date(end) or '…'}"


class StagesModel(RowTableModel[StageSummary]):
    """The five stages of one project, in order."""

    columns = STAGE_COLUMNS

    def set_stages(self, stages: tuple[StageSummary, ...]) -> None:
        self.set_rows(stages)

    def cell(self, stage: StageSummary, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return f"{stage.kind.sequence}. {stage.kind.label}"
        if column == 1:
            return stage.status.label
        if column == 2:
            return _span(stage.planned_start, stage.planned_end)
        if column == 3:
            return _span(stage.actual_start, stage.actual_end)
        if stage.latest_gate is None:
            return "—"
        return f"{stage.latest_gate.label} ({format_date(stage.latest_gate_on)})"


class StageStrip(QWidget):
    """Five boxes in a row: complete, current or still to come, each in words."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.boxes: list[QLabel] = []

    def set_stages(self, stages: tuple[StageSummary, ...], current: Any) -> None:
        for box in self.boxes:
            box.deleteLater()
        self.boxes = []
        for stage in stages:
            status = "Current stage" if stage.kind == current else stage.status.label
            box = QLabel(f"<b>{stage.kind.sequence}. {stage.kind.label}</b><br>{status}")
            box.setObjectName("stageBox")
            colour = STAGE_STATUS_COLOURS[stage.status]
            weight = "3px" if stage.kind == current else "1px"
            background = "#e3f2fd" if stage.kind == current else "palette(base)"
            box.setStyleSheet(
                f"QLabel#stageBox {{ border: {weight} solid {colour}; border-radius: 6px;"
                f" padding: 6px 8px; background: {background}; }}"
            )
            box.setMinimumWidth(120)
            self._layout.addWidget(box, 1)
            self.boxes.append(box)


def _category_text(category: SupplierCategory | None) -> str:
    if category is None:
        return "Not applicable"
    if category.carries_duty_to_warn:
        return f"{category.label} — expert responsibilities and duty to warn apply"
    return category.label


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class OverviewPage(QScrollArea):
    """Read-only summary of one project; editing happens through the project dialog."""

    FACTS = (
        ("service_area", "Service area"),
        ("delivery_model", "Delivery model"),
        ("supplier_category", "Supplier category"),
        ("lead_commissioner", "Lead commissioner"),
        ("sponsor", "Sponsor"),
        ("budget", "Approved budget"),
        ("dates", "Start and end"),
        ("status", "Status"),
        ("marking", "Protective marking"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.strip = StageStrip()
        layout.addWidget(self.strip)
        columns = QGridLayout()
        columns.addWidget(self._facts_box(), 0, 0)
        columns.addWidget(self._confidence_box(), 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        layout.addLayout(columns)
        layout.addWidget(self._costs_box())
        layout.addWidget(self._suppliers_box())
        layout.addWidget(self._stages_box())
        layout.addStretch(1)

    def _facts_box(self) -> QGroupBox:
        box = QGroupBox("Key facts")
        form = QFormLayout(box)
        self.facts: dict[str, QLabel] = {}
        for key, title in self.FACTS:
            self.facts[key] = _value_label()
            form.addRow(title, self.facts[key])
        self.description = _value_label()
        form.addRow("Description", self.description)
        return box

    def _confidence_box(self) -> QGroupBox:
        box = QGroupBox("Delivery confidence")
        layout = QVBoxLayout(box)
        self.confidence_badge = QLabel()
        self.confidence_badge.setObjectName("confidenceBadge")
        self.confidence_badge.setTextFormat(Qt.TextFormat.RichText)
        self.confidence_rationale = _value_label()
        self.confidence_history = _value_label()
        self.confidence_history.setObjectName("muted")
        layout.addWidget(self.confidence_badge)
        layout.addWidget(self.confidence_rationale)
        layout.addWidget(QLabel("<b>Earlier reviews</b>"))
        layout.addWidget(self.confidence_history)
        layout.addStretch(1)
        return box

    def _costs_box(self) -> QGroupBox:
        box = QGroupBox("Costs")
        layout = QVBoxLayout(box)
        self.cost_summary = QLabel()
        self.cost_summary.setObjectName("costSummary")
        self.cost_summary.setTextFormat(Qt.TextFormat.RichText)
        self.cost_summary.setWordWrap(True)
        layout.addWidget(self.cost_summary)
        return box

    def show_costs(self, position: CostPosition) -> None:
        """Current budget, forecast at completion and the variance against tolerance."""
        if position.current_budget is None:
            self.cost_summary.setText("No approved budget yet.")
            return
        if not position.forecasted:
            self.cost_summary.setText(
                f"Current budget <b>{format_pounds(position.current_budget)}</b> · no forecast "
                "or actuals entered yet, so no variance to report (see Costs)."
            )
            return
        parts = [
            f"Current budget <b>{format_pounds(position.current_budget)}</b>",
            f"forecast at completion <b>{format_pounds(position.forecast_at_completion)}</b>",
        ]
        variance = position.variance_to_current or 0
        rag = position.rag
        word = rag.label if rag else "—"
        colour = RAG_COLOURS.get(rag, "#9e9e9e") if rag else "#9e9e9e"
        parts.append(
            f"variance {html.escape(format_pounds(variance))} "
            f"({html.escape(shown_percent(position.variance_percent))}) "
            f'<span style="color:{colour}">●</span> <b>{word}</b>'
            + (" — <b>overrun</b>" if position.overrun else "")
        )
        parts.append(f"spent to date {format_pounds(position.spend_to_date)}")
        self.cost_summary.setText(" · ".join(parts))

    def _suppliers_box(self) -> QGroupBox:
        box = QGroupBox("Suppliers")
        layout = QVBoxLayout(box)
        self.providers = _value_label()
        self.supplier_flags = QLabel()
        self.supplier_flags.setObjectName("supplierFlags")
        self.supplier_flags.setTextFormat(Qt.TextFormat.RichText)
        self.supplier_flags.setWordWrap(True)
        layout.addWidget(self.providers)
        layout.addWidget(self.supplier_flags)
        return box

    def show_suppliers(self, overview: SupplierOverview) -> None:
        """Who delivers the project, and what about its suppliers needs attention."""
        sentences = [
            "Contracted: " + "; ".join(overview.providers)
            if overview.providers
            else "No contracted provider yet"
        ]
        others = overview.in_competition
        if others:
            sentences.append(
                f"{others} other supplier{'s' if others != 1 else ''} bidding or shortlisted"
            )
        text = ". ".join(sentences) + "."
        self.providers.setText(text)
        self.supplier_flags.setText(
            "<br>".join(
                f'<span style="color:{ATTENTION_COLOUR}">●</span> {html.escape(flag)}'
                for flag in overview.flags
            )
        )
        self.supplier_flags.setVisible(bool(overview.flags))

    def _stages_box(self) -> QGroupBox:
        box = QGroupBox("Stages and gates")
        layout = QVBoxLayout(box)
        self.stages_model = StagesModel(self)
        self.stages_table = QTableView()
        self.stages_table.setModel(self.stages_model)
        self.stages_table.verticalHeader().hide()
        self.stages_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stages_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.stages_table.setToolTip("Double-click a stage to see its history")
        self.stages_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        self.stages_table.horizontalHeader().setStretchLastSection(True)
        rows_height = self.stages_table.verticalHeader().defaultSectionSize() * len(StageKind)
        header_height = self.stages_table.horizontalHeader().sizeHint().height()
        self.stages_table.setFixedHeight(rows_height + header_height + 4)
        layout.addWidget(self.stages_table)
        return box

    def show_project(self, project: ProjectDetail) -> None:
        self.strip.set_stages(project.stages, project.current_stage)
        category = project.supplier_category
        values = {
            "service_area": project.service_area,
            "delivery_model": project.delivery_model.label,
            "supplier_category": _category_text(category),
            "lead_commissioner": project.lead_commissioner or "Not assigned",
            "sponsor": project.sponsor or "Not assigned",
            "budget": format_pounds(project.approved_budget_pence) or "Not yet approved",
            "dates": _span(project.start_date, project.end_date),
            "status": project.status.label + (" (archived)" if project.archived else ""),
            "marking": project.protective_marking.label,
        }
        for key, value in values.items():
            self.facts[key].setText(value)
        self.description.setText(project.description or "—")
        self._show_confidence(project)
        self.stages_model.set_stages(project.stages)
        self.stages_table.resizeColumnsToContents()
        for column in range(len(STAGE_COLUMNS) - 1):
            width = self.stages_table.columnWidth(column)
            self.stages_table.setColumnWidth(column, width + 16)

    def _show_confidence(self, project: ProjectDetail) -> None:
        history = project.confidence_history
        if not history:
            self.confidence_badge.setText("<b>Not yet assessed</b>")
            self.confidence_rationale.setText("No delivery confidence assessment is recorded.")
            self.confidence_history.setText("—")
            return
        latest = history[-1]
        colour = CONFIDENCE_COLOURS[latest.rating]
        when = format_date(latest.assessed_on)
        self.confidence_badge.setText(
            f'<span style="color:{colour}; font-size:20px">●</span> '
            f"<b>{latest.rating.label}</b> &nbsp;·&nbsp; assessed {when}"
        )
        by = f" — {latest.assessed_by}" if latest.assessed_by else ""
        self.confidence_rationale.setText(f"{latest.rationale}{by}")
        earlier = [
            f"{format_date(item.assessed_on)}  {item.rating.label}"
            for item in reversed(history[:-1])
        ]
        self.confidence_history.setText("\n".join(earlier) or "—")
