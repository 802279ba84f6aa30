"""The council's logo for pack covers, chosen in the organisation settings; undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from commissioner.services.council_logo import council_logo
from commissioner.services.organisation import get_organisation
from commissioner.ui.main_window import MainWindow
from commissioner.ui.organisation_dialog import OrganisationDialog


def a_png(path: Path) -> Path:
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#1d3d6b"))
    assert image.save(str(path), "PNG")
    return path


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))


def press(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence(keys))


def test_a_chosen_logo_is_saved_as_its_own_undo_step(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert window.open_path(tmp_path / "council.db")
    document = window.document
    assert document is not None
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("a council crest, honestly")
    logo = a_png(tmp_path / "crest.png")
    seen: dict[str, object] = {}

    def exec_(dialog: OrganisationDialog) -> int:
        dialog.show()
        seen["before"] = dialog.logo_preview.text()
        seen["remove enabled"] = dialog.remove_logo_button.isEnabled()
        choose(monkeypatch, not_an_image)
        qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
        seen["refused"] = dialog.error_text("logo")
        choose(monkeypatch, logo)
        qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
        seen["error after"] = dialog.error_text("logo")
        seen["preview"] = not dialog.logo_preview.pixmap().isNull()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(OrganisationDialog, "exec", exec_)
    window.organisation_action.trigger()

    assert seen == {
        "before": "No logo",
        "remove enabled": False,
        "refused": "logo.png is not a PNG or JPEG image.",
        "error after": "",
        "preview": True,
    }
    assert council_logo(document.db) == logo.read_bytes()
    # Only the logo changed, so only the logo's step is in the history.
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Change the council logo"
    press(qtbot, window, "Ctrl+Z")
    assert council_logo(document.db) is None
    press(qtbot, window, "Ctrl+Shift+Z")
    assert council_logo(document.db) == logo.read_bytes()


def test_remove_takes_the_logo_off_and_keeps_the_other_settings(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from commissioner.services.council_logo import set_council_logo

    assert window.open_path(tmp_path / "council.db")
    document = window.document
    assert document is not None
    set_council_logo(document.db, a_png(tmp_path / "crest.png").read_bytes())

    def exec_(dialog: OrganisationDialog) -> int:
        dialog.show()
        assert not dialog.logo_preview.pixmap().isNull()
        dialog.council_name.setText("Harrowdale Borough Council")
        qtbot.mouseClick(dialog.remove_logo_button, Qt.MouseButton.LeftButton)
        assert dialog.logo_preview.text() == "No logo"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(OrganisationDialog, "exec", exec_)
    window.organisation_action.trigger()

    assert council_logo(document.db) is None
    assert get_organisation(document.db).council_name == "Harrowdale Borough Council"
    assert [document.undo_stack.text(i) for i in range(document.undo_stack.count())] == [
        "Change organisation settings",
        "Remove the council logo",
    ]
