"""The pack's supplier section: the overview's flags, due diligence and the alignment
trend as the services give them, the duty-to-warn log with unanswered warnings first,
ambiguous contract wording, the empty project, and user text carried literally."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from commissioner.models import Project
from commissioner.models.enums import SupplierCategory, SupplierRole
from commissioner.reports.blocks import (
    Block,
    Bullets,
    KeyFigure,
    KeyFigures,
    LineChart,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services import alignment, due_diligence, duty_to_warn, suppliers, use_cases
from commissioner.services.alignment import AssessmentInput, ScoreInput
from commissioner.services.duty_to_warn import WarningInput
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.suppliers import build_suppliers
from commissioner.services.supplier_overview import supplier_overview
from commissioner.services.suppliers import RelationshipInput, SupplierInput
from commissioner.services.use_cases import UseCaseInput
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x"'


def _project(db: Database, prefix: str) -> int:
    with db.session() as session:
        references = dict(session.execute(select(Project.reference, Project.id)).all())
    return next(pid for ref, pid in references.items() if ref.startswith(prefix))


def _build(db: Database, project_id: int) -> Section:
    return build_suppliers(db, PackContext(project_id, TODAY, "November 2026", PackFigures()))


def _figures(section: Section) -> dict[str, KeyFigure]:
    tiles = next(block for block in section.blocks if isinstance(block, KeyFigures))
    return {figure.label: figure for figure in tiles.figures}


def _part(section: Section, heading: str) -> list[Block]:
    start = next(
        i
        for i, block in enumerate(section.blocks)
        if isinstance(block, Subheading) and block.text == heading
    )
    rest: list[Block] = []
    for block in section.blocks[start + 1 :]:
        if isinstance(block, Subheading):
            break
        rest.append(block)
    return rest


def _table(blocks: list[Block]) -> Table:
    return next(block for block in blocks if isinstance(block, Table))


def _flags(section: Section) -> tuple[str, ...]:
    return next(block for block in section.blocks if isinstance(block, Bullets)).items


def _link(
    db: Database,
    project: int,
    name: str,
    role: SupplierRole = SupplierRole.CONTRACTED,
    category: SupplierCategory = SupplierCategory.EXPERT,
) -> int:
    supplier = suppliers.add_supplier(db, SupplierInput(name))
    return suppliers.add_relationship(
        db, project, RelationshipInput(supplier, role=role, category=category)
    )


def _assess(db: Database, relationship: int, day: str, supplier_position: int) -> None:
    key = alignment.list_dimensions(db)[0].key
    form = AssessmentInput(day, "Angela Moss", (ScoreInput(key, 3, supplier_position),))
    alignment.add_assessment(db, relationship, form, TODAY)


# --- The demo portfolio ---------------------------------------------------------------


def test_a_falling_alignment_is_flagged_and_charted_as_the_app_shows_it(demo: Database) -> None:
    project = _project(demo, "HWY")
    section = _build(demo, project)
    relationship = suppliers.list_relationships(demo, project)[0]
    trend = alignment.alignment_trend(demo, relationship.id)
    chart = next(block for block in section.blocks if isinstance(block, LineChart))

    assert (section.key, section.title) == ("suppliers", "Suppliers")
    assert _flags(section) == supplier_overview(demo, project, TODAY).flags
    assert "fell from 86 to 68" in _flags(section)[0]
    assert _figures(section)["Falling alignment"].value == "1"
    assert chart.series[0].name == "Marston & Kerr Highways Ltd"
    assert chart.series[0].values == tuple(float(i) for i in trend.indexes if i is not None)
    assert chart.x_labels == tuple(day.strftime("%d/%m/%Y") for day in trend.dates)
    assert chart.title and chart.y_label


def test_suppliers_table_gives_role_category_and_due_diligence(demo: Database) -> None:
    project = _project(demo, "LEI")
    table = _table(_part(_build(demo, project), "Suppliers and due diligence"))
    links = suppliers.list_relationships(demo, project)

    assert [row[0] for row in table.rows] == [link.supplier_name for link in links]
    for row, link in zip(table.rows, links, strict=True):
        summary = due_diligence.due_diligence_summary(
            due_diligence.list_due_diligence(demo, link.id)
        )
        assert row[1:4] == (link.role.label, link.category.label, summary)
    assert table.rows[0][1:5] == (
        "Contracted provider",
        "Strategic partner",
        "8 of 8 areas assessed",
        "86",
    )
    assert table.rows[1][4] == "Not assessed"


def test_unanswered_warnings_are_flagged_and_listed_first(demo: Database) -> None:
    project = _project(demo, "WST")
    section = _build(demo, project)
    table = _table(_part(section, "Duty to warn"))
    logged = duty_to_warn.list_warnings(demo, project)

    assert _figures(section)["Open warnings"].value == "1"
    assert (
        _figures(section)["Open warnings"].note == f"of {len(logged)} logged under the duty to warn"
    )
    assert table.rows[0][3] == "Open"
    assert [row[3] for row in table.rows[1:]] == ["Responded", "Closed"]
    assert _flags(section)[-1].startswith(
        "A warning from Greenway Waste & Recycling Ltd on 23/10/2026 awaits the council's response"
    )


def test_ambiguous_contract_wording_is_listed_with_the_advice(demo: Database) -> None:
    project = _project(demo, "LEI")
    section = _build(demo, project)
    part = _part(section, "Contract wording")
    rows = use_cases.list_use_cases(demo, project)
    advice = use_cases.ambiguity_summary(rows, use_cases.contract_in_delivery(demo, project))

    assert _figures(section)["Ambiguous contract wording"].value == str(
        use_cases.outstanding_ambiguities(demo, project)
    )
    assert part[0] == Paragraph(advice + ".")
    assert _table(part).rows[0][0] == "Clause 27.2 (Energy price mechanism)"


# --- Built for the purpose ------------------------------------------------------------


def test_the_trend_chart_shares_one_date_axis_with_gaps(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    first = _link(db, project, "Alpha Care Ltd")
    second = _link(db, project, "Beta Care Ltd", SupplierRole.SHORTLISTED)
    _link(db, project, "Gamma Care Ltd", SupplierRole.BIDDER)
    _assess(db, first, "01/03/2026", 3)
    _assess(db, first, "01/09/2026", 5)
    _assess(db, second, "01/06/2026", 4)
    section = _build(db, project)
    chart = next(block for block in section.blocks if isinstance(block, LineChart))

    assert chart.x_labels == ("01/03/2026", "01/06/2026", "01/09/2026")
    assert [series.name for series in chart.series] == ["Alpha Care Ltd", "Beta Care Ltd"]
    assert chart.series[0].values == (100.0, None, 50.0)
    assert chart.series[1].values == (None, 75.0, None)
    note = _part(section, "Cultural alignment")[1]
    assert isinstance(note, Paragraph)
    assert "Alpha Care Ltd: fell from 100 to 50" in note.text
    assert _figures(section)["Contracted providers"].note == "2 bidding or shortlisted"


def test_an_empty_project_says_so_in_one_line_per_part(
    db: Database, make_project: MakeProject
) -> None:
    section = _build(db, make_project(db))
    empty = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.kind == "empty"]

    assert not any(isinstance(block, Table | LineChart | Bullets) for block in section.blocks)
    assert empty == [
        "No suppliers are linked to this project.",
        "No cultural alignment assessments are recorded for this project's suppliers.",
        "No supplier on this project owes a duty to warn, and none is logged.",
        "No use-case tests yet: test the contract's wording against real scenarios.",
    ]
    assert Paragraph("No supplier matter needs the board's attention.", kind="lead") in (
        section.blocks
    )


def test_a_general_supplier_alone_owes_no_duty_but_an_expert_does(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    _link(db, project, "Plain Goods Ltd", category=SupplierCategory.GENERAL)
    assert _part(_build(db, project), "Duty to warn")[0] == Paragraph(
        "No supplier on this project owes a duty to warn, and none is logged.", kind="empty"
    )
    _link(db, project, "Clever Advice Ltd")
    assert _part(_build(db, project), "Duty to warn")[0] == Paragraph(
        "No warnings have been logged by the suppliers owing a duty to warn.", kind="empty"
    )


def test_user_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    relationship = _link(db, project, f"{HOSTILE} Ltd")
    _assess(db, relationship, "01/10/2026", 3)
    duty_to_warn.add_warning(db, relationship, WarningInput("02/11/2026", HOSTILE), TODAY)
    use_cases.add_use_case(
        db,
        project,
        UseCaseInput(HOSTILE, "Clause <1> & 2", council_reading=HOSTILE, ambiguous=True),
    )
    section = _build(db, project)

    assert _table(_part(section, "Suppliers and due diligence")).rows[0][0] == f"{HOSTILE} Ltd"
    chart = next(block for block in section.blocks if isinstance(block, LineChart))
    assert chart.series[0].name == f"{HOSTILE} Ltd"
    assert _table(_part(section, "Duty to warn")).rows[0][1:3] == (f"{HOSTILE} Ltd", HOSTILE)
    assert _table(_part(section, "Contract wording")).rows[0][:3] == (
        "Clause <1> & 2",
        HOSTILE,
        HOSTILE,
    )
    assert any(HOSTILE in flag for flag in _flags(section))
