"""The Costs area: cards, the spreadsheet-like grid, cost lines, budget and categories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from commissioner.models.cost_rules import add_months
from commissioner.services import cost_entries
from commissioner.services.cost_entries import CellEdit, CostLineInput
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.storage import Database, open_database
from commissioner.ui.cost_dialogs import BudgetDialog, CategoriesDialog, CostLineDialog
from commissioner.ui.costs_area import CostsArea
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog

TODAY = dt.date(2026, 9, 15)
APRIL = dt.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [CostsArea])


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the area would show in a warning box."""
    messages: list[str] = []
    monkeypatch.setattr(
        "commissioner.ui.costs_area.show_problem",
        lambda _parent, _title, message: messages.append(message),
    )
    return messages


def seed(db: Database) -> tuple[int, dict[str, int]]:
    """A £120,000 project over 2026/27: two staff lines and a supplier line, each
    budgeted and forecast month by month, with actuals booked April to July."""
    project_id = create_project(
        db,
        ProjectInput(
            reference="ASC-2026-01",
            name="Home care framework",
            service_area="Adult social care",
            approved_budget="£120,000",
            start_date="01/04/2026",
            end_date="31/03/2028",
        ),
    )
    categories = {row.name: row.id for row in cost_entries.list_categories(db)}
    lines = {
        name: cost_entries.add_cost_line(db, project_id, CostLineInput(name, categories[cat]))
        for name, cat in (
            ("Commissioning officers", "Staff"),
            ("Agency care workers", "Staff"),
            ("Provider payments", "Supplier payments"),
        )
    }
    monthly = {"Commissioning officers": 200_000, "Agency care workers": 300_000}
    monthly["Provider payments"] = 500_000
    edits = []
    for step in range(12):
        month = add_months(APRIL, step)
        for name, pence in monthly.items():
            edits += [
                CellEdit(lines[name], month, "budget", pence),
                CellEdit(lines[name], month, "forecast", pence),
            ]
            if step < 4:
                edits.append(CellEdit(lines[name], month, "actual", pence))
    cost_entries.set_cells(db, project_id, edits)
    return project_id, lines


@pytest.fixture
def area(window: MainWindow, tmp_path: Path) -> CostsArea:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id, _ = seed(db)
    window.open_project(project_id)
    return _costs(window)


def _costs(window: MainWindow) -> CostsArea:
    window.workspace.show_area("Costs")
    found = next(a for a in window.workspace.areas if isinstance(a, CostsArea))
    found.today = TODAY
    found.reload()
    return found


def cell(area: CostsArea, line: str, column: str) -> QModelIndex:
    model = area.model
    rows = [r for r in range(model.rowCount()) if model.row_at(r).label == line]
    columns = [
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == column
    ]
    assert rows and columns, (line, column)
    return model.index(rows[0], columns[0])


def shown_text(area: CostsArea, line: str, column: str) -> str:
    return str(cell(area, line, column).data())


def card(area: CostsArea, title: str) -> str:
    return area.cards.card(title).value.text()


