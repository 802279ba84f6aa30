"""The specification clarity check: the shipped sample's score and findings, highlights,
logging a finding as a use case or a risk, editing the lexicon, undo, bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from commissioner.models.enums import CommissioningChallenge
from commissioner.paths import resources_folder
from commissioner.services.clarity import MAX_SPECIFICATION_CHARS
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.services.risk_register import RegisterFilter, fetch_register
from commissioner.storage import Database
from commissioner.ui.clarity_check import ClarityCheckWindow
from commissioner.ui.contract_dialogs import LexiconDialog, UseCaseDialog
from commissioner.ui.main_window import MainWindow
from commissioner.ui.risk_dialogs import RiskDialog
from commissioner.ui.use_cases_area import UseCasesArea

SAMPLE = resources_folder() / "sample_specification.txt"


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [UseCasesArea])


@pytest.fixture
def project_db(window: MainWindow, tmp_path: Path) -> tuple[Database, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="ASC-01", name="Home care", service_area="Adult social care")
    )
    return db, project_id


@pytest.fixture
def area(window: MainWindow, project_db: tuple[Database, int]) -> UseCasesArea:
    window.open_project(project_db[1])
    window.workspace.show_area("Contract use cases")
    return next(a for a in window.workspace.areas if isinstance(a, UseCasesArea))


def open_check(qtbot: QtBot, area: UseCasesArea) -> ClarityCheckWindow:
    qtbot.mouseClick(area.check_button, Qt.MouseButton.LeftButton)
    assert area.clarity_window is not None
    qtbot.waitExposed(area.clarity_window)
    return area.clarity_window


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))


@pytest.fixture
def checked(
    qtbot: QtBot, area: UseCasesArea, monkeypatch: pytest.MonkeyPatch
) -> ClarityCheckWindow:
    """The clarity check with the shipped sample specification opened."""
    check = open_check(qtbot, area)
    choose_file(monkeypatch, SAMPLE)
    qtbot.mouseClick(check.open_button, Qt.MouseButton.LeftButton)
    return check


def answer(
    monkeypatch: pytest.MonkeyPatch, dialog_class: type[QDialog], fill: Callable[[Any], None]
) -> None:
    def exec_(dialog: QDialog) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)


def undo_in(qtbot: QtBot, check: ClarityCheckWindow) -> None:
    check.activateWindow()
    check.findings.setFocus()
    qtbot.keySequence(check.findings, QKeySequence("Ctrl+Z"))


def test_the_sample_specification_scores_52_with_its_findings_highlighted(
    checked: ClarityCheckWindow, qtmodeltester: Any
) -> None:
    assert checked.score.text() == "Clarity score: 52 / 100"
    assert "100 − 10 × findings per 100 words" in checked.score.toolTip()
    assert "28 findings in 578 words" in checked.score.toolTip()
    assert checked.findings_model.rowCount() == 28
    first = [checked.findings_model.index(0, c).data() for c in range(6)]
    assert first[:4] == [
        "1. Introduction",
        "11",
        "Passive requirement with no actor",
        "will be commissioned",
    ]
    sections = {
        checked.sections_model.index(r, 0).data(): checked.sections_model.index(r, 1).data()
        for r in range(checked.sections_model.rowCount())
    }
    assert sections["2. Scope"] == "4"
    assert sections["5 Quality and Safeguarding"] == "7"
    highlights = checked.editor.extraSelections()
    assert len(highlights) == 28
    assert highlights[0].cursor.selectedText() == "will be commissioned"
    qtmodeltester.check(checked.findings_model, force_py=True)
    qtmodeltester.check(checked.sections_model, force_py=True)


def test_selecting_a_finding_shows_its_words_in_the_text(checked: ClarityCheckWindow) -> None:
    checked.findings.selectRow(3)

    # Qt shows a line break inside a selection as a paragraph separator.
    assert checked.editor.textCursor().selectedText() == "best\u2029   endeavours"
    assert "Legally uncertain and costly to enforce." in checked.finding_detail.text()

    checked.sections.selectRow(
        next(
            r
            for r in range(checked.sections_model.rowCount())
            if checked.sections_model.index(r, 0).data() == "7. Pricing"
        )
    )
    assert checked.editor.textCursor().selectedText() == "shall be fixed"


def test_a_finding_logged_as_a_use_case_test_reaches_the_register_and_undo_removes_it(
    qtbot: QtBot,
    area: UseCasesArea,
    checked: ClarityCheckWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked.findings.selectRow(3)
    prefilled: list[str] = []

    def fill(dialog: UseCaseDialog) -> None:
        prefilled.append(dialog.clause.text())
        assert dialog.ambiguous.isChecked()
        qtbot.keyClicks(dialog.council_reading, "Referrals accepted within 2 working days.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, UseCaseDialog, fill)
    qtbot.mouseClick(checked.use_case_button, Qt.MouseButton.LeftButton)

    assert prefilled == ["2.2"]
    assert area.model.rowCount() == 1
    assert area.model.index(0, 0).data().startswith("Test “best endeavours” (clause 2.2)")
    assert area.model.index(0, 5).data() == "Yes: outstanding"
    assert area.summary.text().startswith("1 outstanding ambiguity")

    undo_in(qtbot, checked)
    assert area.model.rowCount() == 0


def test_a_finding_logged_as_a_risk_is_a_specification_ambiguity_and_undo_removes_it(
    qtbot: QtBot,
    project_db: tuple[Database, int],
    checked: ClarityCheckWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    checked.findings.selectRow(3)

    def fill(dialog: RiskDialog) -> None:
        challenge = dialog.combo("challenge").currentData()
        assert challenge == CommissioningChallenge.SPECIFICATION_AMBIGUITY.value
        picker = dialog.score_picker("residual")
        picker.likelihood.setCurrentIndex(picker.likelihood.findData(3))
        picker.impact.setCurrentIndex(picker.impact.findData(4))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, RiskDialog, fill)
    qtbot.mouseClick(checked.risk_button, Qt.MouseButton.LeftButton)

    def register() -> list[tuple[str, CommissioningChallenge | None]]:
        rows = fetch_register(db, RegisterFilter(project_id=project_id), offset=0, limit=10)
        return [(row.title, row.challenge) for row in rows]

    assert register() == [
        (
            "Ambiguous wording in clause 2.2: “best endeavours”",
            CommissioningChallenge.SPECIFICATION_AMBIGUITY,
        )
    ]
    undo_in(qtbot, checked)
    assert register() == []


def _cell_editor(dialog: LexiconDialog, column: int) -> QLineEdit:
    """The editor open on the new row's ``column`` (Tab closes one cell, opens the next)."""
    assert dialog.table.currentIndex().column() == column
    editors = [e for e in dialog.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def _type_new_phrase(qtbot: QtBot, dialog: LexiconDialog, cells: list[str]) -> None:
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    for column, text in enumerate(cells):
        editor = _cell_editor(dialog, column)
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
        qtbot.waitUntil(editor.isHidden)


def test_a_phrase_added_to_the_lexicon_is_found_and_undo_takes_it_out(
    qtbot: QtBot, checked: ClarityCheckWindow, monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any
) -> None:
    def fill(dialog: LexiconDialog) -> None:
        qtmodeltester.check(dialog.model, force_py=True)
        _type_new_phrase(qtbot, dialog, ["Care Certificate", "Which version?", "Name the edition."])
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, LexiconDialog, fill)
    qtbot.mouseClick(checked.lexicon_button, Qt.MouseButton.LeftButton)

    assert checked.findings_model.rowCount() == 29
    words = [checked.findings_model.index(r, 3).data() for r in range(29)]
    assert "Care Certificate" in words
    assert checked.score.text() == "Clarity score: 50 / 100"

    undo_in(qtbot, checked)
    assert checked.findings_model.rowCount() == 28
    assert checked.score.text() == "Clarity score: 52 / 100"


