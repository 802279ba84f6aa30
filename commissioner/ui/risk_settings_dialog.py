"""Risk settings: the matrix words, the score bands and each category's appetite.

Bands colour and name scores; saving them never rewrites a stored risk. A preview
map shows the bands as they are being edited, so a gap shows as grey "No band" cells.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.enums import RiskAppetite
from commissioner.models.risk_rules import MATRIX_SIZE, Band
from commissioner.services.changes import Area, Change
from commissioner.services.risk_matrix import (
    MAX_SCORE,
    CategoryAppetite,
    MatrixView,
    band_problem,
    load_matrix,
    update_matrix,
)
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.heat_map import HeatMapWidget
from commissioner.ui.messages import show_problem
from commissioner.ui.presentation import combo_enum, swatch

NEW_BAND_COLOUR = "#9e9e9e"


class UpdateRiskSettingsCommand(ServiceCommand):
    """Save the whole matrix; undo puts the previous matrix back as it was."""

    def __init__(self, document: DatabaseDocument, before: MatrixView, after: MatrixView) -> None:
        super().__init__(document, "Change risk settings")
        self.before, self.after = before, after

    def apply(self) -> Change:
        update_matrix(self.document.db, self.after)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        update_matrix(self.document.db, self.before)
        return Change(Area.ORGANISATION)


def edit_risk_settings(document: DatabaseDocument, parent: QWidget | None = None) -> None:
    """Open the Risk settings dialog; Save runs one undoable command."""
    try:
        before = load_matrix(document.db)
    except CommissionerError as error:
        show_problem(parent, "Cannot read the risk settings", str(error))
        return

    def submit(after: MatrixView) -> None:
        UpdateRiskSettingsCommand(document, before, after).run_first()

    dialog = RiskSettingsDialog(before, submit, parent)
    dialog.save_button.setEnabled(not document.db.read_only)
    dialog.exec()


class ColourButton(QPushButton):
    """Shows a colour as a swatch with its code; a click opens the colour chooser."""

    colour_changed = Signal(str)

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip("Choose the band's colour")
        self.set_colour(colour)
        self.clicked.connect(self._choose)

    def colour(self) -> str:
        return self._colour

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour).name() if QColor(colour).isValid() else NEW_BAND_COLOUR
        self.setIcon(swatch(self._colour, 14))
        self.setText(self._colour)
        self.colour_changed.emit(self._colour)

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, "Band colour")
        if chosen.isValid():
            self.set_colour(chosen.name())


class BandRow:
    """The editors for one band: name, from, to, colour and a remove button."""

    def __init__(self, band: Band, parent: QWidget) -> None:
        self.name = QLineEdit(band.name, parent)
        self.name.setPlaceholderText("Band name")
        self.name.setMaxLength(50)
        self.name.setMinimumWidth(130)
        self.low, self.high = (self._score_box(band.min_score), self._score_box(band.max_score))
        self.colour = ColourButton(band.colour, parent)
        self.remove = QPushButton("Remove", parent)
        self.remove.setToolTip("Remove this band")

    @staticmethod
    def _score_box(value: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(1, MAX_SCORE)
        box.setValue(value)
        return box

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.low, self.high, self.colour, self.remove)

    def band(self) -> Band:
        return Band(
            self.name.text().strip(), self.low.value(), self.high.value(), self.colour.colour()
        )


class RiskSettingsDialog(QDialog):
    """Edits a ``MatrixView``; ``submit`` saves it and raises ValidationError if it cannot."""

    def __init__(
        self,
        initial: MatrixView,
        submit: Callable[[MatrixView], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Risk settings")
        self.setMinimumWidth(900)
        self._submit = submit
        self._initial = initial
        self.band_rows: list[BandRow] = []
        self.errors: dict[str, QLabel] = {}
        self._built = False
        self.preview = HeatMapWidget("preview")
        self.preview.setMinimumSize(300, 260)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        words = self._build_words(initial)
        bands = self._build_bands(initial)
        appetite = self._build_appetite(initial)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        note = QLabel(
            "Changing bands recolours risks; it never changes a risk's likelihood, impact or score."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(words)
        left.addWidget(appetite)
        left.addStretch(1)
        right.addWidget(bands)
        right.addWidget(self.preview, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._built = True
        self._refresh_preview()

    # ----- building -----------------------------------------------------------------
    def _error_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        self.errors[key] = label
        return label

    def _build_words(self, initial: MatrixView) -> QGroupBox:
        box = QGroupBox("Matrix words")
        grid = QGridLayout(box)
        for column, title in enumerate(("Level", "Likelihood", "Impact")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.likelihood_edits: list[QLineEdit] = []
        self.impact_edits: list[QLineEdit] = []
        for level in range(1, MATRIX_SIZE + 1):
            grid.addWidget(QLabel(str(level)), level, 0, Qt.AlignmentFlag.AlignCenter)
            for column, (edits, labels) in enumerate(
                (
                    (self.likelihood_edits, initial.likelihood_labels),
                    (self.impact_edits, initial.impact_labels),
                ),
                start=1,
            ):
                edit = QLineEdit(labels[level - 1])
                edit.setMaxLength(50)
                edit.textChanged.connect(self._refresh_preview)
                edits.append(edit)
                grid.addWidget(edit, level, column)
        grid.addWidget(self._error_label("likelihood_labels"), MATRIX_SIZE + 1, 0, 1, 3)
        grid.addWidget(self._error_label("impact_labels"), MATRIX_SIZE + 2, 0, 1, 3)
        return box

    def _build_bands(self, initial: MatrixView) -> QGroupBox:
        box = QGroupBox("Score bands")
        layout = QVBoxLayout(box)
        self.bands_grid = QGridLayout()
        for column, title in enumerate(("Name", "From", "To", "Colour")):
            self.bands_grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.bands_grid.setColumnStretch(0, 1)
        layout.addLayout(self.bands_grid)
        for band in initial.bands:
            self.add_band(band)
        self.add_band_button = QPushButton("Add band")
        self.add_band_button.clicked.connect(lambda: self.add_band(self._next_band()))
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_band_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        layout.addWidget(self._error_label("bands"))
        return box

    def _build_appetite(self, initial: MatrixView) -> QGroupBox:
        box = QGroupBox("Appetite by category")
        grid = QGridLayout(box)
        for column, title in enumerate(("Category", "Appetite", "Tolerance")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.appetite_rows: list[tuple[CategoryAppetite, QComboBox, QSpinBox]] = []
        for row, category in enumerate(initial.categories, start=1):
            combo = QComboBox()
            for appetite in RiskAppetite:
                combo.addItem(appetite.label, appetite)
            combo.setCurrentIndex(combo.findData(category.appetite))
            tolerance = QSpinBox()
            tolerance.setRange(1, MAX_SCORE)
            tolerance.setValue(category.tolerance_score)
            tolerance.setToolTip("Residual scores above this are outside appetite")
            grid.addWidget(QLabel(category.kind.label), row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(tolerance, row, 2)
            self.appetite_rows.append((category, combo, tolerance))
        hint = QLabel("A residual score above the tolerance is flagged “outside appetite”.")
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        grid.addWidget(hint, len(initial.categories) + 1, 0, 1, 3)
        grid.addWidget(self._error_label("categories"), len(initial.categories) + 2, 0, 1, 3)
        return box

    # ----- bands --------------------------------------------------------------------
    def add_band(self, band: Band) -> BandRow:
        row = BandRow(band, self)
        self.band_rows.append(row)
        row.name.textChanged.connect(self._refresh_preview)
        row.low.valueChanged.connect(self._refresh_preview)
        row.high.valueChanged.connect(self._refresh_preview)
        row.colour.colour_changed.connect(self._refresh_preview)
        row.remove.clicked.connect(lambda: self.remove_band(row))
        self._lay_out_bands()
        self._refresh_preview()
        return row

    def remove_band(self, row: BandRow) -> None:
        self.band_rows.remove(row)
        for widget in row.widgets():
            self.bands_grid.removeWidget(widget)
            widget.deleteLater()
        self._lay_out_bands()
        self._refresh_preview()

    def _lay_out_bands(self) -> None:
        for number, row in enumerate(self.band_rows, start=1):
            for column, widget in enumerate(row.widgets()):
                self.bands_grid.addWidget(widget, number, column)
            row.remove.setEnabled(len(self.band_rows) > 1)

    def _next_band(self) -> Band:
        top = max((row.high.value() for row in self.band_rows), default=0)
        start = min(top + 1, MAX_SCORE)
        return Band(f"Band {len(self.band_rows) + 1}", start, MAX_SCORE, NEW_BAND_COLOUR)

    # ----- the value ----------------------------------------------------------------
    def view(self) -> MatrixView:
        return MatrixView(
            likelihood_labels=tuple(edit.text() for edit in self.likelihood_edits),
            impact_labels=tuple(edit.text() for edit in self.impact_edits),
            bands=tuple(sorted((row.band() for row in self.band_rows), key=lambda b: b.min_score)),
            categories=tuple(
                CategoryAppetite(
                    category.kind,
                    combo_enum(combo, RiskAppetite) or category.appetite,
                    tolerance.value(),
                )
                for category, combo, tolerance in self.appetite_rows
            ),
        )

    def _refresh_preview(self) -> None:
        if not self._built:
            return
        view = self.view()
        self.preview.set_matrix(view)
        # Say what is wrong with the bands while they are edited, not only on Save.
        self._show_problems({"bands": band_problem(view.bands) or ""})

    def _show_problems(self, problems: dict[str, str]) -> None:
        for key, message in problems.items():
            label = self.errors[key]
            label.setText(message)
            label.setVisible(bool(message))

    def _save(self) -> None:
        self._show_problems({key: "" for key in self.errors})
        try:
            self._submit(self.view())
        except ValidationError as error:
            self._show_problems({k: v for k, v in error.problems.items() if k in self.errors})
            return
        except CommissionerError as error:
            self._show_problems({"bands": str(error)})
            return
        self.accept()
