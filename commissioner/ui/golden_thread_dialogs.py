"""Forms for the golden thread: an objective, a service, a KPI and a KPI measurement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from commissioner.models.dates import format_date
from commissioner.models.enums import KpiDirection, MeasurementFrequency
from commissioner.models.golden_thread_rules import (
    amber_threshold,
    format_measure,
    kpi_rag,
    rag_text,
)
from commissioner.services.golden_thread import OutcomeOption
from commissioner.services.golden_thread_input import (
    KpiInput,
    MeasurementInput,
    ObjectiveInput,
    ServiceInput,
    parse_number,
)
from commissioner.services.kpis import KpiHistory
from commissioner.ui.presentation import RAG_COLOURS, combo_enum
from commissioner.ui.record_form import CheckableList, RecordFormDialog, enum_options, option_combo

#: (id, label) of a record offered in a picker.
Option = tuple[int, str]
#: Units offered in the KPI form; commissioners may type their own.
SUGGESTED_UNITS = ("%", "per 100,000", "days", "minutes", "hours", "tonnes", "£", "people")


def _text_box(height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class ObjectiveDialog(RecordFormDialog):
    """What the project must achieve, and the corporate outcome it serves."""

    def __init__(
        self,
        outcomes: Sequence[OutcomeOption],
        submit: Callable[[ObjectiveInput], None],
        initial: ObjectiveInput,
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit objective" if editing else "New objective", submit, parent)
        self.code = QLineEdit(initial.code, placeholderText="e.g. O1")
        self.code.setMaximumWidth(120)
        self.title = QLineEdit(initial.title, placeholderText="e.g. Fewer missed collections")
        self.description = _text_box()
        self.description.setPlainText(initial.description)
        options = [(outcome.id, outcome.label) for outcome in outcomes]
        self.outcome = option_combo(
            options, blank="— serves no corporate outcome —", selected=initial.corporate_outcome_id
        )
        self.add_row("code", "&Code", self.code)
        self.add_row("title", "&Objective", self.title)
        self.add_row("description", "&Description", self.description)
        self.add_row(
            "corporate_outcome_id",
            "Corporate &outcome",
            self.outcome,
            "The council outcome this objective contributes to: the top of the golden thread.",
        )

    def form(self) -> ObjectiveInput:
        return ObjectiveInput(
            code=self.code.text(),
            title=self.title.text(),
            description=self.description.toPlainText(),
            corporate_outcome_id=self.outcome.currentData(),
        )


class ServiceDialog(RecordFormDialog):
    """A commissioned service and the objectives it serves."""

    def __init__(
        self,
        objectives: Sequence[Option],
        submit: Callable[[ServiceInput], None],
        initial: ServiceInput,
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit service" if editing else "New service", submit, parent)
        self.name = QLineEdit(initial.name, placeholderText="e.g. Kerbside recycling collection")
        self.description = _text_box()
        self.description.setPlainText(initial.description)
        self.objectives = CheckableList("The project has no objectives yet.")
        self.objectives.set_options(objectives, initial.objective_ids)
        self.add_row("name", "&Service", self.name)
        self.add_row("description", "&Description", self.description)
        self.add_row("objective_ids", "Serves &objectives", self.objectives)

    def form(self) -> ServiceInput:
        return ServiceInput(
            name=self.name.text(),
            description=self.description.toPlainText(),
            objective_ids=self.objectives.checked_ids(),
        )


class KpiDialog(RecordFormDialog):
    """A KPI's standard (target, tolerance, direction, frequency) and its links."""

    def __init__(
        self,
        services: Sequence[Option],
        objectives: Sequence[Option],
        submit: Callable[[KpiInput], None],
        initial: KpiInput,
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit KPI" if editing else "New KPI", submit, parent)
        self.code = QLineEdit(initial.code, placeholderText="e.g. K1")
        self.code.setMaximumWidth(120)
        self.name = QLineEdit(initial.name, placeholderText="e.g. Missed collections")
        self.unit = QComboBox(editable=True)
        self.unit.addItems(SUGGESTED_UNITS)
        self.unit.setCurrentText(initial.unit)
        self.direction = option_combo(enum_options(KpiDirection), selected=initial.direction)
        self.target = QLineEdit(initial.target, placeholderText="e.g. 95")
        self.tolerance = QLineEdit(initial.tolerance, placeholderText="0")
        self.frequency = option_combo(
            enum_options(MeasurementFrequency), selected=initial.frequency
        )
        self.service = option_combo(services, blank="— no service —", selected=initial.service_id)
        self.objectives = CheckableList("The project has no objectives yet.")
        self.objectives.set_options(objectives, initial.objective_ids)
        self.bands = QLabel()
        self.bands.setObjectName("muted")
        self.bands.setWordWrap(True)
        self._add_rows()
        for edit in (self.target, self.tolerance):
            edit.textChanged.connect(self._describe_bands)
        self.unit.currentTextChanged.connect(self._describe_bands)
        self.direction.currentIndexChanged.connect(self._describe_bands)
        self._describe_bands()

    def _add_rows(self) -> None:
        self.add_row("code", "&Code", self.code)
        self.add_row("name", "&KPI", self.name)
        self.add_row("unit", "&Unit", self.unit)
        self.add_row("direction", "&Better when", self.direction)
        self.add_row("target", "&Target", self.target)
        self.add_row(
            "tolerance",
            "T&olerance",
            self.tolerance,
            "How far short of target, in the KPI's unit, still counts as amber.",
        )
        self.rows.addRow("", self.bands)
        self.add_row("frequency", "Measured &every", self.frequency)
        self.add_row("service_id", "&Service", self.service)
        self.add_row("objective_ids", "Measures o&bjectives", self.objectives)

    def form(self) -> KpiInput:
        return KpiInput(
            code=self.code.text(),
            name=self.name.text(),
            target=self.target.text(),
            unit=self.unit.currentText(),
            tolerance=self.tolerance.text(),
            direction=combo_enum(self.direction, KpiDirection) or KpiDirection.HIGHER_IS_BETTER,
            frequency=combo_enum(self.frequency, MeasurementFrequency)
            or MeasurementFrequency.MONTHLY,
            service_id=self.service.currentData(),
            objective_ids=self.objectives.checked_ids(),
        )

    def _describe_bands(self) -> None:
        """Spell out the RAG bands that the typed target and tolerance give."""
        try:
            target = parse_number(self.target.text())
            tolerance = parse_number(self.tolerance.text()) or 0.0
        except ValueError:
            target = None
        direction = combo_enum(self.direction, KpiDirection) or KpiDirection.HIGHER_IS_BETTER
        valid = target is not None and tolerance >= 0
        unit = self.unit.currentText()
        self.bands.setText(band_description(target, tolerance, direction, unit) if valid else "")
        self.bands.setVisible(valid)


def band_description(
    target: float | None, tolerance: float, direction: KpiDirection, unit: str
) -> str:
    """The RAG bands in words: 'Green at or above 95%; amber down to 92.5%; red below that.'"""
    assert target is not None
    higher = direction is KpiDirection.HIGHER_IS_BETTER
    better, worse, toward = (
        ("at or above", "below", "down to")
        if higher
        else (
            "at or below",
            "above",
            "up to",
        )
    )
    on_target = format_measure(target, unit)
    if tolerance == 0:
        return f"Green {better} {on_target}; red {worse} it (no amber band)."
    edge = format_measure(amber_threshold(target, tolerance, direction), unit)
    return f"Green {better} {on_target}; amber {toward} {edge}; red {worse} that."


class MeasurementDialog(RecordFormDialog):
    """One period's value for a KPI, with the rating it would get."""

    def __init__(
        self,
        kpi: KpiHistory,
        submit: Callable[[MeasurementInput], None],
        initial: MeasurementInput,
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = "Correct measurement" if editing else "Record measurement"
        super().__init__(title, submit, parent)
        self.kpi = kpi
        heading = QLabel(
            f"<b>{_escape(kpi.label)}</b><br>Target {_escape(format_measure(kpi.target, kpi.unit))}"
            f" ({kpi.direction.label.lower()}), measured {kpi.frequency.label.lower()}"
        )
        heading.setWordWrap(True)
        self.rows.addRow(heading)
        self.period_end = QLineEdit(initial.period_end, placeholderText="DD/MM/YYYY")
        self.period_end.setMaximumWidth(160)
        self.value = QLineEdit(initial.value, placeholderText="e.g. 96.5")
        self.rating = QLabel()
        value_row = QWidget()
        row = QHBoxLayout(value_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.value, 1)
        unit = QLabel(kpi.unit)
        unit.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(unit)
        row.addWidget(self.rating, 1)
        self.commentary = _text_box(80)
        self.commentary.setPlaceholderText("What explains the figure, and what is being done.")
        self.commentary.setPlainText(initial.commentary)
        self.add_row("period_end", "&Period ending", self.period_end)
        self.add_row("value", "&Value", value_row)
        self.add_row("commentary", "&Commentary", self.commentary)
        self.value.textChanged.connect(self._show_rating)
        self._show_rating()

    def form(self) -> MeasurementInput:
        return MeasurementInput(
            period_end=self.period_end.text(),
            value=self.value.text(),
            commentary=self.commentary.toPlainText(),
        )

    def _show_rating(self) -> None:
        try:
            value = parse_number(self.value.text())
        except ValueError:
            value = None
        if value is None:
            self.rating.setText("")
            return
        rag = kpi_rag(value, self.kpi.target, self.kpi.tolerance, self.kpi.direction)
        self.rating.setText(
            f'<span style="color:{RAG_COLOURS[rag]}">●</span> Would be rated {rag_text(rag)}'
        )


def suggested_measurement(kpi: KpiHistory, today: dt.date | None = None) -> MeasurementInput:
    """A blank measurement for the period after the KPI's latest one."""
    return MeasurementInput(format_date(kpi.suggested_period_end(today or dt.date.today())), "")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
