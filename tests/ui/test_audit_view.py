"""The audit trail view loads pages from SQL as the user scrolls, filtered in SQL."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from commissioner.services.audit_trail import AuditFilter
from commissioner.services.projects import update_project
from commissioner.storage import Database
from commissioner.ui import audit_view
from commissioner.ui.audit_view import AuditTrailModel, AuditTrailPanel, RecordHistoryDialog


def test_audit_model_passes_the_model_tester(qtmodeltester, db: Database, make_project) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db)
    model = AuditTrailModel(db, AuditFilter(project_id=project_id))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() > 0


def test_rows_arrive_a_page_at_a_time(db: Database, make_project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit_view, "PAGE_SIZE", 5)
    make_project(db)
    model = AuditTrailModel(db, AuditFilter())
    assert model.total > 10
    assert model.rowCount() == 5
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 10
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == model.total


def test_record_history_shows_old_and_new_values(
    qtbot: QtBot, db: Database, make_project, project_form
) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db, reference="WST-01")
    update_project(db, project_id, project_form(reference="WST-01", approved_budget="£1,500,000"))
    dialog = RecordHistoryDialog(
        db, AuditFilter(table_name="projects", record_id=project_id, text="budget"), "WST-01", None
    )
    qtbot.addWidget(dialog)
    model = dialog.panel.model
    assert model.index(0, 2).data() == "Changed"
    assert model.index(0, 5).data() == "£1,250,000"
    assert model.index(0, 6).data() == "£1,500,000"
    assert dialog.panel.count_label.text() == "2 changes"


def test_panel_filter_narrows_rows(qtbot: QtBot, db: Database, make_project) -> None:  # type: ignore[no-untyped-def]
    make_project(db, reference="ASC-01", name="Home care")
    make_project(db, reference="HWY-01", name="Highways term contract")
    panel = AuditTrailPanel(db, AuditFilter())
    qtbot.addWidget(panel)
    everything = panel.model.total
    qtbot.keyClicks(panel.filter_edit, "Highways")
    qtbot.waitUntil(lambda: panel.model.total < everything)
    rows = [panel.model.index(r, 3).data() for r in range(panel.model.rowCount())]
    assert rows and all("HWY-01" in row for row in rows)
