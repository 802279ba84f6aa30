"""The Governance packs area: options checked in the dialog, the worker's progress,
cancel, failure, opening, copying and drawing again; the real worker end to end."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import shutil
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from commissioner.errors import ValidationError
from commissioner.models.enums import ProtectiveMarking
from commissioner.reports.blocks import PackDocument, document_to_json
from commissioner.services.pack_options import PackOptions
from commissioner.services.packs import list_packs, section_choices
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project, list_projects
from commissioner.storage import Database, open_database
from commissioner.ui import pack_job, packs_area
from commissioner.ui.main_window import MainWindow
from commissioner.ui.pack_dialogs import REGENERATE, PackForm, PackOptionsDialog, check_pack_form
from commissioner.ui.packs_area import PackHistoryPanel, PacksArea

#: A stand-in for `commissioner pack` that records its pack as the real verb would, but
#: straight into the file (importing the pack services would take seconds).
#: argv: MODE DB TARGET REFERENCE ("-": portfolio) OPTIONS-JSON REGENERATE-ID DOCUMENT-FILE
STAND_IN = r"""
import datetime as dt, getpass, hashlib, json, sqlite3, sys, time
from pathlib import Path

mode, db_path, target, reference, options_json, again, document = sys.argv[1:8]
target = Path(target)

def say(**report):
    print(json.dumps(report), flush=True)

say(progress=0.1, message="Reading the project's records")
if mode == "fail":
    print("commissioner: cannot write the pack: the disk is full", file=sys.stderr)
    sys.exit(1)
if mode == "hang":
    (target.parent / ".pack-standin.pdf").write_bytes(b"half a pack")
    say(progress=0.45, message="Drawing page 3")
    time.sleep(60)
time.sleep(0.3)
say(progress=0.6, message="Drawing page 2")
pdf = b"%PDF-1.4\n% a stand-in pack\n%%EOF\n"
target.write_bytes(pdf)
digest = hashlib.sha256(pdf).hexdigest()
if again:
    pack_id = int(again)
else:
    options = json.loads(options_json)
    connection = sqlite3.connect(db_path, timeout=10)
    found = connection.execute(
        "SELECT id FROM projects WHERE reference = ?", (reference,)
    ).fetchone()
    with connection:
        pack_id = connection.execute(
            "INSERT INTO governance_packs (project_id, generated_at, generated_by, title, "
            "period, version, author, marking, page_count, sha256, saved_path, options, "
            "figures, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2, ?, ?, ?, '{}', ?)",
            (
                found[0] if found else None,
                dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S.000000"),
                getpass.getuser(), options["title"], options["period"], options["version"],
                options["author"], options["marking"], digest, str(target.resolve()),
                options_json, Path(document).read_bytes(),
            ),
        ).lastrowid
    connection.close()
say(done=True, pack_id=pack_id, pages=2, sha256=digest, path=str(target))
"""
STAND_IN_PDF = b"%PDF-1.4\n% a stand-in pack\n%%EOF\n"


@pytest.fixture(autouse=True)
def only_our_area(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [PacksArea])


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Run the stand-in worker instead of `commissioner pack`; set ["mode"] to change it."""
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    document = tmp_path / "document.bin"
    empty = PackDocument("", "", "", "", "", "", "", "", (), "2026-12-01T09:00:00", ())
    document.write_bytes(zlib.compress(document_to_json(empty).encode("utf-8")))
    settings = {"mode": "succeed"}

    def command(request: pack_job.PackRequest) -> tuple[str, list[str]]:
        return sys.executable, [
            str(script),
            settings["mode"],
            str(request.db_path),
            str(request.target),
            request.project_reference or "-",
            request.options.to_json() if request.options else "{}",
            str(request.regenerate_id or ""),
            str(document),
        ]

    monkeypatch.setattr(pack_job, "worker_command", command)
    return settings


