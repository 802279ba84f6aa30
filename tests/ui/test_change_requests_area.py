"""The Change requests area: raise, decide and delete requests, watch the current budget
and cost RAG move, and log the risk a scope reduction carries; all undoable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from commissioner.models import RaidItem
from commissioner.models.cost_rules import months_from
from commissioner.models.enums import ChangeRequestStatus
from commissioner.services import budgets, change_requests, cost_entries
from commissioner.services.change_requests import ChangeRequestInput, DecisionInput
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.storage import Database, open_database
from commissioner.ui.change_request_dialogs import ChangeRequestDialog, DecisionDialog
from commissioner.ui.change_requests_area import ChangeRequestsArea
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog
from commissioner.ui.risk_dialogs import RiskDialog

REFERENCE, DESCRIPTION, COST, TIME, SCOPE_CUT, STATUS, APPROVER, DECIDED, RISK = (
    0, 2, 3, 4, 6, 7, 8, 9, 10,
)  # fmt: skip
RAISED = "01/06/2026"
Prompts = list[str]


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [ChangeRequestsArea])


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    """Records each offer to raise a scope reduction's risk, and declines it."""
    asked: Prompts = []

    def ask(_parent: QWidget, request: Any) -> bool:
        asked.append(request.reference)
        return False

    monkeypatch.setattr("commissioner.ui.change_requests_area.ask_to_raise_risk", ask)
    return asked


def _costed_project(db: Database) -> int:
    """£1,000,000 approved; forecast £1,080,000 over 24 months: 8% over, Amber."""
    project_id = create_project(
        db,
        ProjectInput(
            reference="ASC-2026-01",
            name="Home care framework",
            service_area="Adult social care",
            approved_budget="£1,000,000",
            start_date="01/04/2026",
            end_date="31/03/2028",
        ),
    )
    budget = budgets.BudgetInput("£1,000,000", "12/03/2026", "Cabinet, report CAB/26/014")
    budgets.update_budget(db, project_id, budget, dt.date.today())
    line = cost_entries.add_cost_line(
        db, project_id, cost_entries.CostLineInput("Provider payments", 2)
    )
    months = months_from(dt.date(2026, 4, 1), dt.date(2028, 3, 1))
    edits = [cost_entries.CellEdit(line, month, "forecast", 45_000_00) for month in months]
    cost_entries.set_cells(db, project_id, edits)
    return project_id


@pytest.fixture
def project_db(window: MainWindow, tmp_path: Path) -> tuple[Database, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    return db, _costed_project(db)


def _request(db: Database, project_id: int, **fields: Any) -> int:
    form = ChangeRequestInput(fields.pop("description", "Extend night visits"), RAISED, **fields)
    return change_requests.add_change_request(db, project_id, form, dt.date.today())


def _open(window: MainWindow, project_id: int) -> ChangeRequestsArea:
    window.open_project(project_id)
    window.workspace.show_area("Change requests")
    return next(a for a in window.workspace.areas if isinstance(a, ChangeRequestsArea))


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


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _undo(qtbot: QtBot, window: MainWindow, redo: bool = False) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+Z" if redo else "Ctrl+Z"))


def _shown(area: ChangeRequestsArea, column: int, row: int = 0) -> str:
    return str(area.model.index(row, column).data())


def _risk_references(db: Database, project_id: int) -> list[str]:
    with db.session() as session:
        query = select(RaidItem.reference).where(RaidItem.project_id == project_id)
        return list(session.scalars(query))


def test_add_a_change_request_through_the_dialog_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
    prompts: Prompts,
) -> None:
    area = _open(window, project_db[1])
    assert area.summary.text() == "No change requests yet."

    def fill(dialog: ChangeRequestDialog) -> None:
        qtbot.keyClicks(dialog.description, "Extend night-time visits to rural wards")
        qtbot.keyClicks(dialog.cost_impact, "£50,000")
        qtbot.keyClicks(dialog.time_impact, "30")
        qtbot.keyClicks(dialog.quality_impact, "Safer nights for 40 clients")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, ChangeRequestDialog, fill)
    _click(qtbot, area.add_button)
    assert area.model.rowCount() == 1
    shown = [_shown(area, column) for column in (REFERENCE, DESCRIPTION, COST, TIME, STATUS)]
    assert shown == ["CR-001", "Extend night-time visits to rural wards", "+£50,000",
                     "+30 days", "Proposed"]  # fmt: skip
    assert _shown(area, SCOPE_CUT) == "No"
    assert area.summary.text() == "1 change request: 1 proposed"
    assert prompts == []  # not a scope reduction: no risk to offer
    qtmodeltester.check(area.model, force_py=True)
    qtmodeltester.check(area.trail_model, force_py=True)

    _undo(qtbot, window)
    assert area.model.rowCount() == 0


