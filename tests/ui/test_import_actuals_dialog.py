"""Importing actuals through the dialog: choose the file, change a column, import, Ctrl+Z."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from commissioner.io.actuals_mapping import ActualsField
from commissioner.services.cost_entries import (
    CellEdit,
    CostLineInput,
    add_cost_line,
    list_categories,
    set_cells,
)
from commissioner.services.costs import get_cost_sheet
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.ui.confirmations_area import ConfirmationsArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.import_actuals_dialog import (
    ImportActualsDialog,
    MonthsModel,
    RowsModel,
    run_import_actuals,
)
from commissioner.ui.main_window import MainWindow

SAMPLE = Path(__file__).parents[1] / "data" / "finance-transactions-p06-p08.csv"
#: Set IMPORT_SHOTS to a folder to keep pictures of the dialog for review.
SHOTS = Path(os.environ["IMPORT_SHOTS"]) if os.environ.get("IMPORT_SHOTS") else None
OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def only_a_light_area(monkeypatch: pytest.MonkeyPatch) -> None:
    # The import is started from a project's workspace; one cheap area is enough here.
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [ConfirmationsArea])


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path) -> tuple[DatabaseDocument, int]:
    assert window.open_path(tmp_path / "council.db")
    document = window.document
    assert document is not None
    db = document.db
    project_id = create_project(
        db, ProjectInput(reference="ASC-01", name="Home care", service_area="Adults")
    )
    categories = {row.name: row.id for row in list_categories(db)}
    for name, category, code in (
        ("Interim staff", "Staff", "C4410/5001"),
        ("Provider payments", "Supplier payments", "C4410/5420"),
        ("Case system", "One-off implementation", "C4410/5610"),
    ):
        add_cost_line(db, project_id, CostLineInput(name, categories[category], code))
    return document, project_id


def _actuals(document: DatabaseDocument, project_id: int) -> dict[tuple[str, dt.date], int]:
    sheet = get_cost_sheet(document.db, project_id, dt.date(2026, 11, 20))
    return {
        (line.name, month): cell.actual
        for line in sheet.lines
        for month, cell in line.periods.items()
        if cell.actual is not None
    }


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(path), ""))
    )


def _answer(monkeypatch: pytest.MonkeyPatch, drive: Callable[[ImportActualsDialog], None]) -> None:
    def exec_(dialog: ImportActualsDialog) -> int:
        dialog.show()
        drive(dialog)
        return int(dialog.result())

    monkeypatch.setattr(ImportActualsDialog, "exec", exec_)


def _press(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    # The shortcut only fires in the active window, and the dialog has just closed.
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keySequence(window, QKeySequence(keys))


def _to_preview(qtbot: QtBot, dialog: ImportActualsDialog) -> None:
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=5000)


def test_import_with_a_changed_column_then_undo_with_ctrl_z(
    qtbot: QtBot,
    window: MainWindow,
    opened: tuple[DatabaseDocument, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document, project_id = opened
    staff = get_cost_sheet(document.db, project_id, OCT).lines[0].id
    set_cells(document.db, project_id, [CellEdit(staff, OCT, "actual", 900_000)])
    window.open_project(project_id)
    _choose_file(monkeypatch, SAMPLE)
    seen: dict[str, str] = {}

    def drive(dialog: ImportActualsDialog) -> None:
        _to_preview(qtbot, dialog)
        seen["adj"] = dialog.rows_model.index(9, 6).data()
        seen["before"] = dialog.summary.text()
        # The user reads the month from the posting date rather than the period.
        dialog.set_column(ActualsField.PERIOD, None)
        seen["after"] = dialog.summary.text()
        seen["adj after"] = dialog.rows_model.index(9, 6).data()
        seen["mode"] = dialog.mode_hint.text()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        seen["report"] = dialog.report_label.text()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # "Close"

    _answer(monkeypatch, drive)
    run_import_actuals(window, document, project_id)

    assert seen["adj"] == "Skipped: the period “Adj” is not a month or a financial period"
    assert seen["before"].startswith("7 of 11 rows will be imported; 4 skipped")
    assert seen["after"].startswith("8 of 11 rows will be imported; 3 skipped")
    assert seen["adj after"] == "Imported"
    assert seen["mode"].startswith("Replace: each line's actual for a month in the file")
    assert seen["report"].startswith(
        "Imported 8 rows into 3 cost lines over 3 months: £78,669.07 in all."
    )
    after = _actuals(document, project_id)
    assert after[("Interim staff", OCT)] == 725_000  # replaced, not added to £9,000
    assert after[("Case system", NOV)] == 1_725_000  # the "Adj" row now counts

    assert window.undo_action.text() == "&Undo Import actuals from finance-transactions-p06-p08.csv"
    _press(qtbot, window, "Ctrl+Z")
    assert _actuals(document, project_id) == {("Interim staff", OCT): 900_000}
    _press(qtbot, window, "Ctrl+Shift+Z")
    assert _actuals(document, project_id) == after


def test_adding_instead_of_replacing(
    qtbot: QtBot,
    window: MainWindow,
    opened: tuple[DatabaseDocument, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document, project_id = opened
    staff = get_cost_sheet(document.db, project_id, OCT).lines[0].id
    set_cells(document.db, project_id, [CellEdit(staff, OCT, "actual", 100_000)])
    _choose_file(monkeypatch, SAMPLE)
    dialog = ImportActualsDialog(document, project_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _to_preview(qtbot, dialog)
    qtbot.mouseClick(dialog.add_radio, Qt.MouseButton.LeftButton)
    assert dialog.mode_hint.text().startswith("Add: the file's totals are added")
    dialog.tabs.setCurrentIndex(1)
    staff_october = dialog.months_model.index(1, 0)
    assert staff_october.data() == "Interim staff"
    row = [dialog.months_model.index(1, c).data() for c in range(1, 6)]
    assert row == ["Oct 2026", "2", "£7,250.00", "£1,000.00", "£8,250.00"]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _actuals(document, project_id)[("Interim staff", OCT)] == 825_000


def test_a_file_without_an_amount_column_cannot_be_imported(
    qtbot: QtBot, opened: tuple[DatabaseDocument, int], tmp_path: Path
) -> None:
    document, project_id = opened
    path = tmp_path / "suppliers.csv"
    path.write_text("Cost centre,Account,Period,Supplier\nC4410,5001,P07 2026/27,Brightwell\n")
    dialog = ImportActualsDialog(document, project_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.path_edit, str(path))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=5000)
    assert dialog.problem_label.isVisible()
    assert dialog.problem_label.text().startswith("No column is matched to Amount")
    assert not dialog.import_button.isEnabled()
    assert _actuals(document, project_id) == {}


def test_an_unreadable_file_is_explained_on_the_first_step(
    qtbot: QtBot, opened: tuple[DatabaseDocument, int], tmp_path: Path
) -> None:
    document, project_id = opened
    (tmp_path / "ledger.xlsx").write_text("not a workbook")
    dialog = ImportActualsDialog(document, project_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(tmp_path / "ledger.xlsx"))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be read" in dialog.file_status.text(), timeout=5000)
    assert dialog.pages.currentIndex() == 0 and dialog.next_button.isEnabled()


def test_the_preview_models_pass_the_model_tester(
    qtbot: QtBot,
    qtmodeltester: object,
    opened: tuple[DatabaseDocument, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document, project_id = opened
    _choose_file(monkeypatch, SAMPLE)
    dialog = ImportActualsDialog(document, project_id)
    qtbot.addWidget(dialog)
    dialog.resize(1280, 800)
    dialog.show()
    _to_preview(qtbot, dialog)
    assert isinstance(dialog.rows_model, RowsModel)
    assert isinstance(dialog.months_model, MonthsModel)
    qtmodeltester.check(dialog.rows_model)  # type: ignore[attr-defined]
    qtmodeltester.check(dialog.months_model)  # type: ignore[attr-defined]
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "import_actuals_rows.png"))
        dialog.tabs.setCurrentIndex(1)
        dialog.grab().save(str(SHOTS / "import_actuals_months.png"))


def test_a_read_only_file_is_refused_before_the_dialog_opens(
    window: MainWindow, opened: tuple[DatabaseDocument, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    document, project_id = opened
    shown: list[str] = []
    monkeypatch.setattr(
        "commissioner.ui.import_actuals_dialog.show_problem",
        lambda _parent, _title, message: shown.append(message),
    )
    monkeypatch.setattr(ImportActualsDialog, "exec", lambda _dialog: pytest.fail("opened"))
    monkeypatch.setattr(document.db, "read_only", True)
    run_import_actuals(window, document, project_id)
    assert shown == ["This file is open read-only, so actuals cannot be imported."]
