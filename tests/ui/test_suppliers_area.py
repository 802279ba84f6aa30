"""The Suppliers area: adding suppliers, categories and what they imply, due diligence,
the supplier register and the due diligence template, each undone with Ctrl+Z."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from commissioner.models.enums import OrganisationType, SupplierCategory, SupplierRole
from commissioner.services import due_diligence as dd
from commissioner.services import suppliers as sp
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.storage import Database
from commissioner.ui.due_diligence_panel import DueDiligenceItemDialog, DueDiligenceTemplateDialog
from commissioner.ui.main_window import MainWindow
from commissioner.ui.supplier_dialogs import (
    AddSupplierDialog,
    EditRelationshipDialog,
    SupplierDialog,
    SupplierDueDiligenceDialog,
    SupplierRegisterDialog,
)
from commissioner.ui.suppliers_area import SuppliersArea

TODAY = dt.date.today().strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [SuppliersArea])


@pytest.fixture
def project_db(window: MainWindow, tmp_path: Path) -> tuple[Database, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    return db, project_id


def _open(window: MainWindow, project_id: int) -> SuppliersArea:
    window.open_project(project_id)
    window.workspace.show_area("Suppliers")
    return next(a for a in window.workspace.areas if isinstance(a, SuppliersArea))


def _greenway(db: Database, project_id: int, **link: Any) -> int:
    """Greenway Recycling Ltd on the project; returns the relationship's id."""
    supplier_id = sp.add_supplier(db, sp.SupplierInput("Greenway Recycling Ltd"))
    form = sp.RelationshipInput(supplier_id, **link)
    return sp.add_relationship(db, project_id, form)


