"""Fixtures for driving the interface like a user, isolated from this user's settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from pytestqt.qtbot import QtBot

from commissioner.ui.app import make_application
from commissioner.ui.main_window import MainWindow
from commissioner.ui.project_dialog import ProjectDialog
from commissioner.ui.settings import AppSettings


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the per-user data and settings folders at the test's own folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    return home


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def problems(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Collects the warning dialogs the window would show, instead of blocking on them."""
    shown: list[tuple[str, str]] = []
    for module in ("main_window", "project_actions"):
        monkeypatch.setattr(
            f"commissioner.ui.{module}.show_problem",
            lambda _parent, title, message: shown.append((title, message)),
        )
    return shown


@pytest.fixture
def window(
    qtbot: QtBot, settings: AppSettings, problems: list[tuple[str, str]]
) -> Iterator[MainWindow]:
    make_application()
    main_window = MainWindow(settings)
    qtbot.addWidget(main_window)
    main_window.show()
    qtbot.waitExposed(main_window)
    yield main_window
    main_window.close()
    # Delete the window for real, so later tests do not pay for its charts and timers.
    main_window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


FillDialog = Callable[[ProjectDialog], None]


@pytest.fixture
def answer_project_dialog(monkeypatch: pytest.MonkeyPatch) -> Callable[[FillDialog], None]:
    """Make the next project dialogs run ``fill`` instead of waiting for a person."""

    def install(fill: FillDialog) -> None:
        def exec_(dialog: ProjectDialog) -> int:
            dialog.show()
            fill(dialog)
            return int(dialog.result())

        monkeypatch.setattr(ProjectDialog, "exec", exec_)

    return install
