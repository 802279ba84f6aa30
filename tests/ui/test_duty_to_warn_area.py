"""The Duty to warn area: log a warning, the quiet-supplier prompt, edit, delete, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

from commissioner.models.enums import SupplierCategory, SupplierRole, WarningStatus
from commissioner.services import duty_to_warn, suppliers
from commissioner.services.duty_to_warn import WarningInput
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.services.suppliers import RelationshipInput, SupplierInput
from commissioner.storage import Database
from commissioner.ui.contract_dialogs import WarningDialog
from commissioner.ui.duty_to_warn_area import DutyToWarnArea
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [DutyToWarnArea])


@pytest.fixture
def project_db(window: MainWindow, tmp_path: Path) -> tuple[Database, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="ASC-01", name="Home care", service_area="Adult social care")
    )
    return db, project_id


def link_supplier(
    db: Database,
    project_id: int,
    name: str,
    category: SupplierCategory,
    role: SupplierRole = SupplierRole.CONTRACTED,
) -> int:
    supplier_id = suppliers.add_supplier(db, SupplierInput(name=name))
    form = RelationshipInput(supplier_id=supplier_id, role=role, category=category)
    return suppliers.add_relationship(db, project_id, form)


def open_area(window: MainWindow, project_id: int) -> DutyToWarnArea:
    window.open_project(project_id)
    window.workspace.show_area("Duty to warn")
    return next(a for a in window.workspace.areas if isinstance(a, DutyToWarnArea))


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


def press(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence(keys))


def test_a_logged_warning_appears_and_the_quiet_supplier_prompt_goes_until_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    db, project_id = project_db
    link_supplier(db, project_id, "Carewell Partnerships", SupplierCategory.EXPERT)
    link_supplier(db, project_id, "Brightmoor Uniforms", SupplierCategory.GENERAL)
    area = open_area(window, project_id)
    assert area.prompts.isVisibleTo(area)
    assert area.prompt_messages() == [
        "Carewell Partnerships (expert supplier) has raised no warning in 90 days; it has "
        "raised none. Ask whether it sees risks in our requirements."
    ]
    offered: list[str] = []

    def fill(dialog: WarningDialog) -> None:
        assert isinstance(dialog.supplier, QComboBox)
        offered.extend(dialog.supplier.itemText(i) for i in range(dialog.supplier.count()))
        qtbot.keyClicks(dialog.subject, "Discharge volumes exceed the modelled demand")
        qtbot.keyClicks(dialog.raised_by, "Sarah Okafor, Operations Lead")
        qtbot.keyClicks(dialog.how, "Minuted review meeting")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, WarningDialog, fill)
    qtbot.mouseClick(area.add_button, Qt.MouseButton.LeftButton)

    assert offered == ["Carewell Partnerships (expert supplier)"]
    assert area.model.rowCount() == 1
    cells = [area.model.index(0, column).data() for column in range(7)]
    assert cells == [
        dt.date.today().strftime("%d/%m/%Y"),
        "Carewell Partnerships",
        "Discharge volumes exceed the modelled demand",
        "Sarah Okafor, Operations Lead",
        "Minuted review meeting",
        "Open",
        "",
    ]
    assert area.model.index(0, 5).data(Qt.ItemDataRole.DecorationRole) is not None
    assert not area.prompts.isVisibleTo(area)
    assert area.summary.text() == "1 warning logged; 1 awaiting the council's response"
    qtmodeltester.check(area.model, force_py=True)

    press(qtbot, window, "Ctrl+Z")
    assert area.model.rowCount() == 0
    assert area.prompts.isVisibleTo(area)

    press(qtbot, window, "Ctrl+Shift+Z")
    assert area.model.rowCount() == 1
    assert not area.prompts.isVisibleTo(area)


def test_a_supplier_must_be_chosen_when_several_owe_the_duty(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    link_supplier(db, project_id, "Carewell Partnerships", SupplierCategory.STRATEGIC_PARTNER)
    link_supplier(db, project_id, "Northshire Telecare", SupplierCategory.EXPERT)
    area = open_area(window, project_id)
    seen: list[str] = []

    def fill(dialog: WarningDialog) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("relationship_id"))
        seen.append(dialog.error_text("subject"))
        qtbot.keyClicks(dialog.subject, "Night staffing is too thin")
        assert isinstance(dialog.supplier, QComboBox)
        dialog.supplier.setCurrentIndex(
            dialog.supplier.findText("Northshire Telecare (expert supplier)")
        )
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, WarningDialog, fill)
    qtbot.mouseClick(area.add_button, Qt.MouseButton.LeftButton)

    assert seen == [
        "Choose the supplier that raised the warning.",
        "Give the warning's subject.",
    ]
    assert area.model.index(0, 1).data() == "Northshire Telecare"
    assert len(area.prompt_messages()) == 1
    assert area.prompt_messages()[0].startswith("Carewell Partnerships (strategic partner)")


def test_without_an_expert_supplier_the_area_explains_why_nothing_can_be_logged(
    window: MainWindow, project_db: tuple[Database, int]
) -> None:
    db, project_id = project_db
    link_supplier(db, project_id, "Brightmoor Uniforms", SupplierCategory.GENERAL)

    area = open_area(window, project_id)

    assert not area.add_button.isEnabled()
    assert "No expert supplier or strategic partner" in area.add_button.toolTip()
    assert area.summary.text() == area.add_button.toolTip()
    assert not area.prompts.isVisibleTo(area)
    assert "duty to warn" in area.explanation.text()


def test_responding_needs_the_councils_response_then_edit_is_undone(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    link = link_supplier(db, project_id, "Carewell Partnerships", SupplierCategory.EXPERT)
    duty_to_warn.add_warning(
        db, link, WarningInput("01/10/2026", "TUPE list incomplete"), dt.date(2026, 10, 2)
    )
    area = open_area(window, project_id)
    area.table.selectRow(0)
    seen: list[str] = []

    def fill(dialog: WarningDialog) -> None:
        dialog.status.setCurrentIndex(dialog.status.findData(WarningStatus.RESPONDED.value))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("council_response"))
        qtbot.keyClicks(dialog.response, "Corrected list received on 16/10/2026.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, WarningDialog, fill)
    qtbot.mouseClick(area.edit_button, Qt.MouseButton.LeftButton)

    assert seen == ["Record the council's response before marking it answered."]
    assert area.model.index(0, 5).data() == "Responded"
    assert area.model.index(0, 6).data() == "Corrected list received on 16/10/2026."
    area.table.selectRow(0)
    details = [label.text() for label in area.detail.findChildren(QLabel)]
    assert "Corrected list received on 16/10/2026." in details

    press(qtbot, window, "Ctrl+Z")
    assert area.model.index(0, 5).data() == "Open"
    assert area.model.index(0, 6).data() == ""


def test_delete_a_warning_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    link = link_supplier(db, project_id, "Carewell Partnerships", SupplierCategory.EXPERT)
    today = dt.date.today()
    duty_to_warn.add_warning(
        db, link, WarningInput(today.strftime("%d/%m/%Y"), "Rota gaps at weekends"), today
    )
    area = open_area(window, project_id)
    assert not area.prompts.isVisibleTo(area)
    questions: list[str] = []

    def confirm(_parent: object, _title: str, question: str, _action: str) -> bool:
        questions.append(question)
        return True

    monkeypatch.setattr("commissioner.ui.duty_to_warn_area.confirm", confirm)
    area.table.selectRow(0)

    qtbot.mouseClick(area.delete_button, Qt.MouseButton.LeftButton)

    assert "“Rota gaps at weekends” from Carewell Partnerships" in questions[0]
    assert area.model.rowCount() == 0
    assert area.prompts.isVisibleTo(area)
    press(qtbot, window, "Ctrl+Z")
    assert area.model.index(0, 2).data() == "Rota gaps at weekends"
