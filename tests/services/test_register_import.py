"""Importing other councils' registers: preview, one-transaction import, undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from commissioner.errors import RecordNotFoundError
from commissioner.io.register_mapping import RegisterField
from commissioner.io.spreadsheet import SpreadsheetError
from commissioner.models import RaidItem, RiskAction, RiskAssessment, RiskCategory
from commissioner.models.enums import RaidKind, RaidStatus, RiskCategoryKind, RiskResponse
from commissioner.services.register_import import (
    apply_import,
    preview_import,
    remap,
    remove_imported,
    restore_imported,
)
from commissioner.storage import Database
from tests.conftest import MakeProject

DATA = Path(__file__).resolve().parents[1] / "data"
TODAY = dt.date(2026, 3, 1)


def messy_workbook(path: Path) -> Path:
    """A register as councils keep them: titles, merged cells, blank rows, mixed cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Register"
    sheet["A1"] = "Home care recommissioning — risk register (OFFICIAL)"
    sheet.merge_cells("A1:J1")
    sheet["A2"] = "Last updated by the project board"
    sheet.append([])
    sheet.append(
        ["Risk No.", "Category", "Risk description", "Likelihood", "Impact", "Score",
         "Risk owner", "Next review", "Status", "Controls"]
    )  # fmt: skip
    sheet.append(["HC1", "Financial", "Inflation outstrips the uplift", "Likely", "Major",
                  "=D5*E5", "Head of Finance", dt.datetime(2026, 4, 30), "Open",
                  "Index-linked uplift; Quarterly cost review"])  # fmt: skip
    sheet.append(["HC2", None, "Provider exits the market", 2, 5, 10, "Commissioning lead",
                  "15/05/2026", "Live - monitoring", "Contingency provider list"])  # fmt: skip
    sheet.merge_cells("B5:B6")  # one category written once for two risks
    sheet.append([])
    sheet.append(["HC3", "Reputational", "Complaints reach the press", "Possible", "3",
                  "9", "Comms team", "soon", "Escalated", None])  # fmt: skip
    sheet.append(["HC4", "Contractual", "TUPE information late", "High", None, None,
                  "Procurement", None, "Open", None])  # fmt: skip
    sheet.append(["HC5", "Partnership", "NHS partner withdraws", 1, 4, 4, "Director",
                  dt.date(2026, 6, 1), "Closed", None])  # fmt: skip
    workbook.save(path)
    return path


@pytest.fixture
def project_id(db: Database, make_project: MakeProject) -> int:
    return make_project(db)