@pytest.fixture
def problems(problems: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(
        packs_area,
        "show_problem",
        lambda _parent, title, text: problems.append((title, text)),
    )
    return problems


@pytest.fixture
def project(window: MainWindow, tmp_path: Path) -> tuple[Database, int]:
    assert window.open_path(tmp_path / "council.db")
    assert window.document is not None
    db = window.document.db
    form = ProjectInput(reference="ASC-01", name="Home care", service_area="Adult social care")
    return db, create_project(db, form)


def open_area(window: MainWindow, project_id: int) -> PackHistoryPanel:
    window.open_project(project_id)
    window.workspace.show_area("Governance packs")
    area = next(a for a in window.workspace.areas if isinstance(a, PacksArea))
    return area.panel


def answer_options(
    monkeypatch: pytest.MonkeyPatch, fill: Callable[[PackOptionsDialog], None]
) -> list[PackOptionsDialog]:
    """The next options dialogs run ``fill`` instead of waiting for a person."""
    shown: list[PackOptionsDialog] = []

    def exec_(dialog: PackOptionsDialog) -> int:
        shown.append(dialog)
        dialog.show()
        fill(dialog)
        if dialog.isVisible():
            dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(PackOptionsDialog, "exec", exec_)
    return shown


def fill_in(qtbot: QtBot, target: Path, title: str = "Board pack") -> Callable[[Any], None]:
    def fill(dialog: PackOptionsDialog) -> None:
        dialog.title_edit.setText(title)
        dialog.period.setDate(QDate(2026, 10, 1))
        dialog.distribution.setPlainText("Project board\n\nDirector of Adult Social Care\n")
        dialog.target.setText(str(target))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    return fill


def click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_future_period_is_refused_in_the_dialog_and_nothing_starts(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int],
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    panel = open_area(window, project[1])
    seen: dict[str, str] = {}

    def fill(dialog: PackOptionsDialog) -> None:
        assert dialog.version.text() == "1.0"
        assert dialog.target.text().endswith("ASC-01 governance pack 2026-11 v1.0.pdf")
        next_year = dt.date.today().year + 1
        dialog.period.setDate(QDate(next_year, 1, 1))
        assert dialog.target.text().endswith(f"ASC-01 governance pack {next_year}-01 v1.0.pdf")
        for box in dialog.section_boxes.values():
            box.setChecked(False)
        dialog.target.setText(str(tmp_path / "pack.pdf"))
        click(qtbot, dialog.save_button)
        seen["period"] = dialog.error_text("period")
        seen["sections"] = dialog.error_text("sections")
        seen["visible"] = str(dialog.isVisible())
        seen["title"] = dialog.title_edit.text()

    answer_options(monkeypatch, fill)
    click(qtbot, panel.generate_button)

    assert seen == {
        "period": "The reporting period cannot be in the future.",
        "sections": "Choose at least one section.",
        "visible": "True",
        "title": "Governance pack",
    }
    assert not panel.job.is_running()
    assert panel.model.rowCount() == 0


def test_generating_shows_progress_then_the_new_pack_selected(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int],
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    qtmodeltester: Any,
) -> None:
    db, project_id = project
    panel = open_area(window, project_id)
    target = tmp_path / "board pack.pdf"
    answer_options(monkeypatch, fill_in(qtbot, target))
    click(qtbot, panel.generate_button)

    dialog = panel.progress_dialog
    assert dialog is not None and dialog.isVisible()
    assert not panel.generate_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.message.text() == "Drawing page 2", timeout=20000)
    assert dialog.bar.value() == 600
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=20000)

    assert panel.progress_dialog is None
    assert target.read_bytes() == STAND_IN_PDF
    record = panel.selected()
    assert record is not None and record.title == "Board pack"
    cells = [panel.model.index(0, column).data() for column in range(9)]
    assert cells[1:8] == ["October 2026", "1.0", "Board pack", "OFFICIAL", db.actor, "2", "Saved"]
    assert panel.detail.heading.text() == "Board pack, October 2026, version 1.0"
    assert panel.detail.values["distribution"].text() == (
        "Project board; Director of Adult Social Care"
    )
    assert panel.detail.sha256.text() == hashlib.sha256(STAND_IN_PDF).hexdigest()
    assert "saved to" in panel.notice.text() and panel.notice.isVisible()
    assert [pack.title for pack in list_packs(db, project_id)] == ["Board pack"]
    qtmodeltester.check(panel.model)


def test_cancel_leaves_no_pack_and_no_file(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int],
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db, project_id = project
    stand_in["mode"] = "hang"
    panel = open_area(window, project_id)
    target = tmp_path / "pack.pdf"
    answer_options(monkeypatch, fill_in(qtbot, target))
    click(qtbot, panel.generate_button)
    dialog = panel.progress_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.message.text() == "Drawing page 3", timeout=20000)
    assert (tmp_path / ".pack-standin.pdf").exists()

    click(qtbot, dialog.cancel_button)

    assert not panel.job.is_running()
    assert panel.progress_dialog is None
    assert panel.model.rowCount() == 0
    assert list_packs(db, project_id) == []
    assert not target.exists()
    assert list(tmp_path.glob(".pack-*.pdf")) == []
    assert panel.notice.text() == "Cancelled: no pack was saved or recorded."
    assert panel.generate_button.isEnabled()


