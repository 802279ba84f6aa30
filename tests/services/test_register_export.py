"""Exporting a register to .xlsx and .csv: real values, formula injection, round trip."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from commissioner.errors import CommissionerError
from commissioner.models import RaidItem, RiskAction, RiskCategory
from commissioner.models.enums import RaidKind, RaidStatus, RiskCategoryKind, RiskResponse
from commissioner.services.register_export import export_register, load_register
from commissioner.services.register_import import apply_import, preview_import
from commissioner.storage import Database
from tests.conftest import MakeProject

INJECTIONS = ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR")


@pytest.fixture
def project_id(db: Database, make_project: MakeProject) -> int:
    """A project with a varied register: words, dates, actions, a closed risk, an issue."""
    project = make_project(db)
    with db.session() as session:
        financial = session.scalars(
            select(RiskCategory.id).where(RiskCategory.kind == RiskCategoryKind.FINANCIAL)
        ).one()
        session.add_all(
            [
                RaidItem(project_id=project, kind=RaidKind.RISK, reference="R-001",
                         title="Provider exits the market", owner="Head of Commissioning",
                         category_id=financial, inherent_likelihood=4, inherent_impact=5,
                         residual_likelihood=3, residual_impact=4, target_likelihood=2,
                         target_impact=3, response=RiskResponse.TREAT,
                         next_review_on=dt.date(2026, 4, 30), raised_on=dt.date(2026, 1, 5),
                         cause="Thin market", event="Main provider leaves",
                         consequence="Residents without care",
                         actions=[RiskAction(description="Contingency list"),
                                  RiskAction(description="Market engagement day")]),
                RaidItem(project_id=project, kind=RaidKind.RISK, reference="R-002",
                         title="=HYPERLINK(\"http://evil\",\"click\")", owner="@finance",
                         residual_likelihood=2, residual_impact=2, status=RaidStatus.CLOSED,
                         description="-5% uplift"),
                RaidItem(project_id=project, kind=RaidKind.RISK, reference="R-003",
                         title="Café staff TUPE — costs unclear", owner="Procurement",
                         residual_likelihood=5, residual_impact=5, status=RaidStatus.ESCALATED),
                RaidItem(project_id=project, kind=RaidKind.ISSUE, reference="I-001",
                         title="Spec signed off late", owner="Board"),
            ]
        )  # fmt: skip
    return project


def _risk_facts(db: Database, project_id: int) -> list[tuple[object, ...]]:
    query = (
        select(RaidItem)
        .where(RaidItem.project_id == project_id, RaidItem.kind == RaidKind.RISK)
        .order_by(RaidItem.reference)
    )
    with db.session() as session:
        return [
            (
                item.reference, item.title, item.owner, item.status, item.next_review_on,
                item.inherent_likelihood, item.inherent_impact, item.residual_likelihood,
                item.residual_impact, item.target_likelihood, item.target_impact,
                item.response, item.category_id, item.cause, item.event, item.consequence,
                item.description, [action.description for action in item.actions],
            )
            for item in session.scalars(query)
        ]  # fmt: skip


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_exported_register_reimports_to_the_same_risks(
    db: Database, project_id: int, make_project: MakeProject, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"register{suffix}"
    assert export_register(db, project_id, path) == 3
    copy = make_project(db)
    preview = preview_import(db, copy, path)
    assert preview.unmapped_columns == ()
    assert preview.skipped_count == 0
    apply_import(db, copy, preview)
    assert _risk_facts(db, copy) == _risk_facts(db, project_id)


def test_the_whole_raid_log_round_trips_too(
    db: Database, project_id: int, make_project: MakeProject, tmp_path: Path
) -> None:
    path = tmp_path / "raid.xlsx"
    assert export_register(db, project_id, path, kinds=tuple(RaidKind)) == 4
    copy = make_project(db)
    apply_import(db, copy, preview_import(db, copy, path))
    with db.session() as session:
        query = select(RaidItem).where(RaidItem.project_id == copy, RaidItem.kind == "issue")
        issue = session.scalars(query).one()
        assert (issue.reference, issue.title, issue.residual_likelihood) == (
            "I-001", "Spec signed off late", None,
        )  # fmt: skip


def test_xlsx_has_real_values_styling_legend_and_heat_map(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "register.xlsx"
    export_register(db, project_id, path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Register", "Legend", "Heat map"]
    sheet = workbook["Register"]
    header = [cell.value for cell in sheet[1]]
    row = {title: cell for title, cell in zip(header, sheet[2], strict=True)}
    assert isinstance(row["Next review"].value, dt.datetime)  # a real date, not text
    assert row["Next review"].number_format == "DD/MM/YYYY"
    assert row["Residual score"].value == 12 and row["Band"].value == "High"
    assert row["Category"].value == "Financial"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].font.bold
    legend = [[cell.value for cell in line] for line in workbook["Legend"].iter_rows()]
    assert [3, "Possible", "Moderate"] in legend and ["Critical", "16 to 25", None] in legend
    heat = workbook["Heat map"]
    # Likelihood 5 is the top row (row 3), impact 5 the last column (F): R-003 is there.
    assert heat["F3"].value == 1 and heat["F3"].fill.fgColor.rgb.endswith("C62828")
    # R-001 at 3 × 4; R-002 is closed so it is not counted.
    assert heat["E5"].value == 1 and heat["C6"].value == 0


def test_text_that_would_run_as_a_formula_is_neutralised_in_xlsx(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "register.xlsx"
    export_register(db, project_id, path)
    sheet = openpyxl.load_workbook(path)["Register"]
    dangerous = [cell for line in sheet.iter_rows(min_row=2) for cell in line
                 if isinstance(cell.value, str) and cell.value[:1] in "=+-@"]  # fmt: skip
    assert {cell.value for cell in dangerous} >= {'=HYPERLINK("http://evil","click")', "@finance"}
    for cell in dangerous:
        assert cell.data_type == "s" and cell.quotePrefix


def test_text_that_would_run_as_a_formula_is_neutralised_in_csv(
    db: Database, make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project(db)
    with db.session() as session:
        session.add_all(
            RaidItem(project_id=project, kind=RaidKind.RISK, reference=f"R-{n:03d}",
                     title=text, residual_likelihood=1, residual_impact=1)
            for n, text in enumerate(INJECTIONS, start=1)
        )  # fmt: skip
    path = tmp_path / "register.csv"
    export_register(db, project, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        titles = [row["Title"] for row in csv.DictReader(handle)]
    assert titles == [f"'{text}" for text in INJECTIONS]


def test_export_refuses_other_formats_and_missing_projects(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    with pytest.raises(CommissionerError, match=r"\.xlsx or \.csv"):
        export_register(db, project_id, tmp_path / "r.pdf")
    with pytest.raises(CommissionerError):
        load_register(db, project_id + 99)


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; install libreoffice-calc to run this check",
)
def test_libreoffice_reads_the_export_as_text_and_dates(
    db: Database, project_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "register.xlsx"
    export_register(db, project_id, path)
    out = tmp_path / "converted"
    # Filter options 44,34,76: comma, double quote, UTF-8; first sheet only (Register).
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1"
    command = ["soffice", profile, "--headless", "--convert-to", target, "--outdir", str(out)]
    subprocess.run([*command, str(path)], check=True, capture_output=True, timeout=180)
    with (out / "register.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    titles = [row["Title"] for row in rows]
    assert '=HYPERLINK("http://evil","click")' in titles  # shown as text, never run
    assert "Café staff TUPE — costs unclear" in titles
    first = rows[0]
    assert first["Next review"] == "30/04/2026" and first["Residual score"] == "12"
