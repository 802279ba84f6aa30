"""Per-user interface state (geometry, recent files, preferences) over QSettings.

Domain data never goes here; UI state never goes in the database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT_FILES = 8


class AppSettings:
    """Typed access to every setting the interface keeps, declared in one place."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._settings.setValue("window/state", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"splitters/{name}", value)

    @property
    def recent_files(self) -> list[Path]:
        value = self._settings.value("files/recent", [])
        if isinstance(value, str):  # QSettings returns a lone string for one-item lists
            value = [value]
        items = value if isinstance(value, list) else []
        return [Path(str(item)) for item in items if item]

    def remember_file(self, path: Path) -> None:
        """Put ``path`` at the top of the recent files and make it the last database."""
        resolved = path.resolve()
        others = [item for item in self.recent_files if item != resolved]
        recent = [resolved, *others][:MAX_RECENT_FILES]
        self._settings.setValue("files/recent", [str(item) for item in recent])
        self._settings.setValue("files/last", str(resolved))

    def forget_file(self, path: Path) -> None:
        resolved = path.resolve()
        recent = [str(item) for item in self.recent_files if item != resolved]
        self._settings.setValue("files/recent", recent)
        if self.last_database == resolved:
            self._settings.remove("files/last")

    @property
    def last_database(self) -> Path | None:
        value = self._settings.value("files/last", "")
        return Path(str(value)) if value else None

    @property
    def user_name(self) -> str:
        """The name written in the audit trail; blank means the computer's account name."""
        return str(self._settings.value("user/name", "") or "")

    @user_name.setter
    def user_name(self, value: str) -> None:
        self._settings.setValue("user/name", value.strip())

    def sync(self) -> None:
        self._settings.sync()