def test_a_failing_worker_shows_its_message(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int],
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    problems: list[tuple[str, str]],
    tmp_path: Path,
) -> None:
    stand_in["mode"] = "fail"
    panel = open_area(window, project[1])
    answer_options(monkeypatch, fill_in(qtbot, tmp_path / "pack.pdf"))
    click(qtbot, panel.generate_button)
    qtbot.waitUntil(lambda: bool(problems), timeout=20000)

    assert problems == [("No pack was made", "Cannot write the pack: the disk is full.")]
    assert panel.progress_dialog is None
    assert panel.model.rowCount() == 0


def generate_one(
    qtbot: QtBot, panel: PackHistoryPanel, monkeypatch: pytest.MonkeyPatch, target: Path
) -> None:
    answer_options(monkeypatch, fill_in(qtbot, target))
    click(qtbot, panel.generate_button)
    qtbot.waitUntil(
        lambda: panel.model.rowCount() == 1 and not panel.job.is_running(), timeout=20000
    )


def test_open_a_missing_file_says_so_and_offers_to_draw_it_again(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int],
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    panel = open_area(window, project[1])
    target = tmp_path / "pack.pdf"
    generate_one(qtbot, panel, monkeypatch, target)
    opened: list[Path] = []
    monkeypatch.setattr(packs_area, "open_pdf", lambda path: opened.append(path) or True)
    click(qtbot, panel.open_button)
    assert opened == [target]

    target.unlink()
    asked: list[tuple[str, bool]] = []

    def ask(_parent: object, _title: str, message: str, *, can_open: bool) -> str:
        asked.append((message, can_open))
        return ""

    monkeypatch.setattr(packs_area, "ask_about_file", ask)
    cell = panel.table.visualRect(panel.model.index(0, 0)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)

    assert asked == [
        (
            f"The pack's file is missing: nothing is at {target}. It can be drawn again, "
            "exactly as first generated, from the snapshot kept in this file.",
            False,
        )
    ]
    assert opened == [target]
    assert panel.model.index(0, 7).data() == "File missing"


def test_a_changed_file_is_drawn_again_byte_identical_and_becomes_the_pack_file(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int],
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db, project_id = project
    panel = open_area(window, project_id)
    target = tmp_path / "pack.pdf"
    generate_one(qtbot, panel, monkeypatch, target)
    target.write_bytes(b"%PDF-1.4 someone edited this")
    monkeypatch.setattr(packs_area, "ask_about_file", lambda *_a, **_k: REGENERATE)
    again = tmp_path / "restored"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(again), ""))
    stand_in["mode"] = "regenerate"

    click(qtbot, panel.open_button)
    qtbot.waitUntil(lambda: "byte-identical" in panel.notice.text(), timeout=20000)

    restored = tmp_path / "restored.pdf"
    assert restored.read_bytes() == STAND_IN_PDF
    assert panel.notice.text().startswith(f"Drew the pack again to {restored}: byte-identical")
    assert list_packs(db, project_id)[0].saved_path == str(restored)
    assert panel.model.index(0, 7).data() == "Saved"


def test_save_a_copy_copies_the_file_and_remembers_it(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int],
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db, project_id = project
    panel = open_area(window, project_id)
    generate_one(qtbot, panel, monkeypatch, tmp_path / "pack.pdf")
    (tmp_path / "shared").mkdir()
    copy = tmp_path / "shared" / "board.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(copy), ""))

    click(qtbot, panel.copy_button)

    assert copy.read_bytes() == STAND_IN_PDF
    assert list_packs(db, project_id)[0].saved_path == str(copy)
    assert panel.detail.saved_path.text() == str(copy)
    assert panel.notice.text() == f"Saved a copy to {copy}."


def test_the_portfolio_packs_page_makes_portfolio_packs(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int],
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db, _project_id = project
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+5"))
    assert window.pages.currentWidget() is window.portfolio_packs
    panel = window.portfolio_packs.panel
    offered: list[str] = []

    def fill(dialog: PackOptionsDialog) -> None:
        offered.extend(box.text() for box in dialog.section_boxes.values())
        fill_in(qtbot, tmp_path / "portfolio.pdf", "Portfolio board pack")(dialog)

    answer_options(monkeypatch, fill)
    click(qtbot, panel.generate_button)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=20000)

    assert offered == [
        "Portfolio summary",
        "Portfolio risk profile",
        "Portfolio cost position",
        "A page per project",
    ]
    assert [pack.title for pack in list_packs(db, None)] == ["Portfolio board pack"]


