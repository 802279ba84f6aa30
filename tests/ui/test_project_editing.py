"""Creating, editing, archiving and deleting projects through the window, with undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.services import projects
from commissioner.services.audit_trail import AuditFilter, count_audit_entries
from commissioner.ui.main_window import MainWindow
from commissioner.ui.project_dialog import ProjectDialog


def type_new_project(qtbot: QtBot, reference: str, name: str) -> Callable[[ProjectDialog], None]:
    def fill(dialog: ProjectDialog) -> None:
        qtbot.keyClicks(dialog.reference, reference)
        qtbot.keyClicks(dialog.name, name)
        dialog.service_area.setCurrentText("Waste and recycling")
        qtbot.keyClicks(dialog.budget, "2.4m")
        qtbot.keyClicks(dialog.start_date, "01/04/2026")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    return fill


def portfolio_references(window: MainWindow) -> list[str]:
    proxy = window.portfolio.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def press(qtbot: QtBot, window: MainWindow, sequence: str) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence(sequence))


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path) -> MainWindow:
    assert window.open_path(tmp_path / "council.db")
    return window


def test_create_project_then_undo_and_redo(
    qtbot: QtBot, opened: MainWindow, answer_project_dialog
) -> None:  # type: ignore[no-untyped-def]
    answer_project_dialog(type_new_project(qtbot, "wst-2026-01", "Recycling & <reuse> centres"))
    opened.new_project_action.trigger()
    assert opened.pages.currentWidget() is opened.workspace
    assert opened.workspace.title.text() == "WST-2026-01  Recycling & <reuse> centres"
    assert opened.workspace.overview.facts["budget"].text() == "£2,400,000"

    opened.show_portfolio()
    assert portfolio_references(opened) == ["WST-2026-01"]
    press(qtbot, opened, "Ctrl+Z")
    assert portfolio_references(opened) == []
    assert projects.list_projects(opened.document.db) == []  # type: ignore[union-attr]
    press(qtbot, opened, "Ctrl+Shift+Z")
    assert portfolio_references(opened) == ["WST-2026-01"]
    restored = projects.list_projects(opened.document.db)[0]  # type: ignore[union-attr]
    assert len(projects.get_project(opened.document.db, restored.id).stages) == 5  # type: ignore[union-attr]


def test_invalid_form_shows_messages_and_saves_nothing(
    qtbot: QtBot, opened: MainWindow, answer_project_dialog
) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}

    def fill(dialog: ProjectDialog) -> None:
        qtbot.keyClicks(dialog.reference, "X")
        qtbot.keyClicks(dialog.budget, "-500")
        qtbot.keyClicks(dialog.start_date, "31/02/2026")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        for field in ("reference", "name", "service_area", "approved_budget", "start_date"):
            seen[field] = dialog.error_text(field)
        dialog.reject()

    answer_project_dialog(fill)
    opened.new_project_action.trigger()
    assert "2–20 capital letters" in seen["reference"]
    assert seen["name"] == "Give the project a name."
    assert "more than £0" in seen["approved_budget"]
    assert "not a real date" in seen["start_date"]
    assert projects.list_projects(opened.document.db) == []  # type: ignore[union-attr]
    assert not opened.undo_action.isEnabled()


def test_edit_project_then_undo_restores_old_values(
    qtbot: QtBot, opened: MainWindow, answer_project_dialog
) -> None:  # type: ignore[no-untyped-def]
    answer_project_dialog(type_new_project(qtbot, "HSG-01", "Repairs"))
    opened.new_project_action.trigger()

    def rename(dialog: ProjectDialog) -> None:
        assert dialog.name.text() == "Repairs"
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Responsive repairs and voids")
        dialog.budget.clear()
        qtbot.keyClicks(dialog.budget, "£3,000,000")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_project_dialog(rename)
    qtbot.mouseClick(opened.workspace.edit_button, Qt.MouseButton.LeftButton)
    assert opened.workspace.title.text() == "HSG-01  Responsive repairs and voids"
    assert opened.workspace.overview.facts["budget"].text() == "£3,000,000"
    press(qtbot, opened, "Ctrl+Z")
    assert opened.workspace.title.text() == "HSG-01  Repairs"
    assert opened.workspace.overview.facts["budget"].text() == "£2,400,000"
    project_id = opened.workspace.project.id  # type: ignore[union-attr]
    db = opened.document.db  # type: ignore[union-attr]
    changes = count_audit_entries(db, AuditFilter(project_id=project_id, table_name="projects"))
    assert changes > 0


def test_delete_then_undo_brings_project_back_whole(
    qtbot: QtBot, opened: MainWindow, answer_project_dialog, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    answer_project_dialog(type_new_project(qtbot, "LEI-01", "Leisure centres"))
    opened.new_project_action.trigger()
    project_id = opened.workspace.project.id  # type: ignore[union-attr]
    monkeypatch.setattr("commissioner.ui.project_actions.confirm", lambda *args: True)
    qtbot.mouseClick(opened.workspace.delete_button, Qt.MouseButton.LeftButton)
    assert opened.pages.currentWidget() is opened.portfolio
    assert portfolio_references(opened) == []
    press(qtbot, opened, "Ctrl+Z")
    assert portfolio_references(opened) == ["LEI-01"]
    detail = projects.get_project(opened.document.db, project_id)  # type: ignore[union-attr]
    assert [stage.kind.sequence for stage in detail.stages] == [1, 2, 3, 4, 5]


def test_declining_the_delete_question_keeps_the_project(
    qtbot: QtBot, opened: MainWindow, answer_project_dialog, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    answer_project_dialog(type_new_project(qtbot, "LEI-02", "Pools"))
    opened.new_project_action.trigger()
    monkeypatch.setattr("commissioner.ui.project_actions.confirm", lambda *args: False)
    qtbot.mouseClick(opened.workspace.delete_button, Qt.MouseButton.LeftButton)
    assert opened.pages.currentWidget() is opened.workspace
    assert len(projects.list_projects(opened.document.db)) == 1  # type: ignore[union-attr]


def test_archive_hides_from_portfolio_and_undo_restores(
    qtbot: QtBot, opened: MainWindow, answer_project_dialog
) -> None:  # type: ignore[no-untyped-def]
    answer_project_dialog(type_new_project(qtbot, "ENV-01", "Parks"))
    opened.new_project_action.trigger()
    qtbot.mouseClick(opened.workspace.archive_button, Qt.MouseButton.LeftButton)
    assert opened.workspace.archive_button.text() == "Restore from archive"
    opened.show_portfolio()
    assert portfolio_references(opened) == []
    opened.portfolio.show_archived.setChecked(True)
    assert portfolio_references(opened) == ["ENV-01"]
    opened.portfolio.show_archived.setChecked(False)
    press(qtbot, opened, "Ctrl+Z")
    assert portfolio_references(opened) == ["ENV-01"]


def test_audit_trail_area_lists_the_changes(
    qtbot: QtBot, opened: MainWindow, answer_project_dialog
) -> None:  # type: ignore[no-untyped-def]
    answer_project_dialog(type_new_project(qtbot, "ASC-09", "Day opportunities"))
    opened.new_project_action.trigger()
    opened.workspace.show_area("Audit trail")
    panel = opened.workspace.audit_panel
    assert panel is not None and panel.isVisible()
    qtbot.keyClicks(panel.filter_edit, "Approved budget")
    panel.apply_filter()
    model = panel.model
    assert model.rowCount() == 1
    assert model.index(0, 6).data() == "£2,400,000"
    assert model.index(0, 2).data() == "Created"


def test_in_house_service_with_a_supplier_category_is_refused_in_the_form(
    qtbot: QtBot, opened: MainWindow, answer_project_dialog
) -> None:  # type: ignore[no-untyped-def]
    from commissioner.models.enums import DeliveryModel, SupplierCategory

    seen: list[str] = []

    def fill(dialog: ProjectDialog) -> None:
        qtbot.keyClicks(dialog.reference, "HSG-02")
        qtbot.keyClicks(dialog.name, "Repairs")
        dialog.service_area.setCurrentText("Housing")
        dialog.delivery_model.setCurrentIndex(
            dialog.delivery_model.findData(DeliveryModel.IN_HOUSE)
        )
        dialog.supplier_category.setCurrentIndex(
            dialog.supplier_category.findData(SupplierCategory.EXPERT)
        )
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("supplier_category"))
        dialog.reject()

    answer_project_dialog(fill)
    opened.new_project_action.trigger()
    assert seen == ["An in-house service has no supplier category."]


def test_organisation_settings_change_and_undo(
    qtbot: QtBot, opened: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commissioner.services.organisation import get_organisation
    from commissioner.ui.organisation_dialog import OrganisationDialog

    def exec_(dialog: OrganisationDialog) -> int:
        dialog.show()
        # QTest can only type ASCII keys; a Welsh name arrives as text.
        dialog.council_name.setText("Cyngor Sir Ynys Môn & Partners")
        dialog.prompt_days.selectAll()
        qtbot.keyClicks(dialog.prompt_days, "60")
        assert dialog.year_start.currentText() == "April"
        dialog.year_start.setCurrentIndex(dialog.year_start.findText("January"))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(OrganisationDialog, "exec", exec_)
    opened.organisation_action.trigger()
    db = opened.document.db  # type: ignore[union-attr]
    assert get_organisation(db).council_name == "Cyngor Sir Ynys Môn & Partners"
    assert get_organisation(db).duty_to_warn_prompt_days == 60
    assert get_organisation(db).financial_year_start_month == 1
    press(qtbot, opened, "Ctrl+Z")
    assert get_organisation(db).council_name == ""
    assert get_organisation(db).duty_to_warn_prompt_days == 90
    assert get_organisation(db).financial_year_start_month == 4