def test_approving_moves_the_current_budget_and_rag_and_undo_puts_it_back(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    _request(db, project_id, cost_impact="£50,000")
    area = _open(window, project_id)
    assert "Current budget £1,000,000" in area.position_line.text()
    assert "Cost RAG: Amber" in area.position_line.text()
    effects: list[str] = []

    def fill(dialog: DecisionDialog) -> None:
        assert dialog.status.currentText() == "Approve"
        effects.append(dialog.effect.text())
        qtbot.keyClicks(dialog.approver, "Commissioning Board")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, DecisionDialog, fill)
    area.table.selectRow(0)
    _click(qtbot, area.decide_button)
    assert effects == ["£1,000,000 now → £1,050,000 after this decision (+£50,000)"]
    assert (_shown(area, STATUS), _shown(area, APPROVER)) == ("Approved", "Commissioning Board")
    assert "Current budget £1,050,000" in area.position_line.text()
    assert "Cost RAG: Green" in area.position_line.text()
    assert area.trail_line.text() == (
        "Approved budget £1,000,000 → CR-001 +£50,000 = current budget £1,050,000"
    )
    assert area.trail_model.index(1, 3).data() == "£1,050,000"

    _undo(qtbot, window)
    assert _shown(area, STATUS) == "Proposed"
    assert _shown(area, DECIDED) == ""
    assert "Current budget £1,000,000" in area.position_line.text()
    assert "Cost RAG: Amber" in area.position_line.text()
    assert area.trail_model.rowCount() == 1

    _undo(qtbot, window, redo=True)
    assert "Cost RAG: Green" in area.position_line.text()


def test_reject_needs_an_approver_and_leaves_the_budget(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    _request(db, project_id, cost_impact="£95,000")
    area = _open(window, project_id)
    seen: list[str] = []

    def fill(dialog: DecisionDialog) -> None:
        dialog.status.setCurrentIndex(dialog.status.findText("Reject"))
        seen.append(dialog.effect.text())
        _click(qtbot, dialog.save_button)
        seen.append(dialog.error_text("approver"))
        qtbot.keyClicks(dialog.approver, "Director of Adult Social Care")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, DecisionDialog, fill)
    area.table.selectRow(0)
    _click(qtbot, area.decide_button)
    assert seen == [
        "Stays £1,000,000 after this decision.",
        "Say who decided, e.g. Commissioning Board.",
    ]
    assert _shown(area, STATUS) == "Rejected"
    assert _shown(area, DECIDED) == dt.date.today().strftime("%d/%m/%Y")
    assert "Current budget £1,000,000" in area.position_line.text()