def type_into(qtbot: QtBot, area: CostsArea, index: QModelIndex, text: str) -> None:
    """Select a cell, type over it as a user would, and press Enter."""
    area.grid.setFocus()
    area.grid.setCurrentIndex(index)
    qtbot.keyClick(area.grid, text[0])
    editor = open_editor(area.grid)
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def open_editor(view: QAbstractItemView) -> QLineEdit:
    """The cell editor the view has open (closed ones linger until deleted later)."""
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def paste(qtbot: QtBot, area: CostsArea, index: QModelIndex, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    area.grid.setFocus()
    area.grid.setCurrentIndex(index)
    qtbot.keySequence(area.grid, QKeySequence.StandardKey.Paste)


def undo(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def answer(
    monkeypatch: pytest.MonkeyPatch,
    dialog_class: type[RecordFormDialog],
    fill: Callable[[Any], None],
) -> None:
    def exec_(dialog: RecordFormDialog) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)


def test_typing_a_months_actual_moves_the_forecast_and_variance_then_undo(
    qtbot: QtBot, window: MainWindow, area: CostsArea, qtmodeltester: Any
) -> None:
    assert card(area, "Forecast at completion") == "£120,000"
    assert card(area, "Variance to current budget") == "£0"
    # August is past and nothing is booked: it shows as not booked, never as £0.
    assert shown_text(area, "Agency care workers", "Aug 26") == "—"
    assert "Aug 2026" in area.notes.text()

    type_into(qtbot, area, cell(area, "Agency care workers", "Aug 26"), "4500")
    qtbot.waitUntil(lambda: card(area, "Forecast at completion") == "£121,500")
    assert shown_text(area, "Agency care workers", "Aug 26") == "4,500"
    assert card(area, "Variance to current budget") == "+£1,500"
    assert "+1.3%" in area.cards.card("Variance to current budget").detail.text()
    assert shown_text(area, "Staff", "Aug 26") == "4,500"  # the category adds it up
    # Enter moved down to the next line, ready for its figure.
    assert area.model.row_at(area.grid.currentIndex().row()).label == "Provider payments"
    qtmodeltester.check(area.model, force_py=True)

    undo(qtbot, window)
    assert shown_text(area, "Agency care workers", "Aug 26") == "—"
    assert card(area, "Forecast at completion") == "£120,000"


def test_typing_over_a_figure_replaces_it_and_a_bad_one_is_refused(
    qtbot: QtBot, area: CostsArea, shown: list[str]
) -> None:
    july = cell(area, "Commissioning officers", "Jul 26")
    type_into(qtbot, area, july, "2100")
    qtbot.waitUntil(lambda: shown_text(area, "Commissioning officers", "Jul 26") == "2,100")

    type_into(qtbot, area, july, "2,1OO")
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].startswith("Commissioning officers, July 2026 actual: “2,1OO”")
    assert shown_text(area, "Commissioning officers", "Jul 26") == "2,100"

    # Tab moves right to the next month, ready for typing.
    area.grid.setCurrentIndex(july)
    qtbot.keyClick(area.grid, "9")
    editor = open_editor(area.grid)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: shown_text(area, "Commissioning officers", "Jul 26") == "9")
    assert area.grid.currentIndex() == cell(area, "Commissioning officers", "Aug 26")


def test_a_block_pasted_from_excel_lands_in_one_undoable_step(
    qtbot: QtBot, window: MainWindow, area: CostsArea
) -> None:
    block = "£1,234.50\t2,000\t(300)\n\t5000\t6,000.00\n"
    paste(qtbot, area, cell(area, "Commissioning officers", "Aug 26"), block)
    assert shown_text(area, "Commissioning officers", "Aug 26") == "1,234.50"
    assert shown_text(area, "Commissioning officers", "Sep 26") == "2,000"
    assert shown_text(area, "Commissioning officers", "Oct 26") == "−300"  # a credit
    assert shown_text(area, "Agency care workers", "Aug 26") == "—"  # blank stays blank
    assert shown_text(area, "Agency care workers", "Sep 26") == "5,000"
    assert shown_text(area, "Agency care workers", "Oct 26") == "6,000"

    undo(qtbot, window)
    for line in ("Commissioning officers", "Agency care workers"):
        assert shown_text(area, line, "Sep 26") == ""
        assert shown_text(area, line, "Oct 26") == ""


def test_a_block_with_one_bad_value_writes_nothing_and_names_the_cell(
    qtbot: QtBot, window: MainWindow, area: CostsArea, shown: list[str]
) -> None:
    undo_steps = window.document.undo_stack.count()  # type: ignore[union-attr]
    block = "1000\t2000\t3000\n4000\ttwelve\t6000\n"
    paste(qtbot, area, cell(area, "Commissioning officers", "Aug 26"), block)
    qtbot.waitUntil(lambda: bool(shown))
    assert "Nothing was pasted" in shown[0]
    assert "Agency care workers, September 2026 actual" in shown[0]
    assert "twelve" in shown[0]
    assert shown_text(area, "Commissioning officers", "Aug 26") == "—"
    assert window.document.undo_stack.count() == undo_steps  # type: ignore[union-attr]


def test_actuals_past_the_red_tolerance_turn_the_rag_red_then_undo(
    qtbot: QtBot, window: MainWindow, area: CostsArea
) -> None:
    variance = area.cards.card("Variance to current budget")
    assert variance.rag.text() == "Green"
    # £6,000 a month over on provider payments for three months: +£18,000, 15% over.
    paste(qtbot, area, cell(area, "Provider payments", "Jul 26"), "11000\t11000\t11000")
    assert variance.rag.text() == "Red · Overrun"
    assert variance.value.text() == "+£18,000"

    undo(qtbot, window)
    assert variance.rag.text() == "Green"
    assert variance.value.text() == "£0"


