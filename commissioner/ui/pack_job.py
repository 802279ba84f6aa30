"""Drawing a governance pack in a worker process, reporting progress by signal.

reportlab holds the interpreter while it draws, so a thread would freeze the window on
a two-core laptop; the `commissioner pack --progress` verb runs in its own process
instead and prints one JSON line per step. Cancelling kills that process: the renderer
writes to a temporary file and renames it only at the end, and the pack's record is
one transaction, so a killed worker leaves no pack behind.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, Signal

from commissioner.models.enums import ProtectiveMarking
from commissioner.services.pack_options import PackOptions

#: How the command line names each marking.
MARKING_ARGUMENTS = {
    ProtectiveMarking.NONE: "NONE",
    ProtectiveMarking.OFFICIAL: "OFFICIAL",
    ProtectiveMarking.OFFICIAL_SENSITIVE: "OFFICIAL-SENSITIVE",
}
#: The renderer's temporary file beside the target; a killed worker cannot remove it.
TEMPORARY_PATTERN = ".pack-*.pdf"
_KILL_WAIT_MS = 3000


@dataclass(frozen=True)
class PackRequest:
    """One run of the worker: a new pack, or an earlier one drawn again."""

    db_path: Path
    target: Path
    #: The name recorded as the pack's generator (the audit-trail name).
    actor: str = ""
    #: The project's reference; None (with no ``regenerate_id``) for the portfolio.
    project_reference: str | None = None
    options: PackOptions | None = None
    #: Draw this earlier pack again from its snapshot instead.
    regenerate_id: int | None = None


def pack_arguments(request: PackRequest) -> list[str]:
    """The `commissioner pack` arguments for ``request``.

    Values are joined to their option with "=", so a title starting with "-" stays a
    value rather than looking like another option."""
    arguments = ["pack", f"--db={request.db_path}", f"--out={request.target}", "--progress"]
    if request.actor:
        # The name the user chose for the audit trail, not the computer's account.
        arguments.append(f"--actor={request.actor}")
    if request.regenerate_id is not None:
        return [*arguments, f"--regenerate={request.regenerate_id}"]
    if request.project_reference is not None:
        arguments.append(f"--project={request.project_reference}")
    else:
        arguments.append("--portfolio")
    if request.options is not None:
        arguments += _option_arguments(request.options)
    return arguments


def _option_arguments(options: PackOptions) -> list[str]:
    arguments = [
        f"--period={options.period}",
        f"--marking={MARKING_ARGUMENTS[options.marking]}",
        f"--descriptor={options.descriptor}",
        f"--pack-version={options.version}",
        f"--author={options.author}",
        f"--sections={','.join(options.sections)}",
        f"--title={options.title}",
    ]
    return arguments + [f"--distribution={name}" for name in options.distribution]


def worker_command(request: PackRequest) -> tuple[str, list[str]]:
    """The worker's program and arguments (tests put a stand-in worker here)."""
    return sys.executable, ["-m", "commissioner", *pack_arguments(request)]


def failure_message(stderr: str, exit_code: int) -> str:
    """The worker's one-line message ("commissioner: …") as a sentence for the user."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return f"The pack could not be made: the worker stopped with code {exit_code}."
    message = lines[-1].removeprefix("commissioner:").strip()
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else f"{message}."


class PackJob(QObject):
    """One worker process at a time: ``start`` it, watch its signals, ``cancel`` it."""

    #: (fraction done 0–1, what it is doing) as the worker reports it.
    progress = Signal(float, str)
    #: The worker's final report: {"pack_id", "pages", "sha256", "path"}.
    finished = Signal(dict)
    #: A message saying why no pack was made.
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: QProcess | None = None
        self._output = b""
        self._errors = b""
        self._result: dict[str, Any] | None = None
        self._cancelled = False
        self._folder: Path | None = None
        self._temporaries_before: set[Path] = set()
        if (application := QCoreApplication.instance()) is not None:
            # Quitting mid-pack stops the worker rather than leaving it drawing.
            application.aboutToQuit.connect(self.cancel)

    def is_running(self) -> bool:
        return self._process is not None

    def start(self, request: PackRequest) -> None:
        """Start the worker for ``request``; its outcome arrives by signal."""
        if self._process is not None:
            raise RuntimeError("A pack is already being made.")
        program, arguments = worker_command(request)
        self._output, self._errors, self._result, self._cancelled = b"", b"", None, False
        self._folder = request.target.parent
        self._temporaries_before = self._temporaries()
        process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("PYTHONIOENCODING", "utf-8")
        process.setProcessEnvironment(environment)
        process.readyReadStandardOutput.connect(self._read_output)
        process.readyReadStandardError.connect(self._read_errors)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self._process = process
        process.start(program, arguments)

    def cancel(self) -> None:
        """Stop the worker; nothing is recorded and no file is left behind."""
        process = self._process
        if process is None:
            return
        self._cancelled = True
        process.kill()
        process.waitForFinished(_KILL_WAIT_MS)
        self._remove_temporaries()
        self._release()

    # --- The worker's reports ---------------------------------------------------------

    def _read_output(self) -> None:
        if self._process is None:
            return
        self._output += bytes(self._process.readAllStandardOutput().data())
        *lines, self._output = self._output.split(b"\n")
        for line in lines:
            self._take_line(line)

    def _take_line(self, line: bytes) -> None:
        try:
            report = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return  # not one of ours (a library's warning): ignore it
        if not isinstance(report, dict):
            return
        if report.get("done"):
            self._result = report
        elif "progress" in report:
            self.progress.emit(float(report["progress"]), str(report.get("message", "")))

    def _read_errors(self) -> None:
        if self._process is not None:
            self._errors += bytes(self._process.readAllStandardError().data())

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart and not self._cancelled:
            reason = self._process.errorString() if self._process else ""
            self._release()
            self.failed.emit(f"The pack worker could not be started: {reason}")

    def _on_finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        if self._cancelled or self._process is None:
            return
        self._read_output()
        self._read_errors()
        self._take_line(self._output)
        result, errors = self._result, self._errors.decode("utf-8", "replace")
        self._release()
        if status is QProcess.ExitStatus.CrashExit:
            self._remove_temporaries()
            self.failed.emit("The pack worker stopped unexpectedly; no pack was recorded.")
        elif exit_code != 0:
            self._remove_temporaries()
            self.failed.emit(failure_message(errors, exit_code))
        elif result is None:
            self.failed.emit("The pack worker stopped without saying where the pack went.")
        else:
            self.finished.emit(result)

    # --- Tidying ----------------------------------------------------------------------

    def _release(self) -> None:
        if self._process is not None:
            self._process.deleteLater()
            self._process = None

    def _temporaries(self) -> set[Path]:
        if self._folder is None or not self._folder.is_dir():
            return set()
        return set(self._folder.glob(TEMPORARY_PATTERN))

    def _remove_temporaries(self) -> None:
        """Delete the temporary file a stopped worker left; never one that was there before."""
        for path in self._temporaries() - self._temporaries_before:
            path.unlink(missing_ok=True)