def test_preview_of_a_messy_workbook_explains_every_row(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    preview = preview_import(db, project_id, messy_workbook(tmp_path / "messy.xlsx"))
    assert preview.table.header_row == 4
    assert [row.row_number for row in preview.rows] == [5, 6, 8, 9, 10]
    by_row = {row.row_number: row for row in preview.rows}
    first = by_row[5].values
    assert first is not None
    assert (first.title, first.residual, first.owner) == (
        "Inflation outstrips the uplift", (4, 4), "Head of Finance",
    )  # fmt: skip
    assert first.next_review_on == dt.date(2026, 4, 30)
    assert first.actions == ("Index-linked uplift", "Quarterly cost review")
    assert any("F5" in warning and "formula" in warning for warning in by_row[5].warnings)
    second = by_row[6].values
    assert second is not None and second.category is RiskCategoryKind.FINANCIAL  # merged cell
    assert second.next_review_on == dt.date(2026, 5, 15)
    assert any("Live - monitoring” read as Open" in warning for warning in by_row[6].warnings)
    third = by_row[8]
    assert third.values is not None and third.values.status is RaidStatus.ESCALATED
    assert any("review date" in warning and "soon" in warning for warning in third.warnings)
    assert not by_row[9].imported and "half a score" in by_row[9].reading.skipped_because
    assert by_row[10].values is not None and by_row[10].values.status is RaidStatus.CLOSED
    assert preview.summary == "4 of 5 rows to import, 1 skipped"


def test_apply_writes_entries_with_a_first_assessment_and_actions(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    preview = preview_import(db, project_id, messy_workbook(tmp_path / "messy.xlsx"))
    result = apply_import(db, project_id, preview, today=TODAY)
    assert result.references == ("R-001", "R-002", "R-003", "R-004") and result.skipped == 1
    with db.session() as session:
        items = session.scalars(select(RaidItem).order_by(RaidItem.reference)).all()
        first = items[0]
        assert first.kind is RaidKind.RISK and first.description.endswith("Imported from HC1")
        assert session.get(RiskCategory, first.category_id).kind is RiskCategoryKind.FINANCIAL  # type: ignore[union-attr]
        assert [a.description for a in first.actions] == [
            "Index-linked uplift",
            "Quarterly cost review",
        ]
        assessment = first.assessments[0]
        assert (assessment.assessed_on, assessment.residual_likelihood) == (TODAY, 4)
        assert "messy.xlsx row 5" in assessment.note and assessment.assessed_by == "tester"
        assert session.scalar(select(func.count(RiskAssessment.id))) == 4


def test_references_continue_the_projects_numbering(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    with db.session() as session:
        existing = RaidItem(project_id=project_id, kind=RaidKind.RISK, reference="R-007")
        existing.title, existing.residual_likelihood, existing.residual_impact = "Existing", 1, 1
        session.add(existing)
    path = tmp_path / "r.csv"
    path.write_text("Ref,Title,L,I\nR-007,Clash,2,2\nR-020,Ours,3,3\nX9,Theirs,1,1\n")
    preview = preview_import(db, project_id, path)
    assert [row.reference for row in preview.rows] == ["R-008", "R-020", "R-021"]
    assert preview.rows[0].outcome_text == "imported as R-008 (was R-007)"
    apply_import(db, project_id, preview)
    with db.session() as session:
        clash = session.scalars(select(RaidItem).where(RaidItem.title == "Clash")).one()
        ours = session.scalars(select(RaidItem).where(RaidItem.title == "Ours")).one()
        assert clash.description == "Imported from R-007" and ours.description == ""


def test_incident_based_sample_imports_sensibly(db: Database, project_id: int) -> None:
    preview = preview_import(db, project_id, DATA / "incident-based-register.csv")
    assert preview.imported_count == 2
    assert set(preview.unmapped_columns) == {
        "Incident_Count", "Avg_Resolution_Hours", "Recurrence_Rate_%",
    }  # fmt: skip
    first = preview.rows[0]
    assert first.values is not None
    assert first.values.residual == (5, 5)  # "Very High" × "Severe"
    assert first.values.next_review_on == dt.date(2026, 1, 13)
    assert len(first.values.actions) == 3
    assert any("63.71 is outside 1–25" in warning for warning in first.warnings)
    assert any("Active - Mitigation Required" in warning for warning in first.warnings)
    result = apply_import(db, project_id, preview)
    assert len(result.created_ids) == 2


def test_quantitative_sample_reads_money_and_percentages_and_skips_the_opportunity(
    db: Database, project_id: int
) -> None:
    preview = preview_import(db, project_id, DATA / "quantitative-cost-risk-register.csv")
    assert preview.mapping[:4] == (
        RegisterField.REFERENCE, RegisterField.DESCRIPTION,
        RegisterField.IMPACT, RegisterField.LIKELIHOOD,
    )  # fmt: skip
    assert preview.mapping[6:8] == (
        RegisterField.RESIDUAL_IMPACT,
        RegisterField.RESIDUAL_LIKELIHOOD,
    )
    assert (preview.imported_count, preview.skipped_count) == (51, 1)
    skipped = next(row for row in preview.rows if not row.imported)
    assert skipped.reading.skipped_because.startswith("an opportunity, not a risk")
    first = preview.rows[0].values
    assert first is not None
    # 300,000 CHF at 20 %, then 300,000 CHF at 10 % after mitigation.
    assert (first.title, first.inherent, first.residual) == ("Client Behavior", (2, 3), (2, 3))
    assert any("CHF" in w and "not converted" in w for w in preview.rows[0].warnings)
    quoted = next(row for row in preview.rows if row.row_number == 39).values
    assert quoted is not None and quoted.title == '"Unusual" supply chain'
    assert all(row.values.title == row.values.title.strip() for row in preview.rows if row.values)
    assert len(apply_import(db, project_id, preview).created_ids) == 51


def test_preview_and_dry_run_write_nothing(db: Database, project_id: int, tmp_path: Path) -> None:
    db.close()  # let every page reach the file before taking its bytes
    before = db.path.read_bytes()
    preview = preview_import(db, project_id, messy_workbook(tmp_path / "messy.xlsx"))
    remap(db, preview, (None,) * len(preview.mapping))
    db.close()
    assert preview.imported_count == 4
    assert db.path.read_bytes() == before


def test_remove_imported_takes_everything_away_and_restore_puts_it_back(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    preview = preview_import(db, project_id, messy_workbook(tmp_path / "messy.xlsx"))
    result = apply_import(db, project_id, preview)
    trees = remove_imported(db, result.created_ids)
    with db.session() as session:
        for table in (RaidItem, RiskAssessment, RiskAction):
            assert session.scalar(select(func.count()).select_from(table)) == 0
    restore_imported(db, trees)
    with db.session() as session:
        ids = session.scalars(select(RaidItem.id).order_by(RaidItem.id)).all()
        assert tuple(ids) == result.created_ids
        assert session.scalar(select(func.count(RiskAction.id))) == 3


def test_a_changed_mapping_changes_the_outcome(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    preview = preview_import(db, project_id, messy_workbook(tmp_path / "messy.xlsx"))
    mapping = list(preview.mapping)
    mapping[6] = RegisterField.ACTIONEE  # "Risk owner" is really who does the work
    changed = remap(db, preview, tuple(mapping))
    values = changed.rows[0].values
    assert values is not None and (values.owner, values.actionee) == ("", "Head of Finance")
    response = remap(db, preview, (*preview.mapping[:8], RegisterField.RESPONSE, None))
    assert response.rows[0].values is not None
    assert response.rows[0].values.response is None  # "Open" is not a response …
    assert any("response" in warning for warning in response.rows[0].warnings)  # … and it says so
    assert RiskResponse.TREAT.label == "Treat"


def test_unknown_project_and_unreadable_file(db: Database, project_id: int, tmp_path: Path) -> None:
    with pytest.raises(RecordNotFoundError):
        preview_import(db, project_id + 99, DATA / "incident-based-register.csv")
    with pytest.raises(SpreadsheetError):
        preview_import(db, project_id, tmp_path / "missing.xlsx")
