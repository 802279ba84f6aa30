"""Organisation settings: the council's name, default marking, confidence scale,
duty-to-warn prompt period, cost tolerances and the logo on its pack covers."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from commissioner.errors import ValidationError
from commissioner.models.enums import ConfidenceScale, ProtectiveMarking
from commissioner.models.supplier_rules import PROMPT_DAYS_MAX, PROMPT_DAYS_MIN
from commissioner.services import organisation
from commissioner.services.changes import Area, Change
from commissioner.services.council_logo import council_logo, read_logo_file, set_council_logo
from commissioner.services.organisation import OrganisationView
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog

LOGO_FILTER = "PNG or JPEG images (*.png *.jpg *.jpeg)"
LOGO_PREVIEW_SIZE = (180, 64)
SCALE_LABELS = {
    ConfidenceScale.FIVE_POINT: "Five-point (Green, Amber/Green, Amber, Amber/Red, Red)",
    ConfidenceScale.THREE_POINT: "Three-point (Green, Amber, Red)",
}


class UpdateOrganisationCommand(ServiceCommand):
    def __init__(
        self, document: DatabaseDocument, before: OrganisationView, after: OrganisationView
    ) -> None:
        super().__init__(document, "Change organisation settings")
        self.before, self.after = before, after

    def apply(self) -> Change:
        return organisation.update_organisation(self.document.db, self.after)

    def revert(self) -> Change:
        return organisation.update_organisation(self.document.db, self.before)


class SetCouncilLogoCommand(ServiceCommand):
    """Put a new logo on the pack covers (None removes it); undo restores the one before."""

    def __init__(self, document: DatabaseDocument, image: bytes | None) -> None:
        text = "Remove the council logo" if image is None else "Change the council logo"
        super().__init__(document, text)
        self.image = image
        self.previous: bytes | None = None

    def apply(self) -> Change:
        self.previous = set_council_logo(self.document.db, self.image)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        set_council_logo(self.document.db, self.previous)
        return Change(Area.ORGANISATION)


def edit_organisation(document: DatabaseDocument, parent: QWidget | None = None) -> None:
    """Show the settings; Save records each change that was made as its own undo step."""
    before = organisation.get_organisation(document.db)
    logo = council_logo(document.db)

    def submit(after: OrganisationView) -> None:
        if after != before:
            UpdateOrganisationCommand(document, before, after).run_first()
        if dialog.logo != logo:
            SetCouncilLogoCommand(document, dialog.logo).run_first()

    dialog = OrganisationDialog(before, submit, parent, logo=logo)
    dialog.exec()


class OrganisationDialog(RecordFormDialog):
    def __init__(
        self,
        initial: OrganisationView,
        submit: Callable[[OrganisationView], None],
        parent: QWidget | None = None,
        *,
        logo: bytes | None = None,
    ) -> None:
        super().__init__("Organisation settings", submit, parent)
        #: The logo as it will be saved (None: no logo).
        self.logo = logo
        self.council_name = QLineEdit(initial.council_name)
        self.council_name.setPlaceholderText("e.g. Harrowdale Borough Council")
        self.marking = QComboBox()
        for marking in ProtectiveMarking:
            self.marking.addItem(marking.label, marking)
        self.marking.setCurrentIndex(self.marking.findData(initial.default_marking))
        self.scale = QComboBox()
        for scale, label in SCALE_LABELS.items():
            self.scale.addItem(label, scale)
        self.scale.setCurrentIndex(self.scale.findData(initial.confidence_scale))
        self.year_start = QComboBox()
        for number in range(1, 13):
            self.year_start.addItem(calendar.month_name[number], number)
        self.year_start.setCurrentIndex(initial.financial_year_start_month - 1)
        self.add_row("council_name", "Council &name", self.council_name)
        self.add_row("default_marking", "Default protective &marking", self.marking)
        self.add_row("confidence_scale", "Delivery confidence &scale", self.scale)
        self.add_row(
            "financial_year_start_month",
            "&Financial year starts in",
            self.year_start,
            "UK councils start in April; costs are shown and imported by this year.",
        )
        self.prompt_days = QSpinBox()
        self.prompt_days.setRange(PROMPT_DAYS_MIN, PROMPT_DAYS_MAX)
        self.prompt_days.setSuffix(" days")
        self.prompt_days.setValue(initial.duty_to_warn_prompt_days)
        self.add_row(
            "duty_to_warn_prompt_days",
            "&Duty-to-warn prompt after",
            self.prompt_days,
            "Prompt when an expert supplier or strategic partner has raised no warning "
            "in this many days.",
        )
        self.amber_percent = self._percent_row(
            "cost_amber_percent", "Cost tolerance: &amber at", initial.cost_amber_percent
        )
        self.red_percent = self._percent_row(
            "cost_red_percent", "Cost tolerance: &red at", initial.cost_red_percent
        )
        # One note under both fields, so each field's own message sits right under it.
        note = QLabel(
            "A project's cost is Amber when its forecast at completion is this far over its "
            "current budget, and Red at the second figure. A project can set its own under "
            "Costs → Budget and tolerances."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.rows.addRow("", note)
        self._add_logo_row()

    def _add_logo_row(self) -> None:
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(*LOGO_PREVIEW_SIZE)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.choose_logo_button = QPushButton("Choose…")
        self.remove_logo_button = QPushButton("Remove")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.logo_preview)
        layout.addWidget(self.choose_logo_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.remove_logo_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addStretch(1)
        self.add_row(
            "logo",
            "&Logo for pack covers",
            row,
            "A PNG or JPEG image of up to 2 MB, printed on the cover of every governance pack.",
        )
        buddy = self.rows.labelForField(row)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(self.choose_logo_button)
        self._show_logo()

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(self.logo):
            width, height = LOGO_PREVIEW_SIZE
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    width - 8,
                    height - 8,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.clear()
            self.logo_preview.setText("No logo")
        self.remove_logo_button.setEnabled(self.logo is not None)

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the council's logo", str(Path.home()), LOGO_FILTER
        )
        if not name:
            return
        try:
            self.logo = read_logo_file(Path(name))
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        self.show_problems({})
        self._show_logo()

    def remove_logo(self) -> None:
        self.logo = None
        self._show_logo()

    def _percent_row(self, key: str, label: str, text: str) -> QLineEdit:
        """A short percentage field with its unit spelled out beside it."""
        edit = QLineEdit(text)
        edit.setMaximumWidth(90)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit)
        layout.addWidget(QLabel("% over budget"))
        layout.addStretch(1)
        self.add_row(key, label, row)
        # The label's mnemonic should land in the field, not the row around it.
        buddy = self.rows.labelForField(row)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(edit)
        return edit

    def form(self) -> OrganisationView:
        return OrganisationView(
            council_name=self.council_name.text(),
            default_marking=combo_enum(self.marking, ProtectiveMarking)
            or ProtectiveMarking.OFFICIAL,
            confidence_scale=combo_enum(self.scale, ConfidenceScale) or ConfidenceScale.FIVE_POINT,
            financial_year_start_month=int(self.year_start.currentData()),
            duty_to_warn_prompt_days=self.prompt_days.value(),
            cost_amber_percent=self.amber_percent.text(),
            cost_red_percent=self.red_percent.text(),
        )