def answer(
    monkeypatch: pytest.MonkeyPatch, dialog_class: type[QDialog], fill: Callable[[Any], None]
) -> None:
    def exec_(dialog: QDialog) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _press(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    # The shortcut only fires in the active window; a dialog may just have closed.
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keySequence(window, QKeySequence(keys))


def _undo(qtbot: QtBot, window: MainWindow) -> None:
    _press(qtbot, window, "Ctrl+Z")


def _redo(qtbot: QtBot, window: MainWindow) -> None:
    _press(qtbot, window, "Ctrl+Shift+Z")


def _cells(model: Any, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_empty_project_says_how_to_start(
    window: MainWindow, project_db: tuple[Database, int]
) -> None:
    area = _open(window, project_db[1])
    assert area.pages.currentWidget() is area.empty_note
    assert area.empty_note.isVisible()
    assert "Add supplier…" in area.empty_note.text()
    assert not area.edit_button.isEnabled()


def test_add_new_supplier_as_strategic_partner_then_undo_removes_both(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    db, project_id = project_db
    area = _open(window, project_id)
    live: list[str] = []

    def fill(dialog: AddSupplierDialog) -> None:
        assert dialog.new_organisation.isChecked()  # the register is empty
        qtbot.keyClicks(dialog.organisation.name, "Greenway Recycling Ltd")
        qtbot.keyClicks(dialog.organisation.email, "priya@greenway.example")
        dialog.role.setCurrentIndex(dialog.role.findData(SupplierRole.CONTRACTED.value))
        live.append(dialog.implications.text())
        index = dialog.category.findData(SupplierCategory.STRATEGIC_PARTNER.value)
        dialog.category.setCurrentIndex(index)
        live.append(dialog.implications.text())
        qtbot.keyClicks(dialog.price_score, "72")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, AddSupplierDialog, fill)
    _click(qtbot, area.add_button)

    assert "No expert responsibilities" in live[0]
    assert "duty to warn apply" in live[1]
    assert _cells(area.model, 0) == [
        "Greenway Recycling Ltd",
        "Private company",
        "Contracted provider",
        "Strategic partner",
        "72",
        "",
        "0 of 8 areas assessed",
        "Applies",
    ]
    assert "duty to warn apply" in area.detail.implications.text()
    assert "priya@greenway.example" in area.detail.contact.text()
    assert area.due_diligence.model.rowCount() == 8
    qtmodeltester.check(area.model, force_py=True)
    qtmodeltester.check(area.due_diligence.model, force_py=True)

    _undo(qtbot, window)
    assert area.pages.currentWidget() is area.empty_note
    assert sp.list_suppliers(db) == []
    _redo(qtbot, window)
    assert area.model.index(0, 0).data() == "Greenway Recycling Ltd"
    assert [row.name for row in sp.list_suppliers(db)] == ["Greenway Recycling Ltd"]


def test_add_supplier_problems_appear_beside_the_fields(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    area = _open(window, project_db[1])
    seen: dict[str, str] = {}

    def fill(dialog: AddSupplierDialog) -> None:
        qtbot.keyClicks(dialog.organisation.email, "not an email")
        qtbot.keyClicks(dialog.price_score, "120")
        _click(qtbot, dialog.save_button)
        seen.update({key: dialog.error_text(key) for key in ("name", "email", "price_score")})
        seen["open"] = str(dialog.isVisible())
        dialog.reject()

    answer(monkeypatch, AddSupplierDialog, fill)
    _click(qtbot, area.add_button)
    assert seen == {
        "name": "Give the organisation's name.",
        "email": "That does not look like an email address.",
        "price_score": "The price score must be from 0 to 100.",
        "open": "True",
    }
    assert area.pages.currentWidget() is area.empty_note
    assert sp.list_suppliers(project_db[0]) == []


def test_existing_organisation_joins_a_second_project(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, first = project_db
    _greenway(db, first, role=SupplierRole.CONTRACTED)
    second = create_project(
        db, ProjectInput(reference="HSG-02", name="Housing repairs", service_area="Housing")
    )
    area = _open(window, second)

    def fill(dialog: AddSupplierDialog) -> None:
        assert dialog.from_register.isChecked()
        assert dialog.existing.currentText() == "Greenway Recycling Ltd (private company)"
        assert not dialog.organisation.name.isVisible()
        dialog.role.setCurrentIndex(dialog.role.findData(SupplierRole.SHORTLISTED.value))
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, AddSupplierDialog, fill)
    _click(qtbot, area.add_button)
    assert area.model.index(0, 0).data() == "Greenway Recycling Ltd"
    assert area.model.index(0, 2).data() == "Shortlisted"
    assert [row.project_count for row in sp.list_suppliers(db)] == [2]


def test_assess_an_area_changes_the_summary_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    _greenway(db, project_id, role=SupplierRole.SHORTLISTED, category=SupplierCategory.EXPERT)
    area = _open(window, project_id)
    panel = area.due_diligence
    assert panel.model.index(0, 1).data() == "Not yet rated"

    def fill(dialog: DueDiligenceItemDialog) -> None:
        dialog.rating.setCurrentIndex(dialog.rating.findData(2))
        qtbot.keyClicks(dialog.evidence, "No comparable contract in the last five years.")
        qtbot.keyClicks(dialog.assessor, "J. Patel")
        assert dialog.assessed_on.text() == TODAY
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, DueDiligenceItemDialog, fill)
    panel.table.selectRow(0)
    _click(qtbot, panel.assess_button)

    assert _cells(panel.model, 0) == [
        "Technical expertise",
        "2 – Concern",
        "No comparable contract in the last five years.",
        "J. Patel",
        TODAY,
    ]
    assert panel.summary.text() == "1 of 8 areas assessed; 1 concern"
    assert area.model.index(0, 6).data() == "1 of 8 areas assessed; 1 concern"

    _undo(qtbot, window)
    assert panel.model.index(0, 1).data() == "Not yet rated"
    assert area.model.index(0, 6).data() == "0 of 8 areas assessed"


def test_a_rating_with_no_evidence_keeps_the_dialog_open(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    _greenway(db, project_id)
    area = _open(window, project_id)
    seen: list[str] = []

    def fill(dialog: DueDiligenceItemDialog) -> None:
        dialog.rating.setCurrentIndex(dialog.rating.findData(4))
        _click(qtbot, dialog.save_button)
        seen.append(dialog.error_text("evidence"))
        seen.append(str(dialog.isVisible()))
        dialog.reject()

    answer(monkeypatch, DueDiligenceItemDialog, fill)
    area.due_diligence.table.selectRow(1)
    _click(qtbot, area.due_diligence.assess_button)
    assert seen == ["Record the evidence behind the rating.", "True"]
    assert area.due_diligence.model.index(1, 1).data() == "Not yet rated"


def test_add_area_for_one_supplier_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    _greenway(db, project_id)
    area = _open(window, project_id)

    def fill(dialog: DueDiligenceItemDialog) -> None:
        qtbot.keyClicks(dialog.area, "Social value commitments")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, DueDiligenceItemDialog, fill)
    _click(qtbot, area.due_diligence.add_area_button)
    panel = area.due_diligence
    assert panel.model.rowCount() == 9
    assert panel.model.index(8, 0).data() == "Social value commitments"
    _undo(qtbot, window)
    assert panel.model.rowCount() == 8
    _redo(qtbot, window)
    assert panel.model.index(8, 0).data() == "Social value commitments"


def test_edit_role_and_category_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    _greenway(db, project_id, category=SupplierCategory.EXPERT)
    area = _open(window, project_id)
    assert area.model.index(0, 7).data() == "Once shortlisted"

    def fill(dialog: EditRelationshipDialog) -> None:
        dialog.role.setCurrentIndex(dialog.role.findData(SupplierRole.SHORTLISTED.value))
        dialog.capability_score.setText("64")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, EditRelationshipDialog, fill)
    _click(qtbot, area.edit_button)
    assert area.model.index(0, 2).data() == "Shortlisted"
    assert area.model.index(0, 5).data() == "64"
    assert area.model.index(0, 7).data() == "Applies"
    _undo(qtbot, window)
    assert area.model.index(0, 2).data() == "Bidder"
    assert area.model.index(0, 5).data() == ""


def test_supplier_own_due_diligence_edit_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    _greenway(db, project_id, category=SupplierCategory.STRATEGIC_PARTNER)
    area = _open(window, project_id)
    panel = area.due_diligence
    panel.setCurrentIndex(1)
    assert "must let it" in panel.expectation.text()
    assert panel.done_on.text() == "Not done"

    def fill(dialog: SupplierDueDiligenceDialog) -> None:
        qtbot.keyClicks(dialog.done_on, TODAY)
        _click(qtbot, dialog.save_button)
        assert dialog.error_text("allowed") == (
            "Due diligence that was done must have been allowed."
        )
        dialog.allowed.setChecked(True)
        qtbot.keyClicks(dialog.findings, "Garden waste tonnage looks 20% low.")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, SupplierDueDiligenceDialog, fill)
    _click(qtbot, panel.edit_supplier_dd_button)
    assert (panel.allowed.text(), panel.done_on.text()) == ("Yes", TODAY)
    assert panel.findings.text() == "Garden waste tonnage looks 20% low."
    _undo(qtbot, window)
    assert (panel.allowed.text(), panel.done_on.text()) == ("Not yet", "Not done")


