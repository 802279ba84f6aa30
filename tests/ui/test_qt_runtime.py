"""The Qt binding must not corrupt Python's reference to None (PySide6 6.12.0 on 3.10/3.11)."""

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_leave_none_refcount_unchanged(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for number in range(5000):
        label.setText(str(number))
        label.resize(100 + number % 7, 20)
    after = sys.getrefcount(None)
    # Immortal None (3.12+) reports a huge constant; a leaking binding drops 2 per loop.
    assert abs(after - before) < 100
