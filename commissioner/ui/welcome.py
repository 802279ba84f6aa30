"""The first screen when no database is open: start empty, open a file, or explore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class WelcomePage(QWidget):
    create_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(Path)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setFixedWidth(600)
        title = QLabel("Welcome to Commissioner")
        title.setObjectName("welcomeTitle")
        intro = QLabel(
            "Run the governance of your commissioning projects, from needs assessment "
            "to delivery, and produce board-ready governance packs. Everything is kept "
            "in one file on this computer; no server or network is needed."
        )
        intro.setWordWrap(True)
        intro.setMinimumHeight(intro.heightForWidth(540))
        self.create_button = QPushButton("Create an empty portfolio")
        self.open_button = QPushButton("Open a portfolio file…")
        self.demo_button = QPushButton("Explore the demo portfolio")
        self.create_button.setDefault(True)
        for button in (self.create_button, self.open_button, self.demo_button):
            button.setMinimumHeight(38)
        self.recent_label = QLabel("Recent files")
        self.recent_list = QListWidget()
        self.recent_list.setMaximumHeight(140)
        layout = QVBoxLayout(card)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.create_button)
        layout.addWidget(self.open_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent_list)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.create_button.clicked.connect(self.create_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.recent_list.itemActivated.connect(self._open_recent)

    def set_recent_files(self, paths: list[Path]) -> None:
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.name}  —  {path.parent}")
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        self.recent_label.setVisible(bool(paths))
        self.recent_list.setVisible(bool(paths))

    def _open_recent(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(Path(item.data(PATH_ROLE)))