def test_quarters_add_up_their_months_and_take_no_typing(
    qtbot: QtBot, area: CostsArea, qtmodeltester: Any
) -> None:
    qtbot.mouseClick(area.periods.button(1), Qt.MouseButton.LeftButton)
    assert shown_text(area, "Provider payments", "Q1 Apr–Jun") == "15,000"
    assert shown_text(area, "All cost lines", "Q2 Jul–Sep") == "10,000"  # July booked only
    assert shown_text(area, "All cost lines", "2026/27") == "40,000"
    q1 = cell(area, "Provider payments", "Q1 Apr–Jun")
    assert not q1.flags() & Qt.ItemFlag.ItemIsEditable
    qtmodeltester.check(area.model, force_py=True)

    qtbot.mouseClick(area.measures.button(0), Qt.MouseButton.LeftButton)  # Budget
    assert shown_text(area, "Staff", "Q4 Jan–Mar") == "15,000"
    assert shown_text(area, "All cost lines", "Whole life") == "120,000"


def test_another_financial_year_shows_its_own_months(qtbot: QtBot, area: CostsArea) -> None:
    assert [area.year_combo.itemText(i) for i in range(area.year_combo.count())] == [
        "2026/27",
        "2027/28",
    ]
    qtbot.mouseClick(area.measures.button(0), Qt.MouseButton.LeftButton)  # Budget
    area.year_combo.setCurrentIndex(1)
    assert shown_text(area, "All cost lines", "Apr 27") == ""
    assert shown_text(area, "All cost lines", "2027/28") == ""
    assert shown_text(area, "All cost lines", "Whole life") == "120,000"


def test_the_charts_are_drawn_only_when_their_tab_is_opened(area: CostsArea) -> None:
    assert area.charts == []  # no charting library until the tab is shown
    area.tabs.setCurrentIndex(1)
    assert [type(chart).__name__ for chart in area.charts] == [
        "CostSCurve",
        "VarianceByCategoryChart",
    ]
    assert all(chart.isVisible() for chart in area.charts)


def test_delete_clears_the_selected_figures_and_copy_gives_tab_separated_text(
    qtbot: QtBot, window: MainWindow, area: CostsArea
) -> None:
    first = cell(area, "Commissioning officers", "Apr 26")
    area.grid.setFocus()
    area.grid.setCurrentIndex(first)
    block = QItemSelection(first, cell(area, "Agency care workers", "May 26"))
    area.grid.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keySequence(area.grid, QKeySequence.StandardKey.Copy)
    assert QGuiApplication.clipboard().text() == "2000.00\t2000.00\n3000.00\t3000.00\n"

    qtbot.keyClick(area.grid, Qt.Key.Key_Delete)
    assert shown_text(area, "Commissioning officers", "Apr 26") == "—"
    assert shown_text(area, "Agency care workers", "May 26") == "—"
    assert card(area, "Spend to date") == "£30,000"
    undo(qtbot, window)
    assert card(area, "Spend to date") == "£40,000"


