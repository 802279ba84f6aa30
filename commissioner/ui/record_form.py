"""What every small record form shares: labelled rows with a message under each bad
field, Save and Cancel, and checkable lists for picking links."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError

#: The id of the record an option stands for.
OPTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _message_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class RecordFormDialog(QDialog):
    """A form whose Save calls ``submit(self.form())``; a ValidationError stays in the
    dialog as a message beside each field named in its problems."""

    def __init__(
        self, title: str, submit: Callable[[Any], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._submit = submit
        self._errors: dict[str, QLabel] = {}
        self.rows = QFormLayout()
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = _message_label("fieldError")
        self.general_error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(self.rows)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def add_row(self, key: str, label: str, widget: QWidget, hint: str = "") -> None:
        """A labelled field, an optional hint under it, and a hidden message for ``key``."""
        self.rows.addRow(label, widget)
        if hint:
            note = _message_label("muted")
            note.setText(hint)
            self.rows.addRow("", note)
        error = _message_label("fieldError")
        error.hide()
        self.rows.addRow("", error)
        self._errors[key] = error

    def form(self) -> Any:
        """The fields' contents as the service's input dataclass."""
        raise NotImplementedError

    def error_text(self, field: str) -> str:
        """The message shown beside ``field``, or '' when it is fine."""
        label = self._errors[field]
        return label.text() if label.isVisibleTo(self) else ""

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, label in self._errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        unplaced = [message for key, message in problems.items() if key not in self._errors]
        self.general_error.setText(" ".join(unplaced))
        self.general_error.setVisible(bool(unplaced))
        # Messages add height; grow so that Save and Cancel stay in view.
        self.adjustSize()

    def _save(self) -> None:
        try:
            self._submit(self.form())
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        except CommissionerError as error:
            self.show_problems({"": str(error)})
            return
        self.accept()


class CheckableList(QListWidget):
    """Options with a tick box each: the links a record should have."""

    def __init__(self, empty_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty_text = empty_text
        # Long titles end in "…" (the whole title is the tooltip) rather than scroll sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def set_options(self, options: Iterable[tuple[int, str]], checked: Iterable[int] = ()) -> None:
        ticked = set(checked)
        self.clear()
        for option_id, label in options:
            item = QListWidgetItem(label)
            item.setData(OPTION_ID_ROLE, option_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if option_id in ticked else Qt.CheckState.Unchecked
            item.setCheckState(state)
            item.setToolTip(label)
            self.addItem(item)
        if not self.count() and self._empty_text:
            placeholder = QListWidgetItem(self._empty_text)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(placeholder)
        rows = min(max(self.count(), 2), 6)
        self.setFixedHeight(rows * (self.fontMetrics().height() + 8) + 6)

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(
            int(item.data(OPTION_ID_ROLE))
            for item in (self.item(row) for row in range(self.count()))
            if item.data(OPTION_ID_ROLE) is not None and item.checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, option_id: int, checked: bool = True) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(OPTION_ID_ROLE) == option_id:
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                item.setCheckState(state)


def option_combo(
    options: Sequence[tuple[Any, str]], *, blank: str | None = None, selected: Any = None
) -> QComboBox:
    """A combo of (data, label) options, optionally led by a blank choice meaning None."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for data, label in options:
        combo.addItem(label, data)
    index = combo.findData(selected)
    combo.setCurrentIndex(max(index, 0))
    return combo


def enum_options(members: Iterable[Enum]) -> list[tuple[Any, str]]:
    """(value, label) pairs of an enum's members, for ``option_combo``."""
    return [(member.value, member.label) for member in members]  # type: ignore[attr-defined]


def run_form(
    make_dialog: Callable[[Callable[[Any], None]], QDialog], action: Callable[[Any], Any]
) -> Any:
    """Show the dialog ``make_dialog(submit)``; each Save runs ``action(form)``.

    Returns what the successful ``action`` returned, or None when the user cancelled.
    """
    results: list[Any] = []

    def submit(form: Any) -> None:
        results.append(action(form))

    make_dialog(submit).exec()
    return results[-1] if results else None