def test_bad_money_and_an_impossible_date_are_shown_beside_their_fields(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    area = _open(window, project_db[1])
    messages: dict[str, str] = {}

    def fill(dialog: ChangeRequestDialog) -> None:
        qtbot.keyClicks(dialog.description, "Add a falls pilot")
        dialog.raised_on.clear()
        qtbot.keyClicks(dialog.raised_on, "31/02/2026")
        qtbot.keyClicks(dialog.cost_impact, "£12,50")
        qtbot.keyClicks(dialog.time_impact, "a month")
        _click(qtbot, dialog.save_button)
        for key in ("description", "raised_on", "cost_impact", "time_impact_days"):
            messages[key] = dialog.error_text(key)
        dialog.reject()

    answer(monkeypatch, ChangeRequestDialog, fill)
    _click(qtbot, area.add_button)
    assert messages["description"] == ""
    assert "not a real date" in messages["raised_on"]
    assert "misplaced thousands separators" in messages["cost_impact"]
    assert "whole days" in messages["time_impact_days"]
    assert area.model.rowCount() == 0


def test_a_scope_reduction_prompts_for_a_linked_risk_and_undo_removes_both(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    area = _open(window, project_id)
    asked: Prompts = []

    def raise_it(_parent: QWidget, request: Any) -> bool:
        asked.append(request.reference)
        return True

    monkeypatch.setattr("commissioner.ui.change_requests_area.ask_to_raise_risk", raise_it)

    def fill_request(dialog: ChangeRequestDialog) -> None:
        qtbot.keyClicks(dialog.description, "Drop weekend welfare calls")
        qtbot.keyClicks(dialog.scope_change, "No weekend calls for 320 low-need clients")
        qtbot.keyClicks(dialog.cost_impact, "-£48,000")
        qtbot.keyClicks(dialog.quality_impact, "Isolation and decline spotted later")
        dialog.scope_reduction.setChecked(True)
        _click(qtbot, dialog.save_button)

    prefilled: dict[str, str] = {}

    def fill_risk(dialog: RiskDialog) -> None:
        form = dialog.form()
        prefilled.update(title=form.title, cause=form.cause, consequence=form.consequence)
        prefilled["category"] = dialog.combo("category_id").currentText()
        prefilled["challenge"] = dialog.combo("challenge").currentText()
        for stage in ("inherent", "residual"):
            picker = dialog.score_picker(stage)
            picker.likelihood.setCurrentIndex(picker.likelihood.findData(3))
            picker.impact.setCurrentIndex(picker.impact.findData(4))
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, ChangeRequestDialog, fill_request)
    answer(monkeypatch, RiskDialog, fill_risk)
    _click(qtbot, area.add_button)
    assert asked == ["CR-001"]
    assert "CR-001" in prefilled["title"]
    assert "No weekend calls for 320 low-need clients" in prefilled["cause"]
    assert "Isolation and decline spotted later" in prefilled["consequence"]
    assert prefilled["category"] == "Operational and service delivery"
    assert prefilled["challenge"] == "Cost overrun"
    assert _shown(area, COST) == "−£48,000"
    assert _shown(area, RISK) == "R-001"
    assert _risk_references(db, project_id) == ["R-001"]

    _undo(qtbot, window)
    assert _shown(area, RISK) == "Risk needed"
    assert area.model.index(0, RISK).data(Qt.ItemDataRole.DecorationRole) is not None
    assert _risk_references(db, project_id) == []
    assert area.summary.text() == "1 change request: 1 proposed · 1 scope reduction needs a risk"

    _undo(qtbot, window, redo=True)
    assert _shown(area, RISK) == "R-001"
    assert _risk_references(db, project_id) == ["R-001"]


def test_approving_a_scope_reduction_without_a_risk_prompts_and_the_row_says_so(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    prompts: Prompts,
) -> None:
    db, project_id = project_db
    _request(db, project_id, description="Extend night visits", cost_impact="£20,000")
    _request(
        db,
        project_id,
        description="Shorter reablement",
        cost_impact="-£35,000",
        scope_reduction=True,
        quality_impact="More readmissions",
    )
    area = _open(window, project_id)
    assert [_shown(area, RISK, row) for row in (0, 1)] == ["Risk needed", ""]

    def fill(dialog: DecisionDialog) -> None:
        qtbot.keyClicks(dialog.approver, "Commissioning Board")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, DecisionDialog, fill)
    area.table.selectRow(0)
    assert area.risk_button.isEnabled()
    _click(qtbot, area.decide_button)
    assert prompts == ["CR-002"]  # declined: the row keeps asking in words
    assert (_shown(area, STATUS), _shown(area, RISK)) == ("Approved", "Risk needed")
    area.table.selectRow(1)
    assert not area.risk_button.isEnabled()


def test_delete_then_undo_restores_the_approved_request(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    request_id = _request(db, project_id, cost_impact="£50,000")
    decision = DecisionInput(ChangeRequestStatus.APPROVED, "Commissioning Board", RAISED)
    change_requests.decide_change_request(db, request_id, decision, dt.date.today())
    area = _open(window, project_id)
    questions: list[str] = []

    def confirm(_parent: QWidget, _title: str, question: str, _action: str) -> bool:
        questions.append(question)
        return True

    monkeypatch.setattr("commissioner.ui.change_requests_area.confirm", confirm)
    area.table.selectRow(0)
    _click(qtbot, area.delete_button)
    assert "The current budget loses its +£50,000." in questions[0]
    assert area.model.rowCount() == 0
    assert "Current budget £1,000,000" in area.position_line.text()

    _undo(qtbot, window)
    assert (_shown(area, REFERENCE), _shown(area, STATUS)) == ("CR-001", "Approved")
    assert "Current budget £1,050,000" in area.position_line.text()


def test_a_read_only_file_disables_every_button(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shared-drive.db"
    db = open_database(path)
    project_id = _costed_project(db)
    _request(db, project_id, scope_reduction=True, quality_impact="Fewer visits")
    db.close()
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(path)
    area = _open(window, project_id)
    area.table.selectRow(0)
    assert _shown(area, RISK) == "Risk needed"
    buttons = (
        area.add_button,
        area.edit_button,
        area.decide_button,
        area.risk_button,
        area.delete_button,
    )
    assert [button.isEnabled() for button in buttons] == [False] * len(buttons)
