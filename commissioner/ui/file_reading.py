"""Reading a spreadsheet off the UI thread, for the import dialogs: a large workbook
takes seconds to open and the window must stay responsive meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from commissioner.errors import CommissionerError


class ReadSignals(QObject):
    #: The table read (whatever ``read`` returns).
    done = Signal(object)
    #: A message saying why the file could not be read.
    failed = Signal(str)


class ReadSpreadsheet(QRunnable):
    """Run ``read(path)`` on the thread pool and report by signal."""

    def __init__(self, path: Path, read: Callable[[Path], Any]) -> None:
        super().__init__()
        self.path = path
        self.read = read
        self.signals = ReadSignals()
        # The dialog keeps this object; the pool must not delete it under Python's feet.
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            table = self.read(self.path)
        except CommissionerError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # a broken file must not kill the worker silently
            self.signals.failed.emit(f"{self.path.name} could not be read: {error}")
        else:
            self.signals.done.emit(table)
