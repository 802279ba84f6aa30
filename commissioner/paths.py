"""Where Commissioner keeps its files on this computer."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "Commissioner"


def default_database_path() -> Path:
    """The per-user database, in the local (not roaming) application data folder."""
    return user_data_path(APP_NAME, appauthor=False, roaming=False) / "portfolio.commissioner.db"


def log_folder() -> Path:
    return user_log_path(APP_NAME, appauthor=False)


def resources_folder() -> Path:
    """The shipped resources: icons, templates and other editable data."""
    return Path(__file__).resolve().parent.parent / "resources"
