"""First start, opening files (good and bad), recent files and remembered layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from commissioner.paths import default_database_path
from commissioner.ui.main_window import MainWindow
from commissioner.ui.settings import AppSettings


def test_first_start_shows_welcome_with_no_file_open(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.welcome
    assert window.document is None
    assert not window.new_project_action.isEnabled()
    assert window.windowTitle() == "Commissioner"


def test_create_empty_portfolio_makes_the_default_file(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.portfolio
    assert default_database_path().exists()
    assert window.portfolio.count_label.text() == "0 projects"
    assert window.new_project_action.isEnabled()


def test_explore_demo_opens_a_filled_portfolio(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.portfolio
    assert window.portfolio.model.rowCount() >= 6
    first_id = window.portfolio.model.project_at(0).id
    window.portfolio.project_opened.emit(first_id)
    assert window.pages.currentWidget() is window.workspace
    assert len(window.workspace.overview.strip.boxes) == 5


def test_open_file_from_welcome(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "colleague.db"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen), ""))
    qtbot.mouseClick(window.welcome.open_button, Qt.MouseButton.LeftButton)
    assert window.document is not None and window.document.db.path == chosen
    assert "colleague.db" in window.windowTitle()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Reference,Name\nASC-1,Home care\n", "not a Commissioner database"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "damaged"),
    ],
)
def test_bad_file_is_refused_with_a_message_and_left_untouched(
    window: MainWindow,
    tmp_path: Path,
    problems: list[tuple[str, str]],
    content: bytes,
    expected: str,
) -> None:
    bad = tmp_path / "register.db"
    bad.write_bytes(content)
    assert not window.open_path(bad)
    assert len(problems) == 1 and expected in problems[0][1]
    assert bad.read_bytes() == content
    assert window.pages.currentWidget() is window.welcome


def test_failed_open_keeps_the_file_already_open(
    window: MainWindow, tmp_path: Path, problems: list[tuple[str, str]]
) -> None:
    good = tmp_path / "good.db"
    assert window.open_path(good)
    bad = tmp_path / "notes.db"
    bad.write_text("hello")
    assert not window.open_path(bad)
    assert window.document is not None and window.document.db.path == good
    assert window.pages.currentWidget() is window.portfolio


def test_recent_files_and_geometry_are_remembered(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path, problems: list[tuple[str, str]]
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.open_path(tmp_path / "a.db")
    first.open_path(tmp_path / "b.db")
    first.resize(700, 520)
    first.close()
    assert settings.recent_files[:2] == [
        (tmp_path / "b.db").resolve(),
        (tmp_path / "a.db").resolve(),
    ]
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (700, 520)
    assert [action.text() for action in second.recent_menu.actions()][:2] == [
        str((tmp_path / "b.db").resolve()),
        str((tmp_path / "a.db").resolve()),
    ]
    assert second.welcome.recent_list.count() == 2


def test_read_only_file_opens_for_reading_with_editing_switched_off(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commissioner.storage import open_database

    path = tmp_path / "shared-drive.db"
    open_database(path).close()
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(path)
    assert window.windowTitle().endswith("(read-only)")
    assert not window.new_project_action.isEnabled()
    assert not window.portfolio.new_button.isEnabled()
    assert "read-only" in window.statusBar().currentMessage()
