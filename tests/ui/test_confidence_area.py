"""Recording delivery confidence through the Delivery confidence area, with undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models.enums import ConfidenceRating, Rag
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.ui.confidence_area import AssessmentsModel, ConfidenceArea
from commissioner.ui.confidence_dialog import ConfidenceDialog
from commissioner.ui.main_window import MainWindow


@pytest.fixture
def area(window: MainWindow, tmp_path: Path) -> ConfidenceArea:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    window.open_project(project_id)
    window.workspace.show_area("Delivery confidence")
    found = [a for a in window.workspace.areas if isinstance(a, ConfidenceArea)]
    return found[0]


def answer(monkeypatch: pytest.MonkeyPatch, fill: Callable[[ConfidenceDialog], None]) -> None:
    def exec_(dialog: ConfidenceDialog) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(ConfidenceDialog, "exec", exec_)


def test_record_assessment_then_undo(
    qtbot: QtBot, window: MainWindow, area: ConfidenceArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: ConfidenceDialog) -> None:
        dialog.rating.setCurrentIndex(dialog.rating.findData(ConfidenceRating.AMBER_RED))
        qtbot.keyClicks(dialog.rationale, "Two bidders left; TUPE costs unclear.")
        dialog.dimensions["rag_cost"].setCurrentIndex(
            dialog.dimensions["rag_cost"].findData(Rag.RED)
        )
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, fill)
    qtbot.mouseClick(area.record_button, Qt.MouseButton.LeftButton)
    assert area.model.rowCount() == 1
    assert area.model.index(0, 1).data() == "Amber/Red"
    assert area.model.index(0, 3).data() == "Red"  # cost
    assert "Amber/Red" in area.latest.text()
    assert window.portfolio.model.project_at(0).confidence is ConfidenceRating.AMBER_RED

    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))
    assert area.model.rowCount() == 0
    assert "Not yet assessed" in area.latest.text()
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+Z"))
    assert area.model.rowCount() == 1


def test_missing_rationale_is_shown_in_the_dialog(
    qtbot: QtBot, area: ConfidenceArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fill(dialog: ConfidenceDialog) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("rationale"))
        dialog.reject()

    answer(monkeypatch, fill)
    qtbot.mouseClick(area.record_button, Qt.MouseButton.LeftButton)
    assert "rationale" in seen[0]
    assert area.model.rowCount() == 0


def test_assessments_model_passes_the_model_tester(
    area: ConfidenceArea, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ConfidenceDialog) -> None:
        qtbot.keyClicks(dialog.rationale, "On track.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, fill)
    qtbot.mouseClick(area.record_button, Qt.MouseButton.LeftButton)
    model: AssessmentsModel = area.model
    qtmodeltester.check(model, force_py=True)