@pytest.mark.slow
def test_a_read_only_file_cannot_record_a_new_pack_but_can_open_its_packs(
    qtbot: QtBot,
    window: MainWindow,
    stand_in: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = tmp_path / "shared-drive.db"
    db = open_database(path, actor="tester")
    form = ProjectInput(reference="ASC-01", name="Home care", service_area="Adult social care")
    project_id = create_project(db, form)
    db.close()
    assert window.open_path(path)
    panel = open_area(window, project_id)
    generate_one(qtbot, panel, monkeypatch, tmp_path / "pack.pdf")
    window.open_path(tmp_path / "other.db")
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(path)
    panel = open_area(window, project_id)
    panel.table.selectRow(0)

    assert not panel.generate_button.isEnabled()
    assert "read-only" in panel.generate_button.toolTip()
    buttons = (panel.open_button, panel.regenerate_button, panel.copy_button)
    assert [button.isEnabled() for button in buttons] == [True, True, True]


def test_the_save_as_name_is_checked_before_any_worker_starts(tmp_path: Path) -> None:
    options = PackOptions(period="2026-10", sections=("summary",), marking=ProtectiveMarking.NONE)
    today = dt.date(2026, 12, 3)
    choices = section_choices(1)
    asked: list[Path] = []

    def decline(path: Path) -> bool:
        asked.append(path)
        return False

    chosen = check_pack_form(PackForm(options, str(tmp_path / "board")), choices, today, decline)
    assert chosen[1] == tmp_path / "board.pdf"
    with pytest.raises(ValidationError) as missing:
        check_pack_form(
            PackForm(options, str(tmp_path / "nowhere" / "p.pdf")), choices, today, decline
        )
    assert missing.value.problems == {
        "target": f"There is no folder {tmp_path / 'nowhere'} to save the pack in."
    }
    (tmp_path / "board.pdf").write_bytes(b"an earlier pack")
    with pytest.raises(ValidationError) as exists:
        check_pack_form(PackForm(options, str(tmp_path / "board.pdf")), choices, today, decline)
    assert exists.value.problems == {"target": "board.pdf already exists: choose another name."}
    assert asked == [tmp_path / "board.pdf"]
    agreed = PackForm(options, str(tmp_path / "board.pdf"), replace_agreed=True)
    assert check_pack_form(agreed, choices, today, decline)[1] == tmp_path / "board.pdf"


# --- The real worker -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from commissioner.services.demo import build_demo_portfolio

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(path, actor="tester")
    build_demo_portfolio(db)
    db.close()
    return path


@pytest.fixture
def demo_window(window: MainWindow, demo_file: Path, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    window.settings.user_name = "Asha Patel"
    assert window.open_path(path)
    return window


def open_demo_area(window: MainWindow, reference: str = "WST-2023-01") -> PackHistoryPanel:
    assert window.document is not None
    project = next(p for p in list_projects(window.document.db) if p.reference == reference)
    return open_area(window, project.id)


@pytest.mark.slow
def test_the_real_worker_makes_a_pack_and_draws_it_again_identically(
    qtbot: QtBot, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    panel = open_demo_area(demo_window)
    target = tmp_path / "WST pack.pdf"

    def fill(dialog: PackOptionsDialog) -> None:
        for key, box in dialog.section_boxes.items():
            box.setChecked(key in ("summary", "stages"))
        fill_in(qtbot, target)(dialog)

    answer_options(monkeypatch, fill)
    click(qtbot, panel.generate_button)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=60000)

    assert target.read_bytes().startswith(b"%PDF")
    record = panel.selected()
    assert record is not None and record.page_count >= 2
    assert record.generated_by == "Asha Patel"  # the app's name, not the account's
    assert panel.detail.values["sections"].text() == ("Executive summary\nStage and gate position")
    again = tmp_path / "again.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(again), ""))
    click(qtbot, panel.regenerate_button)
    qtbot.waitUntil(lambda: "again" in panel.notice.text(), timeout=60000)
    assert "byte-identical" in panel.notice.text()
    assert again.read_bytes() == target.read_bytes()


@pytest.mark.slow
def test_the_window_keeps_ticking_while_the_worker_draws_the_demo_pack(
    qtbot: QtBot, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    panel = open_demo_area(demo_window)
    answer_options(monkeypatch, fill_in(qtbot, tmp_path / "pack.pdf"))
    qtbot.wait(300)  # let the window finish its first layout and paint
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: panel.job.is_running() and ticks.append(time.perf_counter()))
    timer.start()
    click(qtbot, panel.generate_button)
    qtbot.waitUntil(lambda: not panel.job.is_running(), timeout=120000)
    timer.stop()

    assert panel.model.rowCount() == 1
    longest = max(later - earlier for earlier, later in itertools.pairwise(ticks))
    span = ticks[-1] - ticks[0]
    print(f"\n{len(ticks)} ticks over {span:.1f} s; longest gap {longest * 1000:.0f} ms")
    assert longest < 0.1
    QApplication.processEvents()
