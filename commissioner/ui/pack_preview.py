"""What the pack history shows beside the list: the chosen pack's details, and its pages
when this Qt has the PDF viewer (QtPdf is not in PySide6-Essentials, so usually not)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from commissioner.services.pack_options import PackOptions, SectionChoice
from commissioner.services.packs import PackRecord

NO_SELECTION = "Select a pack to see what it holds and where it was saved."
NO_VIEWER = "Open shows the pack in your PDF viewer."
_HEADING = "font-weight: 600; color: #1d3d6b;"
_MUTED = "color: #5f6b7a;"


def _plain_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _copyable_line(monospace: bool = False) -> QLineEdit:
    """A long value (a path, a digest) that can be read to its end and copied."""
    line = QLineEdit()
    line.setReadOnly(True)
    line.setFrame(False)
    line.setStyleSheet("background: transparent;")
    if monospace:
        line.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return line


class PackDetail(QGroupBox):
    """The selected pack: its options, its digest and where its file is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected pack", parent)
        self.heading = _plain_label()
        self.values = {
            key: _plain_label()
            for key in ("generated", "author", "marking", "pages", "sections", "distribution")
        }
        self.sha256 = _copyable_line(monospace=True)
        self.saved_path = _copyable_line()
        self.file_status = _plain_label()
        #: The pack's facts on the left, what it holds on the right.
        self.facts, self.contents = QFormLayout(), QFormLayout()
        for label, key in (
            ("Generated", "generated"),
            ("Author", "author"),
            ("Marking", "marking"),
            ("Pages", "pages"),
        ):
            self.facts.addRow(label, self.values[key])
        self.facts.addRow("File", self.file_status)
        self.facts.addRow("Saved as", self.saved_path)
        self.facts.addRow("SHA-256", self.sha256)
        self.contents.addRow("Sections", self.values["sections"])
        self.contents.addRow("Distribution", self.values["distribution"])
        self.viewer_note = QLabel(NO_VIEWER)
        self.viewer_note.setObjectName("muted")
        columns = QHBoxLayout()
        columns.addLayout(self.facts, 3)
        columns.addSpacing(16)
        columns.addLayout(self.contents, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(columns)
        layout.addStretch(1)
        layout.addWidget(self.viewer_note)
        self.show_pack(None)

    def show_pack(
        self,
        record: PackRecord | None,
        options: PackOptions | None = None,
        choices: tuple[SectionChoice, ...] = (),
        file_status: str = "",
    ) -> None:
        """Show ``record`` with its stored ``options`` (None when they cannot be read)."""
        self.heading.setText(
            f"{record.title}, {record.period_label}, version {record.version}"
            if record
            else NO_SELECTION
        )
        self.heading.setStyleSheet(_HEADING if record else _MUTED)
        for form in (self.facts, self.contents):
            for number in range(form.rowCount()):
                form.setRowVisible(number, record is not None)
        if record is None:
            return
        self.values["generated"].setText(
            f"{record.generated_at:%d/%m/%Y %H:%M} by {record.generated_by}"
        )
        self.values["author"].setText(record.author or "Not named")
        self.values["pages"].setText(str(record.page_count))
        self._show_options(record, options, choices)
        self.sha256.setText(record.sha256)
        self.sha256.setCursorPosition(0)
        self.saved_path.setText(record.saved_path or "Not recorded")
        self.saved_path.setCursorPosition(0)
        self.file_status.setText(file_status)

    def _show_options(
        self, record: PackRecord, options: PackOptions | None, choices: tuple[SectionChoice, ...]
    ) -> None:
        if options is None:
            marking, sections, distribution = record.marking, "Cannot be read", ""
        else:
            titles = {choice.key: choice.title for choice in choices}
            marking = " ".join(part for part in (record.marking, options.descriptor) if part)
            sections = "\n".join(titles.get(key, key) for key in options.sections)
            distribution = "; ".join(options.distribution) or "None listed"
        self.values["marking"].setText(marking)
        self.values["sections"].setText(sections)
        self.values["distribution"].setText(distribution)

    def set_viewer_note(self, shown: bool) -> None:
        self.viewer_note.setVisible(shown)


def make_pdf_preview(parent: QWidget | None = None) -> QWidget | None:
    """A pane that shows a PDF's pages, or None when this Qt has no PDF viewer."""
    try:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView
    except ImportError:
        return None

    class PdfPreview(QPdfView):
        """The pack's pages, fitted to the pane's width."""

        def __init__(self, parent: QWidget | None) -> None:
            super().__init__(parent)
            self.pdf = QPdfDocument(self)
            self.setDocument(self.pdf)
            self.setPageMode(QPdfView.PageMode.MultiPage)
            self.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        def show_file(self, path: Path | None) -> None:
            self.pdf.close()
            if path is not None and path.is_file():
                self.pdf.load(str(path))

    return PdfPreview(parent)
