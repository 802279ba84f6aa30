"""Reading the audit trail: filtered, searched and paged in SQL, newest first."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from commissioner.models.enums import AuditAction
from commissioner.services.audit_trail import (
    AuditFilter,
    AuditRow,
    count_audit_entries,
    display_value,
    fetch_audit_entries,
)
from commissioner.services.projects import delete_project, get_project, update_project
from commissioner.storage import Database

MakeProject = Callable[..., int]


def _all(db: Database, audit_filter: AuditFilter) -> list[AuditRow]:
    return fetch_audit_entries(db, audit_filter, offset=0, limit=10_000)


def _rename(db: Database, project_id: int, name: str) -> None:
    form = get_project(db, project_id).as_input()
    update_project(db, project_id, dataclasses.replace(form, name=name))


def test_the_whole_trail_is_newest_first(db: Database, make_project: MakeProject) -> None:
    project_id = make_project(db)
    _rename(db, project_id, "Renamed")

    rows = _all(db, AuditFilter())

    assert [row.id for row in rows] == sorted((row.id for row in rows), reverse=True)
    newest = rows[0]
    assert (newest.action, newest.field, newest.old_value, newest.new_value) == (
        AuditAction.UPDATE,
        "name",
        "Home care framework",
        "Renamed",
    )
    assert (newest.actor, newest.record_kind, newest.field_label) == ("tester", "Project", "Name")


def test_a_projects_trail_includes_its_stages_but_not_other_projects(
    db: Database, make_project: MakeProject
) -> None:
    first = make_project(db)
    second = make_project(db)

    rows = _all(db, AuditFilter(project_id=first))

    assert rows
    assert {row.table_name for row in rows} == {"projects", "stages", "checklist_items"}
    assert {row.record_id for row in rows if row.table_name == "projects"} == {first}
    assert count_audit_entries(db, AuditFilter(project_id=first)) == len(rows)
    assert count_audit_entries(db, AuditFilter(project_id=second)) == len(rows)


def test_a_records_trail_shows_only_that_record(db: Database, make_project: MakeProject) -> None:
    first = make_project(db)
    second = make_project(db)
    _rename(db, first, "Renamed")

    rows = _all(db, AuditFilter(table_name="projects", record_id=second))

    assert rows
    assert {(row.table_name, row.record_id) for row in rows} == {("projects", second)}
    assert {row.action for row in rows} == {AuditAction.INSERT}


def test_text_search_matches_any_column_ignoring_case(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db, name="Home care framework")
    make_project(db, name="Waste collection")
    _rename(db, project_id, "Home care (re-let)")

    rows = _all(db, AuditFilter(text="  HOME CARE  "))

    assert rows
    assert all(
        "home care" in f"{row.record_label} {row.old_value} {row.new_value}".lower() for row in rows
    )
    assert count_audit_entries(db, AuditFilter(text="tester")) == count_audit_entries(
        db, AuditFilter()
    )


@pytest.mark.parametrize(
    ("wanted", "decoy", "search"),
    [
        ("Uplift 50% off", "Uplift 500 off", "50%"),
        ("Plan q_z", "Plan qaz", "q_z"),
        ("Folder a\\b", "Folder ab", "a\\b"),
    ],
)
def test_wildcard_characters_in_a_search_match_literally(
    db: Database, make_project: MakeProject, wanted: str, decoy: str, search: str
) -> None:
    wanted_id = make_project(db, name=wanted)
    make_project(db, name=decoy)

    rows = _all(db, AuditFilter(text=search))

    assert rows
    assert {row.record_label for row in rows} == {
        get_project(db, wanted_id).reference + " " + wanted
    }
    assert count_audit_entries(db, AuditFilter(text=search)) == len(rows)


def test_filters_combine(db: Database, make_project: MakeProject) -> None:
    first = make_project(db, name="Home care framework")
    make_project(db, name="Home care pilot")

    rows = _all(db, AuditFilter(project_id=first, text="pilot"))

    assert rows == []


def test_pages_join_up_to_the_whole_trail(db: Database, make_project: MakeProject) -> None:
    for _ in range(3):
        make_project(db)
    whole = _all(db, AuditFilter())
    total = count_audit_entries(db, AuditFilter())

    pages = [
        fetch_audit_entries(db, AuditFilter(), offset=offset, limit=7)
        for offset in range(0, total, 7)
    ]

    assert total == len(whole) > 7
    assert all(len(page) == 7 for page in pages[:-1])
    assert [row for page in pages for row in page] == whole


def test_a_page_beyond_the_end_is_empty(db: Database, make_project: MakeProject) -> None:
    make_project(db)
    total = count_audit_entries(db, AuditFilter())

    assert fetch_audit_entries(db, AuditFilter(), offset=total, limit=50) == []


def test_an_empty_trail_counts_zero(db: Database) -> None:
    assert count_audit_entries(db, AuditFilter()) == 0
    assert _all(db, AuditFilter(text="anything")) == []


def test_a_field_can_be_found_by_its_name_in_words(db: Database, make_project: MakeProject) -> None:
    make_project(db, approved_budget="£1,250,000")
    make_project(db, approved_budget="")

    rows = _all(db, AuditFilter(text="Approved budget"))

    assert [(row.field, row.new_value) for row in rows] == [("approved_budget_pence", "125000000")]


def test_changes_are_shown_in_the_words_of_the_form(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db, approved_budget="£1,250,000", start_date="01/04/2026")
    form = get_project(db, project_id).as_input()
    update_project(
        db,
        project_id,
        dataclasses.replace(form, approved_budget="£1.3m", start_date="01/05/2026"),
    )

    shown = {
        row.field: (row.old_text, row.new_text)
        for row in _all(db, AuditFilter(project_id=project_id))
        if row.action is AuditAction.UPDATE
    }

    assert shown == {
        "approved_budget_pence": ("£1,250,000", "£1,300,000"),
        "start_date": ("01/04/2026", "01/05/2026"),
    }


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("status", "on_hold", "On hold"),
        ("delivery_model", "external_provider", "External provider"),
        ("protective_marking", "official_sensitive", "OFFICIAL-SENSITIVE"),
        ("archived_at", "2026-05-01 14:30:00", "01/05/2026 14:30"),
        ("name", None, ""),
    ],
)
def test_stored_values_are_shown_as_a_reader_expects(
    field: str, value: str | None, shown: str
) -> None:
    assert display_value(field, value, "projects") == shown


@pytest.mark.parametrize(("field", "value"), [("conditions", "none"), ("notes", "complete")])
def test_free_text_is_shown_as_typed_even_when_it_looks_like_a_choice(
    field: str, value: str
) -> None:
    assert display_value(field, value) == value


def test_a_new_projects_trail_does_not_include_a_deleted_projects_history(
    db: Database, make_project: MakeProject
) -> None:
    deleted_id = make_project(db, name="Old home care contract")
    delete_project(db, deleted_id)

    new_id = make_project(db, name="New leisure contract")

    labels = {row.record_label for row in _all(db, AuditFilter(project_id=new_id))}
    assert not any("Old home care contract" in label for label in labels)
