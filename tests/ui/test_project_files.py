"""File → Export project… and Import project…, and dropping a project file on the window:
the dialogs answered as a user would, the file checked back through the services and
the command line, conflicts, passwords, damaged files, drops, and undo."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
)
from pytestqt.qtbot import QtBot

from commissioner import cli
from commissioner.io.project_file import PasswordRequiredError, is_encrypted
from commissioner.services import projects
from commissioner.services.project_export import export_projects, project_ids_for
from commissioner.services.project_import import import_project_file, read_import
from commissioner.storage import Database, open_database
from commissioner.ui import project_files
from commissioner.ui.main_window import MainWindow
from commissioner.ui.project_file_dialogs import ExportProjectDialog

WST = "WST-2023-01"
PASSWORD = "correct horse battery"


@dataclass
class Boxes:
    """Every message box the window shows, answered from a script of button texts."""

    answers: list[str] = field(default_factory=list)
    shown: list[tuple[str, str]] = field(default_factory=list)

    def titles(self) -> list[str]:
        return [title for title, _text in self.shown]

    def text(self, title: str) -> str:
        return next(text for shown_title, text in self.shown if shown_title == title)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    script = Boxes()

    def exec_(box: QMessageBox) -> int:
        box.show()
        script.shown.append((box.windowTitle(), f"{box.text()}\n{box.informativeText()}".strip()))
        buttons = {button.text(): button for button in box.buttons()}
        wanted = script.answers.pop(0) if script.answers else "OK"
        if wanted not in buttons:
            pytest.fail(f"{box.windowTitle()!r} offers {list(buttons)}, not {wanted!r}")
        buttons[wanted].click()
        return int(box.result())

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return script


@pytest.fixture
def passwords(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """(answers to give, prompts shown); no answer left means the user pressed Cancel."""
    answers: list[str] = []
    prompts: list[str] = []

    def get_text(_parent, _title, label, echo, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        assert echo == QLineEdit.EchoMode.Password
        prompts.append(label)
        return (answers.pop(0), True) if answers else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return answers, prompts


def answer_export(
    monkeypatch: pytest.MonkeyPatch, fill: Callable[[ExportProjectDialog], None]
) -> list[ExportProjectDialog]:
    """The export dialog's next showings run ``fill`` instead of waiting for a person."""
    shown: list[ExportProjectDialog] = []

    def exec_(dialog: ExportProjectDialog) -> int:
        shown.append(dialog)
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(ExportProjectDialog, "exec", exec_)
    return shown


def type_export(
    qtbot: QtBot, target: Path, passwords: tuple[str, str] | None = None
) -> Callable[[ExportProjectDialog], None]:
    """Type the target (and the passwords) and press Export."""

    def fill(dialog: ExportProjectDialog) -> None:
        dialog.target.setText(str(target))
        if passwords is not None:
            dialog.protect.setChecked(True)
            qtbot.keyClicks(dialog.password, passwords[0])
            qtbot.keyClicks(dialog.confirmation, passwords[1])
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    return fill


def portfolio_references(window: MainWindow) -> list[str]:
    proxy = window.portfolio.proxy
    return sorted(proxy.index(row, 0).data() for row in range(proxy.rowCount()))


def press(qtbot: QtBot, window: MainWindow, sequence: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keySequence(window, QKeySequence(sequence))


def fingerprint(path: Path) -> str:
    """The database file's bytes, with its write-ahead log if it has one."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def wst_file(demo_db: Database, tmp_path: Path) -> Path:
    """The demo's waste project, exported by a colleague."""
    target = tmp_path / "from-colleague" / f"{WST}.commission"
    target.parent.mkdir()
    export_projects(demo_db, project_ids_for(demo_db, [WST]), target)
    return target


@pytest.fixture
def locked_file(demo_db: Database, tmp_path: Path) -> Path:
    target = tmp_path / "locked" / f"{WST}.commission"
    target.parent.mkdir()
    export_projects(demo_db, project_ids_for(demo_db, [WST]), target, password=PASSWORD)
    return target


@pytest.fixture
def empty_window(window: MainWindow, tmp_path: Path) -> MainWindow:
    assert window.open_path(tmp_path / "council.db")
    return window


@pytest.fixture
def demo_window(window: MainWindow, tmp_path: Path, demo_portfolio_file: Path) -> MainWindow:
    path = tmp_path / "ours" / "portfolio.db"
    path.parent.mkdir()
    shutil.copyfile(demo_portfolio_file, path)
    assert window.open_path(path)
    return window


def open_wst(window: MainWindow) -> int:
    assert window.document is not None
    project_id = project_ids_for(window.document.db, [WST])[0]
    window.open_project(project_id)
    return project_id


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *_a, **_k: (str(path), "")
    )