def test_a_duplicate_phrase_is_refused_in_the_lexicon_dialog(
    qtbot: QtBot, checked: ClarityCheckWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fill(dialog: LexiconDialog) -> None:
        _type_new_phrase(qtbot, dialog, ["Reasonable", "Again.", "Once is enough."])
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error.text() if dialog.error.isVisibleTo(dialog) else "")
        dialog.reject()

    answer(monkeypatch, LexiconDialog, fill)
    qtbot.mouseClick(checked.lexicon_button, Qt.MouseButton.LeftButton)

    assert seen == ["“Reasonable” is in rows 1 and 22; keep one of them."]
    assert checked.findings_model.rowCount() == 28


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "is empty"), (b"PK\x03\x04\x00\x00word/document.xml", "not plain text")],
    ids=["empty", "word document"],
)
def test_an_unusable_file_is_explained_and_changes_nothing(
    qtbot: QtBot,
    checked: ClarityCheckWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    data: bytes,
    message: str,
) -> None:
    path = tmp_path / "spec.docx.txt"
    path.write_bytes(data)
    choose_file(monkeypatch, path)
    shown: list[str] = []
    monkeypatch.setattr(
        "commissioner.ui.clarity_check.show_problem",
        lambda _parent, _title, text: shown.append(text),
    )

    qtbot.mouseClick(checked.open_button, Qt.MouseButton.LeftButton)

    assert len(shown) == 1
    assert message in shown[0]
    assert checked.score.text() == "Clarity score: 52 / 100"


def test_pasted_text_is_checked_and_checked_again_after_typing(
    qtbot: QtBot, area: UseCasesArea
) -> None:
    check = open_check(qtbot, area)
    assert check.score.text() == "Clarity score: —"
    assert not check.use_case_button.isEnabled()
    check.editor.setPlainText("1. Scope\n\nThe Provider shall respond promptly.")
    qtbot.mouseClick(check.check_button, Qt.MouseButton.LeftButton)
    assert check.findings_model.rowCount() == 1

    check.editor.moveCursor(check.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(check.editor, " Reports will be sent as appropriate.")

    qtbot.waitUntil(lambda: check.findings_model.rowCount() == 3, timeout=3000)
    kinds = [check.findings_model.index(r, 2).data() for r in range(3)]
    assert kinds == ["Vague phrase", "Passive requirement with no actor", "Vague phrase"]


def test_text_beyond_the_limit_gets_a_message_instead_of_findings(
    qtbot: QtBot, area: UseCasesArea
) -> None:
    check = open_check(qtbot, area)
    check.editor.setPlainText("reasonable " * (MAX_SPECIFICATION_CHARS // 11 + 1))

    qtbot.mouseClick(check.check_button, Qt.MouseButton.LeftButton)

    assert "Check it a part at a time" in check.status.text()
    assert check.findings_model.rowCount() == 0
    assert check.score.text() == "Clarity score: —"
