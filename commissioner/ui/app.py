"""Start the desktop application."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from commissioner import __version__
from commissioner.paths import APP_NAME, default_database_path, log_folder, resources_folder
from commissioner.ui.main_window import MainWindow
from commissioner.ui.settings import AppSettings

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Commissioner's name, icon and look (reuses a running one)."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    icon = resources_folder() / "icons" / "commissioner.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = resources_folder() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def _install_error_hook() -> None:
    """Unexpected errors go to a log file and a dialog, never to a console traceback."""
    log_file = log_folder() / "commissioner.log"

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with log_file.open("a", encoding="utf-8") as handle:
                handle.write(details + "\n")
            where = f"Details were saved to {log_file}."
        except OSError:
            where = "Details could not be saved."
        QMessageBox.critical(
            None,
            "Something went wrong",
            f"Commissioner hit an unexpected problem: {error}\n\n"
            f"Everything saved before this point is safe. {where}",
        )

    sys.excepthook = hook


def startup_database(requested: Path | None, settings: AppSettings) -> Path | None:
    """Which file to open at start: the one asked for, the last used, or the default."""
    if requested is not None:
        return requested
    last = settings.last_database
    if last is not None and last.exists():
        return last
    default = default_database_path()
    return default if default.exists() else None


def run_app(database: Path | None = None) -> int:
    """Open the main window and run until it closes; returns the exit code."""
    app = make_application()
    _install_error_hook()
    settings = AppSettings()
    window = MainWindow(settings)
    window.show()
    path = startup_database(database, settings)
    if path is not None:
        window.open_path(path)
    return app.exec()