# --- Export -------------------------------------------------------------------------------


def test_export_the_open_project_and_import_it_back(
    qtbot: QtBot,
    demo_window: MainWindow,
    boxes: Boxes,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_wst(demo_window)
    target = tmp_path / "out" / "for-supplier"
    target.parent.mkdir()
    answer_export(monkeypatch, type_export(qtbot, target))
    assert demo_window.project_files.export_action.isEnabled()
    demo_window.project_files.export_action.trigger()

    written = target.with_name("for-supplier.commission")  # the extension is added
    assert boxes.titles() == ["Project exported"]
    message = boxes.text("Project exported")
    assert message.startswith(f"Exported {WST} Waste collection")
    assert " records) to " in message and str(written) in message and " KB)." in message
    assert not is_encrypted(written)
    result = import_project_file(db, written)
    assert result.references == (WST,)
    assert f"({result.record_counts[0]:,} records)" in message


def test_export_with_a_password_needs_matching_passwords_and_the_cli_opens_it(
    qtbot: QtBot,
    demo_window: MainWindow,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    open_wst(demo_window)
    target = tmp_path / "locked.commission"
    mistyped = type_export(qtbot, target, (PASSWORD, PASSWORD + "!"))

    def fill(dialog: ExportProjectDialog) -> None:
        mistyped(dialog)
        assert dialog.isVisible() and not target.exists()  # still asking: nothing written
        assert "not the same" in dialog.error_text("confirmation")
        qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Backspace)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_export(monkeypatch, fill)
    demo_window.project_files.export_action.trigger()
    assert boxes.titles() == ["Project exported"]

    assert "protected by a password" in boxes.text("Project exported")
    assert is_encrypted(target)
    with pytest.raises(PasswordRequiredError):
        read_import(target)
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    fresh = tmp_path / "colleague.db"
    code = cli.main(
        ["import", "--db", str(fresh), str(target), "--password-file", str(password_file)]
    )
    assert code == 0
    assert f"Imported {WST}" in capsys.readouterr().out


def test_protect_without_a_password_is_refused_in_the_dialog(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_wst(demo_window)
    target = tmp_path / "out.commission"
    messages: list[str] = []

    def fill(dialog: ExportProjectDialog) -> None:
        type_export(qtbot, target, ("", ""))(dialog)
        messages.append(dialog.error_text("password"))
        dialog.reject()

    answer_export(monkeypatch, fill)
    demo_window.project_files.export_action.trigger()
    assert "Type a password" in messages[0]
    assert not target.exists()


def test_export_follows_the_portfolio_selection(
    demo_window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = demo_window.project_files.export_action
    assert not action.isEnabled()  # nothing selected yet
    proxy = demo_window.portfolio.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "HWY-2022-01")
    demo_window.portfolio.table.selectRow(row)
    assert action.isEnabled()
    seen: list[str] = []
    monkeypatch.setattr(
        ExportProjectDialog, "exec", lambda dialog: seen.append(dialog.what.text()) or 0
    )
    action.trigger()
    assert "HWY-2022-01" in seen[0]


def test_a_failed_export_says_why_and_leaves_the_folder_as_it_was(
    qtbot: QtBot,
    demo_window: MainWindow,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_wst(demo_window)
    folder = tmp_path / "shared"
    target = folder / "taken.commission"
    target.mkdir(parents=True)  # something that cannot be replaced by a file
    answer_export(monkeypatch, type_export(qtbot, target))
    boxes.answers = ["Replace", "OK"]
    demo_window.project_files.export_action.trigger()

    assert boxes.titles() == ["Replace file", "Project not exported"]
    message = boxes.text("Project not exported")
    assert message.startswith("Cannot save taken.commission") and "\n" not in message
    assert sorted(p.name for p in folder.iterdir()) == ["taken.commission"]
    assert target.is_dir()


# --- Import -------------------------------------------------------------------------------


def test_import_into_an_empty_file_then_undo_and_redo(
    qtbot: QtBot,
    empty_window: MainWindow,
    boxes: Boxes,
    wst_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose_file(monkeypatch, wst_file)
    boxes.answers = ["Import", "OK"]
    empty_window.project_files.import_action.trigger()

    assert boxes.titles() == ["Import project", "Project imported"]
    question = boxes.text("Import project")
    assert f"{wst_file.name} holds this project" in question and "records)" in question
    message = boxes.text("Project imported")
    assert message.startswith(f"Imported {WST} Waste collection")
    assert message.endswith("records). Undo (Ctrl+Z) removes it.")
    assert portfolio_references(empty_window) == [WST]
    assert empty_window.portfolio.selected_project().reference == WST  # type: ignore[union-attr]
    assert empty_window.undo_action.text() == f"&Undo Import {WST}"

    press(qtbot, empty_window, "Ctrl+Z")
    assert portfolio_references(empty_window) == []
    assert projects.list_projects(empty_window.document.db) == []  # type: ignore[union-attr]
    press(qtbot, empty_window, "Ctrl+Shift+Z")
    assert portfolio_references(empty_window) == [WST]
    press(qtbot, empty_window, "Ctrl+Z")  # the redo's new ids are the ones undone
    assert portfolio_references(empty_window) == []


def test_a_reference_already_here_can_be_imported_as_a_copy(
    demo_window: MainWindow, boxes: Boxes, wst_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(portfolio_references(demo_window))
    choose_file(monkeypatch, wst_file)
    boxes.answers = ["Import as a copy", "OK"]
    demo_window.project_files.import_action.trigger()

    assert f"already has a project {WST}" in boxes.text("Import project")
    assert f"Imported {WST} as {WST}-COPY " in boxes.text("Project imported")
    references = portfolio_references(demo_window)
    assert len(references) == before + 1 and {WST, f"{WST}-COPY"} <= set(references)


def test_replace_backs_up_the_portfolio_first_and_undo_puts_ours_back(
    qtbot: QtBot,
    demo_window: MainWindow,
    boxes: Boxes,
    wst_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = demo_window.document
    assert document is not None
    ours = projects.get_project(document.db, project_ids_for(document.db, [WST])[0])
    projects.update_project(document.db, ours.id, replace(ours.as_input(), name="Our local edits"))
    choose_file(monkeypatch, wst_file)
    boxes.answers = ["Replace…", "Replace", "OK"]
    demo_window.project_files.import_action.trigger()

    assert boxes.titles() == ["Import project", "Replace project", "Project imported"]
    folder = document.db.path.parent
    assert f"file to\n{folder}/portfolio.before-import-" in boxes.text("Replace project")
    backups = list(folder.glob("portfolio.before-import-*.db"))
    assert len(backups) == 1
    assert boxes.text("Project imported").endswith(f"backed up first to\n{backups[0]}")

    def wst_name() -> str:
        detail = projects.get_project(document.db, project_ids_for(document.db, [WST])[0])
        return detail.name

    assert wst_name().startswith("Waste collection")
    press(qtbot, demo_window, "Ctrl+Z")
    assert wst_name() == "Our local edits"


@pytest.mark.parametrize("answers", [["Cancel"], ["Replace…", "Cancel"]])
def test_cancel_at_either_question_changes_nothing(
    demo_window: MainWindow,
    boxes: Boxes,
    wst_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
) -> None:
    document = demo_window.document
    assert document is not None
    before = fingerprint(document.db.path)
    choose_file(monkeypatch, wst_file)
    boxes.answers = list(answers)
    demo_window.project_files.import_action.trigger()

    assert "Project imported" not in boxes.titles()
    assert fingerprint(document.db.path) == before
    assert not list(document.db.path.parent.glob("*before-import*"))
    assert document.undo_stack.count() == 0
    assert "nothing was changed" in demo_window.statusBar().currentMessage()


def test_a_wrong_password_asks_again_then_the_right_one_imports(
    empty_window: MainWindow,
    boxes: Boxes,
    locked_file: Path,
    passwords: tuple[list[str], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers, prompts = passwords
    answers += ["Correct Horse", PASSWORD]
    choose_file(monkeypatch, locked_file)
    boxes.answers = ["Import", "OK"]
    empty_window.project_files.import_action.trigger()

    assert len(prompts) == 2
    assert "is protected by a password" in prompts[0]
    assert "does not open" in prompts[1] and "wrong" in prompts[1]
    assert portfolio_references(empty_window) == [WST]


def test_cancelling_the_password_question_stops_quietly(
    empty_window: MainWindow,
    boxes: Boxes,
    locked_file: Path,
    passwords: tuple[list[str], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose_file(monkeypatch, locked_file)
    empty_window.project_files.import_action.trigger()
    assert len(passwords[1]) == 1
    assert boxes.shown == []
    assert portfolio_references(empty_window) == []


def test_a_damaged_file_is_refused_in_one_line_and_changes_nothing(
    demo_window: MainWindow,
    boxes: Boxes,
    wst_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    damaged = tmp_path / "cut-short.commission"
    content = wst_file.read_bytes()
    damaged.write_bytes(content[: len(content) // 2])
    document = demo_window.document
    assert document is not None
    before = fingerprint(document.db.path)
    choose_file(monkeypatch, damaged)
    demo_window.project_files.import_action.trigger()

    assert boxes.titles() == ["Project not imported"]
    message = boxes.text("Project not imported")
    assert message.startswith("cut-short.commission: This project file is damaged")
    assert "\n" not in message
    assert fingerprint(document.db.path) == before
    assert document.undo_stack.count() == 0


def test_the_import_runs_off_the_ui_thread_behind_a_busy_dialog(
    qtbot: QtBot,
    empty_window: MainWindow,
    boxes: Boxes,
    wst_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_apply = project_files.apply_import
    seen: dict[str, object] = {}

    def slow_apply(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread()
        time.sleep(0.8)
        return real_apply(*args, **kwargs)

    ticks: list[object] = []

    def tick() -> None:
        if not ticks:  # before the busy dialog shows, typing must not reach the window
            qtbot.keyClicks(empty_window.portfolio.filter_edit, "typed")
        ticks.append(QApplication.activeModalWidget())

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    monkeypatch.setattr(project_files, "apply_import", slow_apply)
    choose_file(monkeypatch, wst_file)
    boxes.answers = ["Import", "OK"]
    empty_window.project_files.import_action.trigger()
    timer.stop()

    assert seen["thread"] is not threading.main_thread()
    assert len(ticks) >= 8  # the window's own timers kept running meanwhile
    assert any(isinstance(widget, QProgressDialog) for widget in ticks)
    assert empty_window.portfolio.filter_edit.text() == ""
    assert portfolio_references(empty_window) == [WST]


def test_a_read_only_file_cannot_import_but_can_export(
    window: MainWindow, tmp_path: Path, demo_portfolio_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(demo_portfolio_file)
    open_wst(window)
    assert not window.project_files.import_action.isEnabled()
    assert "read-only" in window.project_files.import_action.statusTip()
    assert window.project_files.export_action.isEnabled()


# --- Dropping a file on the window --------------------------------------------------------


def drag(window: MainWindow, path: Path) -> tuple[QDragEnterEvent, QMimeData]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    return enter, mime


def drop(window: MainWindow, mime: QMimeData) -> None:
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)


def test_dropping_a_project_file_on_the_window_imports_it(
    qtbot: QtBot, empty_window: MainWindow, boxes: Boxes, wst_file: Path
) -> None:
    enter, mime = drag(empty_window, wst_file)
    assert enter.isAccepted()
    boxes.answers = ["Import", "OK"]
    drop(empty_window, mime)
    qtbot.waitUntil(lambda: portfolio_references(empty_window) == [WST])
    qtbot.waitUntil(lambda: "Project imported" in boxes.titles())


def test_dropping_anything_else_is_refused(
    qtbot: QtBot, empty_window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Not a project", encoding="utf-8")
    enter, mime = drag(empty_window, notes)
    assert not enter.isAccepted()
    drop(empty_window, mime)
    qtbot.wait(50)
    assert boxes.shown == []
    assert portfolio_references(empty_window) == []


def test_a_file_dropped_before_any_portfolio_is_open_says_what_to_do(
    qtbot: QtBot, window: MainWindow, boxes: Boxes, wst_file: Path
) -> None:
    assert not window.project_files.import_action.isEnabled()
    enter, mime = drag(window, wst_file)
    assert enter.isAccepted()
    drop(window, mime)
    qtbot.waitUntil(lambda: boxes.titles() == ["Nowhere to import"])
    assert "Open or create a portfolio file first" in boxes.text("Nowhere to import")


def test_the_import_question_says_who_exported_the_file_and_when() -> None:
    import datetime as dt

    from commissioner.ui.project_file_dialogs import export_origin

    when = dt.datetime(2026, 11, 30, 9, 15)
    assert export_origin("Asha Patel", when) == "Exported by Asha Patel on 30/11/2026 at 09:15."
    assert export_origin("", None) == ""
