"""Writing costs: cells set all-or-nothing with undo, cost lines, and the category list."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models.enums import AuditAction
from commissioner.services.audit_trail import AuditFilter, fetch_audit_entries
from commissioner.services.cost_entries import (
    CellEdit,
    CostLineInput,
    add_cost_line,
    delete_cost_line,
    list_categories,
    parse_cell,
    replace_categories,
    set_cells,
    update_cost_line,
)
from commissioner.services.costs import CostCell, CostLineView, get_cost_sheet
from commissioner.services.golden_thread_records import restore_removal
from commissioner.storage import Database
from tests.conftest import MakeProject

D = dt.date
TODAY = D(2026, 10, 15)
APRIL, MAY, JUNE = D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)


def _category(db: Database, name: str = "Staff") -> int:
    return next(row.id for row in list_categories(db) if row.name == name)


def _line(db: Database, project_id: int, name: str = "Care workers", **extra: str) -> int:
    return add_cost_line(db, project_id, CostLineInput(name, _category(db), **extra))


def _lines(db: Database, project_id: int) -> tuple[CostLineView, ...]:
    return get_cost_sheet(db, project_id, TODAY).lines


def _periods(db: Database, project_id: int) -> dict[str, dict[dt.date, CostCell]]:
    return {line.name: line.periods for line in _lines(db, project_id)}


# --- Typing a cell ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£1,250.50", 125_050),
        ("1.2k", 120_000),
        ("(300)", -30_000),
        ("(£1,200.75)", -120_075),
        (" 42 ", 4_200),
        ("", None),
        ("   ", None),
    ],
)
def test_a_cell_reads_as_typed_or_pasted(text: str, pence: int | None) -> None:
    assert parse_cell(text, "actual") == pence


@pytest.mark.parametrize(
    ("text", "measure", "message"),
    [
        ("abc", "actual", "not an amount in pounds"),
        ("1.234", "forecast", "more than two decimal places"),
        ("(300)", "budget", "A budget cannot be negative"),
        ("£10,000,000,000", "actual", "implausible"),
        ("5", "spend", "not budget, forecast or actual"),
    ],
)
def test_a_cell_that_cannot_be_a_figure_is_refused(text: str, measure: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_cell(text, measure)


# --- Setting cells ---------------------------------------------------------------------


def test_cells_are_set_and_previous_values_put_them_back_exactly(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    line = _line(db, project)
    set_cells(db, project, [CellEdit(line, APRIL, "budget", 1000_00)])
    before = _periods(db, project)

    previous = set_cells(
        db,
        project,
        [
            CellEdit(line, APRIL, "budget", 1200_00),
            CellEdit(line, D(2026, 4, 17), "actual", 1150_00),  # any day means its month
            CellEdit(line, MAY, "forecast", 900_00),
        ],
    )

    assert _periods(db, project)["Care workers"] == {
        APRIL: CostCell(1200_00, None, 1150_00),
        MAY: CostCell(None, 900_00, None),
    }
    assert previous == (
        CellEdit(line, APRIL, "budget", 1000_00),
        CellEdit(line, APRIL, "actual", None),
        CellEdit(line, MAY, "forecast", None),
    )
    set_cells(db, project, previous)  # undo
    assert _periods(db, project) == before


def test_a_cell_set_twice_in_one_block_undoes_to_its_first_value(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    line = _line(db, project)
    set_cells(db, project, [CellEdit(line, APRIL, "actual", 1_00)])

    previous = set_cells(
        db,
        project,
        [
            CellEdit(line, APRIL, "actual", 2_00),
            CellEdit(line, MAY, "budget", 5_00),
            CellEdit(line, D(2026, 4, 30), "actual", 3_00),
        ],
    )

    assert _periods(db, project)["Care workers"][APRIL] == CostCell(None, None, 3_00)
    assert previous == (CellEdit(line, APRIL, "actual", 1_00), CellEdit(line, MAY, "budget", None))
    set_cells(db, project, previous)
    assert _periods(db, project)["Care workers"] == {APRIL: CostCell(None, None, 1_00)}


def test_clearing_every_figure_of_a_month_removes_the_month(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    line = _line(db, project)
    set_cells(
        db, project, [CellEdit(line, MAY, "forecast", 0), CellEdit(line, MAY, "actual", 5_00)]
    )

    set_cells(db, project, [CellEdit(line, MAY, "forecast", None)])
    assert _periods(db, project)["Care workers"] == {MAY: CostCell(None, None, 5_00)}
    set_cells(db, project, [CellEdit(line, MAY, "actual", None)])

    assert _periods(db, project)["Care workers"] == {}
    # Clearing a month that was never entered writes nothing and undoes to nothing.
    assert set_cells(db, project, [CellEdit(line, JUNE, "budget", None)]) == (
        CellEdit(line, JUNE, "budget", None),
    )
    assert _periods(db, project)["Care workers"] == {}


def _bad_block(db: Database, project: int, line: int, bad: CellEdit) -> ValidationError:
    good = [CellEdit(line, APRIL, "budget", 1000_00), CellEdit(line, MAY, "actual", 10_00)]
    with pytest.raises(ValidationError) as caught:
        set_cells(db, project, [*good, bad])
    assert _periods(db, project)["Care workers"] == {}, "nothing may be written"
    return caught.value


def test_one_bad_cell_writes_nothing_and_names_its_month(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    other_project = make_project(db)
    line = _line(db, project)
    elsewhere = _line(db, other_project, "Someone else's line")
    gone = _line(db, project, "Deleted line")
    delete_cost_line(db, gone)

    negative = _bad_block(db, project, line, CellEdit(line, JUNE, "budget", -1))
    assert negative.problems["cells"].startswith("Jun 2026: A budget cannot be negative")
    huge = _bad_block(db, project, line, CellEdit(line, D(2026, 7, 1), "actual", 10**12))
    assert huge.problems["cells"].startswith("Jul 2026: ")
    assert "implausible" in str(huge)
    foreign = _bad_block(db, project, line, CellEdit(elsewhere, D(2026, 8, 1), "actual", 1))
    assert foreign.problems["cells"].startswith("Aug 2026: ")
    deleted = _bad_block(db, project, line, CellEdit(gone, D(2026, 9, 1), "forecast", 1))
    assert deleted.problems["cells"].startswith("Sep 2026: ")
    assert "deleted" in str(deleted)
    assert _periods(db, other_project)["Someone else's line"] == {}


def test_a_negative_actual_is_a_credit(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    line = _line(db, project)
    set_cells(db, project, [CellEdit(line, APRIL, "actual", parse_cell("(250)", "actual"))])
    assert _periods(db, project)["Care workers"][APRIL] == CostCell(None, None, -250_00)


def test_a_cell_change_is_in_the_projects_audit_trail(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    line = _line(db, project)
    set_cells(db, project, [CellEdit(line, APRIL, "actual", 1000_00)])
    set_cells(db, project, [CellEdit(line, APRIL, "actual", 1234_56)])

    rows = fetch_audit_entries(db, AuditFilter(project_id=project), offset=0, limit=50)

    change = rows[0]
    assert (change.action, change.record_label, change.field_label) == (
        AuditAction.UPDATE,
        "Costs Apr 2026",
        "Actual",
    )
    assert (change.old_text, change.new_text) == ("£1,000", "£1,235")


# --- Cost lines ------------------------------------------------------------------------


def test_lines_are_added_and_updated_with_their_finance_code(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    line = _line(db, project, "  Care  <workers> & cover ", finance_code=" CC123/4401 ")

    (view,) = _lines(db, project)
    assert (view.name, view.finance_code, view.category) == (
        "Care <workers> & cover",
        "CC123/4401",
        "Staff",
    )

    update_cost_line(
        db,
        line,
        CostLineInput("Agency cover", _category(db, "Other"), "CC999", "Invoices monthly"),
    )
    (view,) = _lines(db, project)
    assert (view.name, view.category, view.finance_code, view.notes) == (
        "Agency cover",
        "Other",
        "CC999",
        "Invoices monthly",
    )


def test_a_line_needs_a_name_and_a_real_category(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    with pytest.raises(ValidationError) as caught:
        add_cost_line(db, project, CostLineInput("   ", 9999, "x" * 51))
    assert set(caught.value.problems) == {"name", "category_id", "finance_code"}
    assert caught.value.problems["category_id"] == "Choose a cost category."
    assert _lines(db, project) == ()
    with pytest.raises(RecordNotFoundError):
        add_cost_line(db, 9999, CostLineInput("Care", _category(db)))


def test_deleting_a_line_takes_its_months_and_undo_brings_them_back(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    line = _line(db, project, finance_code="CC1")
    _line(db, project, "Night cover")
    set_cells(
        db,
        project,
        [CellEdit(line, month, "budget", 100_00 + month.month) for month in (APRIL, MAY, JUNE)]
        + [CellEdit(line, MAY, "actual", 99_00)],
    )
    before = _lines(db, project)

    removal = delete_cost_line(db, line)
    assert [view.name for view in _lines(db, project)] == ["Night cover"]

    restore_removal(db, removal)
    assert _lines(db, project) == before
    with pytest.raises(RecordNotFoundError):
        update_cost_line(db, 9999, CostLineInput("Gone", _category(db)))


# --- Categories ------------------------------------------------------------------------


def test_categories_are_renamed_added_reordered_and_removed_with_undo(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    ids = {row.name: row.id for row in list_categories(db)}
    assert list(ids) == [
        "Staff",
        "Supplier payments",
        "One-off implementation",
        "Contingency",
        "Other",
    ]
    _line(db, project)

    previous = replace_categories(
        db,
        [
            (ids["Supplier payments"], "Supplier payments"),
            (ids["Staff"], "  Council   staff "),
            (None, "Legal fees"),
            (ids["Contingency"], "Contingency"),
        ],
    )

    assert [(row.name, row.line_count) for row in list_categories(db)] == [
        ("Supplier payments", 0),
        ("Council staff", 1),
        ("Legal fees", 0),
        ("Contingency", 0),
    ]
    assert _lines(db, project)[0].category == "Council staff"
    renames = fetch_audit_entries(
        db, AuditFilter(table_name="cost_categories", record_id=ids["Staff"]), offset=0, limit=9
    )
    assert [(row.old_value, row.new_value) for row in renames if row.field == "name"] == [
        ("Staff", "Council staff")
    ]

    replace_categories(db, previous)  # undo
    assert [row.name for row in list_categories(db)] == list(ids)
    assert _lines(db, project)[0].category == "Staff"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([], "Keep at least one cost category."),
        (["Staff", "  "], "Give every category a name."),
        (["Staff", "STAFF"], "Each category needs its own name."),
        (["x" * 101], "Keep category names to 100 characters."),
    ],
)
def test_categories_need_distinct_names(db: Database, names: list[str], message: str) -> None:
    before = list_categories(db)
    with pytest.raises(ValidationError, match=message):
        replace_categories(db, [(None, name) for name in names])
    assert list_categories(db) == before


def test_a_category_in_use_cannot_be_removed(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    _line(db, project)
    _line(db, project, "Night cover")
    before = list_categories(db)
    others = [(row.id, row.name) for row in before if row.name != "Staff"]

    with pytest.raises(ValidationError, match="Staff is used by 2 cost line"):
        replace_categories(db, others)
    assert list_categories(db) == before


def test_two_categories_can_swap_names(db: Database) -> None:
    ids = {row.name: row.id for row in list_categories(db)}
    wanted = [(category_id, name) for name, category_id in ids.items()]
    wanted[0], wanted[1] = (ids["Staff"], "Supplier payments"), (ids["Supplier payments"], "Staff")

    replace_categories(db, wanted)

    assert [(row.id, row.name) for row in list_categories(db)] == wanted