def test_remove_from_project_then_undo_brings_the_checklist_back(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    link = _greenway(db, project_id, role=SupplierRole.CONTRACTED)
    first = dd.list_due_diligence(db, link)[0]
    assessed = dd.DueDiligenceInput(first.area, 5, "Site visit to Bolton MRF.", "J. Patel", TODAY)
    dd.update_item(db, first.id, assessed, dt.date.today())
    area = _open(window, project_id)
    questions: list[str] = []

    def agree(_parent: Any, _title: str, question: str, _action: str) -> bool:
        questions.append(question)
        return True

    monkeypatch.setattr("commissioner.ui.suppliers_area.confirm", agree)
    _click(qtbot, area.remove_button)
    assert "due diligence" in questions[0]
    assert "duty-to-warn" in questions[0]
    assert area.pages.currentWidget() is area.empty_note
    assert [row.project_count for row in sp.list_suppliers(db)] == [0]

    _undo(qtbot, window)
    assert area.model.index(0, 0).data() == "Greenway Recycling Ltd"
    assert area.due_diligence.model.rowCount() == 8
    assert area.due_diligence.model.index(0, 1).data() == "5 – Strong"
    assert area.due_diligence.model.index(0, 2).data() == "Site visit to Bolton MRF."


def test_register_refuses_to_delete_a_linked_organisation(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    db, project_id = project_db
    _greenway(db, project_id)
    sp.add_supplier(db, sp.SupplierInput("Northern Reuse Trust", OrganisationType.CHARITY))
    area = _open(window, project_id)
    shown: list[str] = []
    monkeypatch.setattr(
        "commissioner.ui.supplier_dialogs.show_problem",
        lambda _parent, _title, message: shown.append(message),
    )
    monkeypatch.setattr("commissioner.ui.supplier_dialogs.confirm", lambda *_args: True)
    after_delete: list[list[str]] = []

    def fill_register(dialog: SupplierRegisterDialog) -> None:
        qtmodeltester.check(dialog.model, force_py=True)
        assert _cells(dialog.model, 0)[0::6] == ["Greenway Recycling Ltd", "1"]
        dialog.table.selectRow(0)
        _click(qtbot, dialog.delete_button)
        dialog.table.selectRow(1)
        _click(qtbot, dialog.delete_button)
        after_delete.append([dialog.model.index(r, 0).data() for r in range(2)])
        _click(qtbot, dialog.add_button)
        dialog.reject()

    def fill_organisation(dialog: SupplierDialog) -> None:
        qtbot.keyClicks(dialog.fields.name, "Borough Shared Services")
        index = dialog.fields.organisation_type.findData(OrganisationType.PUBLIC_BODY.value)
        dialog.fields.organisation_type.setCurrentIndex(index)
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, SupplierRegisterDialog, fill_register)
    answer(monkeypatch, SupplierDialog, fill_organisation)
    _click(qtbot, area.register_button)

    assert shown == ["Greenway Recycling Ltd is linked to 1 project(s); remove it from them first."]
    assert after_delete == [["Greenway Recycling Ltd", None]]
    names = [row.name for row in sp.list_suppliers(db)]
    assert names == ["Borough Shared Services", "Greenway Recycling Ltd"]
    _undo(qtbot, window)  # the new organisation goes
    _undo(qtbot, window)  # the deleted one comes back
    names = [row.name for row in sp.list_suppliers(db)]
    assert names == ["Greenway Recycling Ltd", "Northern Reuse Trust"]


def test_template_edit_affects_the_next_supplier_only(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    _greenway(db, project_id)
    original = dd.list_template(db)
    area = _open(window, project_id)

    def fill(dialog: DueDiligenceTemplateDialog) -> None:
        dialog.areas.setCurrentRow(0)
        _click(qtbot, dialog.remove_button)  # "Technical expertise" goes
        dialog.areas.setCurrentRow(dialog.areas.count() - 1)
        _click(qtbot, dialog.up_button)
        _click(qtbot, dialog.add_button)
        editor = dialog.areas.findChild(QLineEdit)
        qtbot.keyClicks(editor, "Social value commitments")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, DueDiligenceTemplateDialog, fill)
    _click(qtbot, area.template_button)

    expected = [*original[1:6], original[7], "Social value commitments", original[6]]
    assert list(dd.list_template(db)) == expected
    panel = area.due_diligence
    assert panel.model.index(0, 0).data() == "Technical expertise"  # Greenway keeps its own
    assert panel.model.rowCount() == 8

    trust = sp.add_supplier(db, sp.SupplierInput("Northern Reuse Trust"))
    link = sp.add_relationship(db, project_id, sp.RelationshipInput(trust))
    assert [row.area for row in dd.list_due_diligence(db, link)] == expected

    _undo(qtbot, window)
    assert dd.list_template(db) == original


def test_template_refuses_a_repeated_area(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    area = _open(window, project_db[1])
    seen: list[str] = []

    def fill(dialog: DueDiligenceTemplateDialog) -> None:
        _click(qtbot, dialog.add_button)
        qtbot.keyClicks(dialog.areas.findChild(QLineEdit), "financial standing")
        _click(qtbot, dialog.save_button)
        seen.extend([dialog.error.text(), str(dialog.isVisible())])
        dialog.reject()

    answer(monkeypatch, DueDiligenceTemplateDialog, fill)
    _click(qtbot, area.template_button)
    assert seen == ["Each area may appear only once.", "True"]


def test_read_only_file_disables_the_buttons(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from commissioner.storage import open_database

    path = tmp_path / "shared-drive.db"
    db = open_database(path)
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste")
    )
    _greenway(db, project_id, role=SupplierRole.CONTRACTED)
    db.close()
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(path)
    area = _open(window, project_id)
    panel = area.due_diligence
    assert area.model.rowCount() == 1
    buttons = (
        area.add_button,
        area.edit_button,
        area.remove_button,
        area.template_button,
        panel.assess_button,
        panel.add_area_button,
        panel.edit_supplier_dd_button,
    )
    assert [button.isEnabled() for button in buttons] == [False] * len(buttons)
    states: list[bool] = []

    def fill(dialog: SupplierRegisterDialog) -> None:
        states.extend(b.isEnabled() for b in (dialog.add_button, dialog.delete_button))
        dialog.reject()

    answer(monkeypatch, SupplierRegisterDialog, fill)
    _click(qtbot, area.register_button)  # still open for reading
    assert states == [False, False]
