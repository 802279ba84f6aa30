"""Logging a meeting through the Communications log and tracking its action, with undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models import Stakeholder
from commissioner.models.enums import StakeholderType
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.ui.actions_area import ActionsArea
from commissioner.ui.communications_area import CommunicationsArea
from commissioner.ui.main_window import MainWindow
from commissioner.ui.meeting_dialog import MeetingDialog


@pytest.fixture
def areas(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[CommunicationsArea, ActionsArea]:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [CommunicationsArea, ActionsArea])
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    with db.session() as session:
        session.add_all(
            Stakeholder(project_id=project_id, name=name, stakeholder_type=kind)
            for name, kind in (
                ("Cllr Ann Lee", StakeholderType.ELECTED_MEMBER),
                ("GreenCo Ltd", StakeholderType.SUPPLIER),
                ("Residents' forum", StakeholderType.COMMUNITY_GROUP),
            )
        )
    window.open_project(project_id)
    comms = next(a for a in window.workspace.areas if isinstance(a, CommunicationsArea))
    tracker = next(a for a in window.workspace.areas if isinstance(a, ActionsArea))
    return comms, tracker


def answer(monkeypatch: pytest.MonkeyPatch, fill: Callable[[MeetingDialog], None]) -> None:
    def exec_(dialog: MeetingDialog) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(MeetingDialog, "exec", exec_)


def fill_meeting(qtbot: QtBot) -> Callable[[MeetingDialog], None]:
    def fill(dialog: MeetingDialog) -> None:
        dialog.occurred_on.setText("12/05/2026")
        qtbot.keyClicks(dialog.subject, "Contract review 100% & <done>")
        dialog.participants.set_checked(
            dialog.participants.item(0).data(Qt.ItemDataRole.UserRole + 1)
        )
        dialog.participants.set_checked(
            dialog.participants.item(1).data(Qt.ItemDataRole.UserRole + 1)
        )
        dialog.decisions.setPlainText("Extend mobilisation by four weeks")
        dialog.action_rows.set_action(0, "Send revised timetable", "Sarah Okafor", "01/01/2020")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    return fill


def undo(qtbot: QtBot, window: MainWindow, area: CommunicationsArea) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    area.table.setFocus()  # not the filter box: a line edit keeps Ctrl+Z for its own text
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def test_log_meeting_track_action_filter_and_undo(
    qtbot: QtBot,
    window: MainWindow,
    areas: tuple[CommunicationsArea, ActionsArea],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    comms, tracker = areas
    answer(monkeypatch, fill_meeting(qtbot))
    window.workspace.show_area(CommunicationsArea.title)
    qtbot.mouseClick(comms.log_meeting_button, Qt.MouseButton.LeftButton)

    assert comms.model.rowCount() == 1
    assert comms.model.index(0, 2).data() == "Contract review 100% & <done>"
    assert comms.model.index(0, 4).data() == "2"
    comms.table.selectRow(0)
    shown = comms.detail.toPlainText()
    assert "Cllr Ann Lee" in shown and "Extend mobilisation" in shown
    assert "&lt;done&gt;" in comms.detail.toHtml()  # user text escaped, not markup
    assert tracker.model.rowCount() == 1
    assert tracker.model.index(0, 3).data() == "Overdue"
    assert tracker.model.index(0, 3).data(Qt.ItemDataRole.DecorationRole) is not None
    assert tracker.decisions_model.rowCount() == 1
    for model in (comms.model, tracker.model, tracker.decisions_model):
        qtmodeltester.check(model, force_py=True)

    window.workspace.show_area(ActionsArea.title)
    tracker.table.selectRow(0)
    qtbot.mouseClick(tracker.done_button, Qt.MouseButton.LeftButton)
    assert tracker.model.index(0, 3).data().startswith("Done")
    tracker.overdue_only.setChecked(True)
    assert tracker.model.rowCount() == 0
    tracker.overdue_only.setChecked(False)

    window.workspace.show_area(CommunicationsArea.title)
    qtbot.keyClicks(comms.text_filter, "100%")
    qtbot.waitUntil(lambda: comms.count_label.text() == "1 entry")
    comms.text_filter.clear()
    qtbot.keyClicks(comms.text_filter, "nothing like it")
    qtbot.waitUntil(lambda: comms.model.rowCount() == 0)
    assert comms.count_label.text() == "0 entries"
    comms.text_filter.clear()
    qtbot.waitUntil(lambda: comms.model.rowCount() == 1)

    undo(qtbot, window, comms)  # mark done
    assert tracker.model.index(0, 3).data() == "Overdue"
    undo(qtbot, window, comms)  # the meeting, with its decision and action
    assert comms.model.rowCount() == 0
    assert tracker.model.rowCount() == 0 and tracker.decisions_model.rowCount() == 0
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+Z"))
    assert comms.model.rowCount() == 1 and tracker.model.rowCount() == 1


def test_blank_subject_stays_in_the_dialog(
    qtbot: QtBot, areas: tuple[CommunicationsArea, ActionsArea], monkeypatch: pytest.MonkeyPatch
) -> None:
    comms, _ = areas
    seen: list[str] = []

    def fill(dialog: MeetingDialog) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("subject"))
        dialog.reject()

    answer(monkeypatch, fill)
    qtbot.mouseClick(comms.log_meeting_button, Qt.MouseButton.LeftButton)
    assert "subject" in seen[0]
    assert comms.model.rowCount() == 0


def test_template_prefills_type_agenda_and_attendees(
    qtbot: QtBot, areas: tuple[CommunicationsArea, ActionsArea], monkeypatch: pytest.MonkeyPatch
) -> None:
    comms, _ = areas
    checked: list[tuple[int, ...]] = []

    def fill(dialog: MeetingDialog) -> None:
        dialog.template.setCurrentIndex(1)
        checked.append(dialog.participants.checked_ids())
        assert dialog.subject.text() == dialog.template.currentText()
        dialog.reject()

    answer(monkeypatch, fill)
    qtbot.mouseClick(comms.log_meeting_button, Qt.MouseButton.LeftButton)
    assert checked
