"""The pack history's widgets: the list of packs, the selected pack's details and the
four buttons. ``packs_area`` gives them their behaviour."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from commissioner.services.packs import PackRecord
from commissioner.ui.pack_preview import PackDetail, make_pdf_preview
from commissioner.ui.presentation import swatch
from commissioner.ui.table_model import RowTableModel, record_table

#: The pack id behind a row.
PACK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: Starting widths; the title takes the room that is left.
_COLUMN_WIDTHS = (124, 112, 64, 0, 140, 130, 56, 190, 110)
_TITLE, _FILE = 3, 7


class FileStatus(Enum):
    SAVED = "Saved"
    MISSING = "File missing"
    CHANGED = "Changed since generated"


def file_signature(path: str) -> tuple[int, int] | None:
    """(size, modified time) of the file at ``path``, or None when there is none."""
    try:
        stat = Path(path).stat() if path else None
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns) if stat else None


def file_problem(record: PackRecord, status: FileStatus) -> str:
    """Why the pack's saved file cannot be trusted, in words for the user."""
    if status is FileStatus.MISSING:
        return (
            f"The pack's file is missing: nothing is at {record.saved_path}. It can be drawn "
            "again, exactly as first generated, from the snapshot kept in this file."
        )
    return (
        f"The file at {record.saved_path} has changed since the pack was generated: it is "
        "not the PDF the board received. Regenerate it from the snapshot kept in this file?"
    )


STATUS_COLOURS = {
    FileStatus.SAVED: "#2e7d32",
    FileStatus.MISSING: "#c62828",
    FileStatus.CHANGED: "#ef8f00",
}


class PackHistoryModel(RowTableModel[PackRecord]):
    """The packs, newest first, with what is known of each one's saved file."""

    columns = (
        "Generated",
        "Period",
        "Version",
        "Title",
        "Marking",
        "Author",
        "Pages",
        "Saved file",
        "By",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status: dict[int, FileStatus] = {}

    def set_rows(self, rows: Sequence[PackRecord], statuses: Sequence[FileStatus] = ()) -> None:
        self._status = {row.id: status for row, status in zip(rows, statuses, strict=False)}
        super().set_rows(rows)

    def set_status(self, pack_id: int, status: FileStatus) -> None:
        """Show a newly checked file status on the pack's row."""
        for number in range(self.rowCount()):
            if self.row_at(number).id == pack_id and self._status.get(pack_id) is not status:
                self._status[pack_id] = status
                cell = self.index(number, _FILE)
                self.dataChanged.emit(cell, cell)

    def status(self, pack_id: int) -> FileStatus:
        return self._status.get(pack_id, FileStatus.SAVED)

    def cell(self, row: PackRecord, column: int, role: int) -> Any:
        if role == PACK_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == _FILE:
            return swatch(STATUS_COLOURS[self.status(row.id)])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 6):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == _FILE:
                return f"{self.status(row.id).value}: {row.saved_path}"
            return row.title if column == _TITLE else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            f"{row.generated_at:%d/%m/%Y %H:%M}",
            row.period_label,
            row.version,
            row.title,
            row.marking,
            row.author,
            str(row.page_count),
            self.status(row.id).value,
            row.generated_by,
        )
        return values[column]


def _plain_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class PackHistoryView(QWidget):
    """The widgets of a pack history, laid out: buttons over the list, details beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = _plain_label("packSummary")
        self.notice = _plain_label("packNotice")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet(
            "QLabel#packNotice { background: #e8f0fb; border: 1px solid #9db7de;"
            " border-radius: 6px; padding: 6px 8px; }"
        )
        self.notice.hide()
        self.generate_button = QPushButton("Generate pack…")
        self.open_button = QPushButton("Open")
        self.regenerate_button = QPushButton("Regenerate…")
        self.regenerate_button.setToolTip(
            "Draw the pack again from the snapshot kept in this file, and check it is "
            "byte-identical to the pack first generated"
        )
        self.copy_button = QPushButton("Save a copy as…")
        self.model = PackHistoryModel(self)
        self.table = record_table(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate(_COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.detail = PackDetail()
        self.preview = make_pdf_preview()
        self.detail.set_viewer_note(self.preview is None)
        self._lay_out()

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        for button in (
            self.generate_button,
            self.open_button,
            self.regenerate_button,
            self.copy_button,
        ):
            header.addWidget(button)
        # Nine columns need the page's width: the details go under the list, and the
        # pages (when Qt can show them) beside it.
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        if self.preview is not None:
            top.addWidget(self.preview)
            top.setSizes([700, 420])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([380, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

    def show_summary(self, records: Sequence[PackRecord]) -> None:
        if not records:
            self.summary.setText(
                "No packs yet. Generate one for the board: it is kept in this file, so the "
                "next pack can show what moved since."
            )
            return
        latest = records[0]
        count = f"{len(records)} pack{'s' if len(records) != 1 else ''}"
        self.summary.setText(
            f"{count}; the latest is version {latest.version} for {latest.period_label}, "
            f"generated {latest.generated_at:%d/%m/%Y}."
        )

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def show_detail(self, record: PackRecord | None) -> None:
        self.detail.show_pack(record)
        self.show_preview(None)

    def show_preview(self, path: Path | None) -> None:
        if self.preview is not None:
            self.preview.show_file(path)  # type: ignore[attr-defined]