def test_add_edit_and_delete_a_cost_line_each_undone(
    qtbot: QtBot, window: MainWindow, area: CostsArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add(dialog: CostLineDialog) -> None:
        qtbot.keyClicks(dialog.name, "Care system licence")
        dialog.category.setCurrentIndex(dialog.category.findText("One-off implementation"))
        qtbot.keyClicks(dialog.finance_code, "40123-7300")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, CostLineDialog, add)
    qtbot.mouseClick(area.add_button, Qt.MouseButton.LeftButton)
    labels = [area.model.row_at(r).label for r in range(area.model.rowCount())]
    assert labels.index("Care system licence") == labels.index("One-off implementation") + 1

    area.grid.setCurrentIndex(cell(area, "Care system licence", "Cost line"))

    def rename(dialog: CostLineDialog) -> None:
        assert dialog.finance_code.text() == "40123-7300"
        dialog.name.setText("Care system licences")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, CostLineDialog, rename)
    qtbot.mouseClick(area.edit_button, Qt.MouseButton.LeftButton)
    assert shown_text(area, "Care system licences", "Cost line").strip() == "Care system licences"

    monkeypatch.setattr("commissioner.ui.costs_area.confirm", lambda *_: True)
    area.grid.setCurrentIndex(cell(area, "Provider payments", "Cost line"))
    qtbot.mouseClick(area.delete_button, Qt.MouseButton.LeftButton)
    labels = [area.model.row_at(r).label for r in range(area.model.rowCount())]
    assert "Provider payments" not in labels
    assert card(area, "Forecast at completion") == "£60,000"

    undo(qtbot, window)
    assert card(area, "Forecast at completion") == "£120,000"
    assert shown_text(area, "Provider payments", "Apr 26") == "5,000"
    undo(qtbot, window)
    assert shown_text(area, "Care system licence", "Cost line").strip() == "Care system licence"
    undo(qtbot, window)
    labels = [area.model.row_at(r).label for r in range(area.model.rowCount())]
    assert "Care system licence" not in labels


def test_the_budget_dialog_refuses_a_negative_budget_beside_the_field(
    qtbot: QtBot, window: MainWindow, area: CostsArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fill(dialog: BudgetDialog) -> None:
        dialog.approved_budget.setText("-5,000")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("approved_budget"))
        dialog.approved_budget.setText("£110,000")
        qtbot.keyClicks(dialog.source, "Cabinet 12 March 2026")
        qtbot.keyClicks(dialog.amber, "2")
        qtbot.keyClicks(dialog.red, "8")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, BudgetDialog, fill)
    qtbot.mouseClick(area.budget_button, Qt.MouseButton.LeftButton)
    assert seen == ["An approved budget must be more than £0."]
    assert card(area, "Approved budget") == "£110,000"
    variance = area.cards.card("Variance to current budget")
    assert variance.rag.text() == "Red · Overrun"  # 9.1% over, red at this project's 8%
    assert "this project's" in variance.detail.text()

    undo(qtbot, window)
    assert card(area, "Approved budget") == "£120,000"
    assert variance.rag.text() == "Green"


def test_categories_are_edited_for_the_council_then_undone(
    qtbot: QtBot, window: MainWindow, area: CostsArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: CategoriesDialog) -> None:
        staff = dialog.model.index(0, 0)
        dialog.table.selectRow(0)
        assert not dialog.remove_button.isEnabled()  # lines use Staff
        dialog.model.setData(staff, "Council staff")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        editor = open_editor(dialog.table)
        qtbot.keyClicks(editor, "Legal fees")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.model.row_at(5).name == "Legal fees")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, CategoriesDialog, fill)
    qtbot.mouseClick(area.categories_button, Qt.MouseButton.LeftButton)
    labels = [area.model.row_at(r).label for r in range(area.model.rowCount())]
    assert "Council staff" in labels
    names = [row.name for row in cost_entries.list_categories(area.document.db)]
    assert names[0] == "Council staff" and names[-1] == "Legal fees"

    undo(qtbot, window)
    names = [row.name for row in cost_entries.list_categories(area.document.db)]
    assert names[0] == "Staff" and "Legal fees" not in names


def test_a_read_only_file_switches_editing_off(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shared-drive.db"
    db = open_database(path)
    project_id, _ = seed(db)
    db.close()
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(path)
    window.open_project(project_id)
    area = _costs(window)
    buttons = (
        area.budget_button,
        area.add_button,
        area.edit_button,
        area.delete_button,
        area.categories_button,
        area.import_button,
    )
    assert not any(button.isEnabled() for button in buttons)
    august = cell(area, "Agency care workers", "Aug 26")
    assert not august.flags() & Qt.ItemFlag.ItemIsEditable
    assert shown_text(area, "Agency care workers", "Aug 26") == "—"  # still readable


def test_import_actuals_opens_the_import_for_this_project(
    qtbot: QtBot, area: CostsArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    monkeypatch.setattr(
        "commissioner.ui.costs_area.run_import_actuals",
        lambda parent, document, project_id: opened.append(project_id),
    )
    assert area.import_button.isEnabled()
    qtbot.mouseClick(area.import_button, Qt.MouseButton.LeftButton)
    assert opened == [area.project_id]
