"""Project files at the database level: a project arrives whole, or not at all."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import shutil
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from commissioner import models
from commissioner.io.project_file import (
    ManifestInfo,
    PasswordRequiredError,
    WrongPasswordError,
    read_project_file,
    write_project_file,
)
from commissioner.models import AuditEntry, CommunicationEntry, Person, Project, RaidItem, Supplier
from commissioner.models.enums import SupplierRole
from commissioner.services.integrity import check_database
from commissioner.services.packs import (
    default_options,
    generate_pack,
    list_packs,
    regenerate_pack,
)
from commissioner.services.people import PersonInput, add_person
from commissioner.services.project_bulk import REPLACED_FIELD, RESTORED_FIELD
from commissioner.services.project_dump import THIS_PROJECT, canonical_project_dump
from commissioner.services.project_export import export_projects, project_ids_for
from commissioner.services.project_import import (
    IMPORTED_FIELD,
    ImportMode,
    ImportResult,
    ProjectConflictError,
    ProjectImportError,
    apply_import,
    conflicting_references,
    import_project_file,
    read_import,
    redo_import,
    undo_import,
)
from commissioner.services.project_rows import (
    AUDIT,
    SHARED_KEYS,
    collect_rows,
    owned_tables,
    table_of,
)
from commissioner.services.projects import get_project, list_projects
from commissioner.services.risk_input import RiskInput
from commissioner.services.risks import add_raid_entry
from commissioner.services.suppliers import (
    RelationshipInput,
    SupplierInput,
    add_relationship,
    add_supplier,
)
from commissioner.storage import Database, open_database
from commissioner.storage.snapshots import capture_tree
from tests.conftest import MakeProject

WASTE = "WST-2023-01"
Dump = dict[str, list[dict[str, Any]]]
Documents = dict[str, Any]


@pytest.fixture
def other_db(tmp_path: Path, empty_portfolio_file: Path) -> Iterator[Database]:
    """A second new, empty file: where a colleague imports."""
    path = tmp_path / "colleague.db"
    shutil.copyfile(empty_portfolio_file, path)
    database = open_database(path, actor="colleague")
    yield database
    database.close()


@pytest.fixture(scope="module")
def waste_file(tmp_path_factory: pytest.TempPathFactory, demo_portfolio_file: Path) -> Path:
    """The demo's waste project exported once, the source of the hostile edits."""
    folder = tmp_path_factory.mktemp("waste")
    shutil.copyfile(demo_portfolio_file, folder / "demo.db")
    database = open_database(folder / "demo.db", actor="tester")
    export_projects(database, project_ids_for(database, [WASTE]), folder / "waste.commission")
    database.close()
    return folder / "waste.commission"


def export(db: Database, references: list[str], target: Path, **options: Any) -> Path:
    export_projects(db, project_ids_for(db, references), target, **options)
    return target


def a_risk(title: str, **fields: Any) -> RiskInput:
    return RiskInput(
        title=title, event="Costs rise", residual_likelihood=3, residual_impact=4, **fields
    )


def project_id(db: Database, reference: str) -> int:
    return project_ids_for(db, [reference])[0]


def without_import_entry(dump: Dump) -> Dump:
    """The dump without the one entry an import writes about itself (checked present)."""
    history = dump.get(AUDIT, [])
    imported = [entry for entry in history if entry["field"] == IMPORTED_FIELD]
    assert len(imported) == 1, imported
    rest = [entry for entry in history if entry["field"] != IMPORTED_FIELD]
    trimmed = {table: rows for table, rows in dump.items() if table != AUDIT}
    return trimmed | ({AUDIT: rest} if rest else {})


def sha256_of(db: Database) -> str:
    db.close()  # no connection holds the file while it is read
    return hashlib.sha256(db.path.read_bytes()).hexdigest()


def count(db: Database, model: Any) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- Round trips -------------------------------------------------------------------


def test_every_demo_project_comes_back_identical_in_an_empty_database(
    demo_db: Database, other_db: Database, tmp_path: Path
) -> None:
    projects = list_projects(demo_db, include_archived=True)
    assert len(projects) >= 8
    for project in projects:
        path = export(demo_db, [project.reference], tmp_path / f"{project.reference}.commission")
        result = import_project_file(other_db, path)
        assert result.references == (project.reference,)
        before = canonical_project_dump(demo_db, project.id)
        after = without_import_entry(canonical_project_dump(other_db, result.project_ids[0]))
        tables = before.keys() | after.keys()
        changed = sorted(table for table in tables if before.get(table) != after.get(table))
        assert changed == [], f"{project.reference}: {changed} differ after the round trip"
    # The people several projects share arrived once, not once per project.
    with demo_db.session() as session:
        referenced = collect_rows(session, [project.id for project in projects])["people"]
    assert count(other_db, Person) == len(referenced)


def test_hostile_text_and_a_generated_pack_survive_the_round_trip(
    db: Database, other_db: Database, make_project: MakeProject, tmp_path: Path
) -> None:
    hostile = 'Smith & Jones <Ltd> "quoted" ŵ ŷ 🚀\nsecond line\ttab'
    lead = add_person(
        db, PersonInput(full_name="Siân Llŷr <Lead> & Co", email="sian@example.gov.uk")
    )
    project = make_project(db, name="Smith & Jones <Ltd> ŵ 🚀", lead_commissioner_id=lead)
    add_raid_entry(db, project, a_risk("Fleet & <costs> 🚛", description=hostile))
    supplier = add_supplier(db, SupplierInput(name="Smith & Jones <Ltd>", notes=hostile))
    add_relationship(db, project, RelationshipInput(supplier_id=supplier, role=SupplierRole.BIDDER))
    pack = generate_pack_for(db, project, tmp_path / "pack.pdf")
    path = export(db, ["ASC-2026-01"], tmp_path / "hostile.commission")

    result = import_project_file(other_db, path)

    before = canonical_project_dump(db, project)
    after = without_import_entry(canonical_project_dump(other_db, result.project_ids[0]))
    assert after == before
    assert get_project(other_db, result.project_ids[0]).lead_commissioner == "Siân Llŷr <Lead> & Co"
    [copied] = list_packs(other_db, result.project_ids[0])
    again = regenerate_pack(other_db, copied.id, tmp_path / "again.pdf")
    assert again.identical and again.result.sha256 == pack


def generate_pack_for(db: Database, project: int, target: Path) -> str:
    options = default_options(db, project, dt.date(2026, 12, 3))
    generated = generate_pack(db, project, options, target, now=dt.datetime(2026, 12, 3, 10))
    return generated.result.sha256


def test_a_password_protected_file_needs_its_password(
    demo_db: Database, other_db: Database, tmp_path: Path
) -> None:
    path = export(demo_db, [WASTE], tmp_path / "secret.commission", password="correct horse")
    with pytest.raises(PasswordRequiredError):
        read_import(path)
    with pytest.raises(WrongPasswordError):
        read_import(path, password="wrong horse")
    result = import_project_file(other_db, path, password="correct horse")
    assert result.references == (WASTE,)


def test_the_file_holds_exactly_what_deleting_the_project_would_take(demo_db: Database) -> None:
    for summary in list_projects(demo_db, include_archived=True):
        with demo_db.session() as session:
            rows = collect_rows(session, [summary.id])
            tree = capture_tree(session.get_one(Project, summary.id))
        exported = {(table, row["id"]) for table in owned_tables() for row in rows.get(table, [])}
        owned = {(_table_name(name), values["id"]) for name, values in tree.rows}
        assert exported == owned, summary.reference


def _table_name(class_name: str) -> str:
    return str(getattr(models, class_name).__tablename__)


def test_every_link_out_of_a_project_has_a_matching_rule() -> None:
    owned = set(owned_tables())
    outside = {
        key.column.table.name
        for name in owned
        for key in table_of(name).foreign_keys
        if key.column.table.name not in owned
    }
    assert outside == set(SHARED_KEYS)


# --- Conflicts: refuse, copy, replace ------------------------------------------------


def test_a_reference_already_in_use_is_refused_and_the_file_left_byte_for_byte(
    demo_db: Database, waste_file: Path
) -> None:
    payload = read_import(waste_file)
    assert conflicting_references(demo_db, payload) == (WASTE,)
    before = sha256_of(demo_db)
    with pytest.raises(ProjectConflictError, match=f"{WASTE} already exists") as raised:
        apply_import(demo_db, payload)
    assert raised.value.references == (WASTE,)
    assert sha256_of(demo_db) == before


def test_a_copy_gets_a_new_reference_new_ids_and_the_same_content(
    demo_db: Database, waste_file: Path
) -> None:
    original = project_id(demo_db, WASTE)
    with demo_db.session() as session:
        highest = {
            name: session.scalar(select(func.max(table_of(name).c.id))) for name in owned_tables()
        }
    people = count(demo_db, Person)

    first = import_project_file(demo_db, waste_file, mode=ImportMode.COPY)
    second = import_project_file(demo_db, waste_file, mode=ImportMode.COPY)

    assert (first.references, second.references) == ((f"{WASTE}-COPY",), (f"{WASTE}-COPY2",))
    copy = without_import_entry(canonical_project_dump(demo_db, first.project_ids[0]))
    assert copy["projects"][0].pop("reference") == f"{WASTE}-COPY"
    expected = canonical_project_dump(demo_db, original)
    assert expected["projects"][0].pop("reference") == WASTE
    assert copy == expected
    assert count(demo_db, Person) == people  # matched, not duplicated
    with demo_db.session() as session:
        rows = collect_rows(session, first.project_ids)
    reused = [
        name
        for name in owned_tables()
        if any(row["id"] <= (highest[name] or 0) for row in rows.get(name, []))
    ]
    assert reused == []


def test_a_long_reference_is_shortened_to_make_room_for_the_copy_suffix(
    db: Database, make_project: MakeProject, tmp_path: Path
) -> None:
    make_project(db, reference="ABCDEFGHIJ-KLMNOPQRS")
    path = export(db, ["ABCDEFGHIJ-KLMNOPQRS"], tmp_path / "long.commission")
    result = import_project_file(db, path, mode=ImportMode.COPY)
    assert result.references == ("ABCDEFGHIJ-KLMN-COPY",)


def test_replace_backs_up_the_database_first_and_undo_redo_swap_the_versions(
    demo_db: Database, waste_file: Path
) -> None:
    waste = project_id(demo_db, WASTE)
    exported = canonical_project_dump(demo_db, waste)
    add_raid_entry(demo_db, waste, a_risk("Added after the export"))
    edited = canonical_project_dump(demo_db, waste)

    result = import_project_file(demo_db, waste_file, mode=ImportMode.REPLACE)

    assert result.backup_path is not None and result.backup_path.parent == demo_db.path.parent
    assert re.fullmatch(r"demo\.before-import-\d{8}-\d{6}\.db", result.backup_path.name)
    backup = open_database(result.backup_path, read_only=True)
    try:
        assert canonical_project_dump(backup, waste) == edited
    finally:
        backup.close()
    assert project_ids_for(demo_db, [WASTE]) == list(result.project_ids)
    assert data_of(demo_db, result.project_ids[0]) == _history_free(exported)

    undo_import(demo_db, result)
    restored = canonical_project_dump(demo_db, waste)
    assert _history_free(restored) == _history_free(edited)
    assert new_entries(restored, edited) == [REPLACED_FIELD, RESTORED_FIELD]
    again = redo_import(demo_db, result)
    assert again.backup_path is None
    assert data_of(demo_db, again.project_ids[0]) == _history_free(exported)
    assert_file_consistent(demo_db)


def new_entries(after: Dump, before: Dump) -> list[str]:
    """The fields of the audit entries ``after`` has and ``before`` has not."""
    remaining = Counter(json.dumps(entry, sort_keys=True) for entry in after.get(AUDIT, []))
    remaining.subtract(json.dumps(entry, sort_keys=True) for entry in before.get(AUDIT, []))
    return sorted(json.loads(entry)["field"] for entry in remaining.elements())


def assert_file_consistent(db: Database) -> None:
    """SQLite's own checks pass: no broken link, and the log's search index is whole."""
    db.close()
    report = check_database(db.path)
    assert report.ok, report.problems
    with contextlib.closing(sqlite3.connect(db.path)) as connection:
        connection.execute(
            "INSERT INTO communications_search(communications_search) VALUES('integrity-check')"
        )


def data_of(db: Database, project: int) -> Dump:
    return _history_free(canonical_project_dump(db, project))


def _history_free(dump: Dump) -> Dump:
    # Deleting and restoring write audit entries of their own; compare the data itself.
    return {table: rows for table, rows in dump.items() if table != AUDIT}


def test_undo_removes_the_projects_and_the_people_the_import_added(
    other_db: Database, waste_file: Path
) -> None:
    result = import_project_file(other_db, waste_file)
    assert count(other_db, Person) > 0
    undo_import(other_db, result)
    assert (count(other_db, Project), count(other_db, Person), count(other_db, Supplier)) == (
        0,
        0,
        0,
    )
    again = redo_import(other_db, result)
    assert [p.reference for p in list_projects(other_db, include_archived=True)] == [WASTE]
    assert again.record_counts == result.record_counts
    assert_file_consistent(other_db)


def test_a_fraction_with_binary_noise_travels_at_its_declared_scale(
    db: Database, other_db: Database, make_project: MakeProject, tmp_path: Path
) -> None:
    lead = add_person(db, PersonInput("Ann Jones", commissioning_fte="0.5"))
    make_project(db, lead_commissioner_id=lead)
    with db.session() as session:  # as a calculation might leave it in SQLite's REAL
        session.get_one(Person, lead).commissioning_fte = 0.1 + 0.2
    path = export(db, ["ASC-2026-01"], tmp_path / "noise.commission")
    import_project_file(other_db, path)
    with other_db.session() as session:
        assert session.scalars(select(Person.commissioning_fte)).one() == 0.3


# --- Shared records -------------------------------------------------------------------


def test_people_and_suppliers_are_matched_by_name_and_email_not_duplicated(
    db: Database, other_db: Database, make_project: MakeProject, tmp_path: Path
) -> None:
    ann = add_person(db, PersonInput(full_name="Ann Jones", email="ann@council.gov.uk"))
    bob = add_person(db, PersonInput(full_name="Bob Smith", email="bob@council.gov.uk"))
    project = make_project(db, lead_commissioner_id=ann, sponsor_id=bob)
    acme = add_supplier(db, SupplierInput(name="Acme Care Ltd"))
    add_relationship(db, project, RelationshipInput(supplier_id=acme))
    path = export(db, ["ASC-2026-01"], tmp_path / "shared.commission")
    same_ann = add_person(other_db, PersonInput("ann JONES", email="ANN@council.gov.uk"))
    other_bob = add_person(
        other_db, PersonInput(full_name="Bob Smith", email="robert@elsewhere.org")
    )
    their_acme = add_supplier(other_db, SupplierInput(name="ACME CARE LTD"))

    result = import_project_file(other_db, path)

    detail = get_project(other_db, result.project_ids[0])
    assert detail.lead_commissioner_id == same_ann
    assert detail.sponsor_id not in (None, other_bob)  # a different Bob Smith: added
    assert count(other_db, Person) == 3
    assert count(other_db, Supplier) == 1
    assert result.added_shared == (("people", detail.sponsor_id),)
    with other_db.session() as session:
        assert session.get_one(Person, same_ann).full_name == "ann JONES"  # theirs is kept
        assert session.get_one(Supplier, their_acme).name == "ACME CARE LTD"
        trail = select(AuditEntry.record_label).where(
            AuditEntry.table_name == "people", AuditEntry.field == IMPORTED_FIELD
        )
        assert list(session.scalars(trail)) == ["Bob Smith"]  # the trail says who came in


# --- Hostile files: refused whole, nothing written ------------------------------------


def _rows(documents: Documents, table: str) -> list[list[Any]]:
    return documents[f"tables/{table}.json"]["rows"]


def _set(table: str, column: str, value: Any, row: int = 0) -> Callable[[Documents], None]:
    def edit(documents: Documents) -> None:
        document = documents[f"tables/{table}.json"]
        document["rows"][row][document["columns"].index(column)] = value

    return edit


def _duplicate_row(table: str) -> Callable[[Documents], None]:
    def edit(documents: Documents) -> None:
        _rows(documents, table).append(list(_rows(documents, table)[0]))

    return edit


def _second_project_with_the_same_reference(documents: Documents) -> None:
    _duplicate_row("projects")(documents)
    _rows(documents, "projects")[-1][0] = 99_999


def _add_column(documents: Documents) -> None:
    document = documents["tables/stages.json"]
    document["columns"].append("colour")
    for row in document["rows"]:
        row.append("red")


def _drop_column(table: str, column: str) -> Callable[[Documents], None]:
    def edit(documents: Documents) -> None:
        document = documents[f"tables/{table}.json"]
        position = document["columns"].index(column)
        del document["columns"][position]
        for row in document["rows"]:
            del row[position]

    return edit


def _add_table(documents: Documents) -> None:
    documents["tables/secrets.json"] = {"columns": ["id"], "rows": [[1]]}


def _repeat_risk_reference(documents: Documents) -> None:
    document = documents["tables/raid_items.json"]
    at = document["columns"].index("reference")
    document["rows"][1][at] = document["rows"][0][at]


HOSTILE_EDITS: dict[str, tuple[Callable[[Documents], None], str]] = {
    "enum value not in the enum": (
        _set("projects", "status", "bogus"),
        'tables/projects.json row 1: status "bogus" is not one of: ',
    ),
    "string over its column length": (
        _set("projects", "name", "x" * 201),
        "tables/projects.json row 1: name is 201 characters long; at most 200 fit",
    ),
    "dangling foreign key": (
        _set("stages", "project_id", 424_242),
        "tables/stages.json row 1: project_id 424242 refers to a row of projects that is "
        "not in the file",
    ),
    "duplicate primary key": (_duplicate_row("stages"), "tables/stages.json row 6: id"),
    "duplicate project references": (
        _second_project_with_the_same_reference,
        f"tables/projects.json row 2: the reference {WASTE} appears twice",
    ),
    "unknown table": (_add_table, "'tables/secrets.json', which is not a table"),
    "unknown column": (_add_column, "tables/stages.json: unknown column 'colour' in stages"),
    "missing required column": (
        _drop_column("projects", "reference"),
        "tables/projects.json: the column reference is missing",
    ),
    "check constraint": (
        _set("raid_items", "inherent_likelihood", 9),
        "tables/raid_items.json row 1: breaks the rule 'inherent_likelihood IS NULL OR "
        "inherent_likelihood BETWEEN 1 AND 5'",
    ),
    "unique constraint": (
        _repeat_risk_reference,
        "tables/raid_items.json row 2: repeats a value of project_id, reference that must "
        "be unique",
    ),
    "text where a number belongs": (
        _set("stages", "sequence", "two"),
        'tables/stages.json row 1: sequence "two" is not a whole number',
    ),
    "date in the wrong form": (
        _set("stages", "planned_start", "31/12/2026"),
        'tables/stages.json row 1: planned_start "31/12/2026" is not a date (YYYY-MM-DD)',
    ),
    "lone surrogate in text": (
        _set("projects", "name", "\ud800"),
        "tables/projects.json row 1: name is not valid Unicode text",
    ),
    "history of a project not in the file": (
        _set(AUDIT, "project_id", 31_337),
        "tables/audit_entries.json row 1: project_id 31337 is not a project in the file",
    ),
    "reference in lower case": (
        _set("projects", "reference", "wst-2023-01"),
        "tables/projects.json row 1: the reference 'wst-2023-01' is not 2–20 capital letters",
    ),
    "reference the manifest does not list": (
        _set("projects", "reference", "NEW-2026-99"),
        f"the manifest lists {WASTE} but the file holds NEW-2026-99",
    ),
}


def edited_file(source: Path, target: Path, edit: Callable[[Documents], None]) -> Path:
    """``source`` with its JSON edited and written again with fresh, valid checksums."""
    content = read_project_file(source)
    documents = {name: json.loads(data) for name, data in content.parts.items()}
    edit(documents)
    parts = {name: json.dumps(doc).encode("ascii") for name, doc in documents.items()}
    manifest = content.manifest
    info = ManifestInfo(
        created_by=manifest.created_by,
        schema_revision=manifest.schema_revision,
        projects=manifest.projects,
    )
    write_project_file(target, parts, info)
    return target


@pytest.mark.parametrize("case", HOSTILE_EDITS)
def test_an_edited_file_is_refused_with_a_clear_message_and_nothing_written(
    case: str, db: Database, waste_file: Path, tmp_path: Path
) -> None:
    edit, message = HOSTILE_EDITS[case]
    path = edited_file(waste_file, tmp_path / "edited.commission", edit)
    before = sha256_of(db)
    with pytest.raises(ProjectImportError) as refused:
        import_project_file(db, path)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert sha256_of(db) == before


def test_a_refused_replace_deletes_nothing_and_makes_no_backup(
    demo_db: Database, waste_file: Path, tmp_path: Path
) -> None:
    path = edited_file(
        waste_file, tmp_path / "bad.commission", _set("raid_items", "inherent_likelihood", 9)
    )
    before = sha256_of(demo_db)
    with pytest.raises(ProjectImportError, match="breaks the rule"):
        import_project_file(demo_db, path, mode=ImportMode.REPLACE)
    assert sha256_of(demo_db) == before
    assert list(demo_db.path.parent.glob("*before-import*")) == []


def test_a_file_from_an_older_minor_version_takes_defaults_for_missing_columns(
    db: Database, waste_file: Path, tmp_path: Path
) -> None:
    path = edited_file(waste_file, tmp_path / "older.commission", _drop_column("stages", "notes"))
    result = import_project_file(db, path)
    with db.session() as session:
        rows = collect_rows(session, result.project_ids)
    assert [stage["notes"] for stage in rows["stages"]] == [""] * 5


# --- Scale ------------------------------------------------------------------------------


def test_a_large_project_exports_and_imports_in_a_couple_of_seconds(
    tmp_path: Path, empty_portfolio_file: Path
) -> None:
    from benchmarks.pack_data import LARGE, LARGE_REFERENCE, fill_pack_file

    fill_pack_file(tmp_path / "large.db", [(LARGE_REFERENCE, LARGE)], team=True)
    shutil.copyfile(empty_portfolio_file, tmp_path / "target.db")
    source = open_database(tmp_path / "large.db", actor="tester")
    target = open_database(tmp_path / "target.db", actor="tester")
    try:
        started = time.perf_counter()
        export(source, [LARGE_REFERENCE], tmp_path / "large.commission")
        exported = time.perf_counter()
        result: ImportResult = import_project_file(target, tmp_path / "large.commission")
        imported = time.perf_counter()
        assert count(target, RaidItem) == count(source, RaidItem) >= 500
        assert count(target, CommunicationEntry) == 2_000
        assert result.record_counts[0] > 8_000
    finally:
        source.close()
        target.close()
    assert exported - started < 3.0
    assert imported - exported < 3.0


def test_the_dump_names_the_project_itself_and_leaves_ids_out(demo_db: Database) -> None:
    dump = canonical_project_dump(demo_db, project_id(demo_db, WASTE))
    assert all("id" not in row for rows in dump.values() for row in rows)
    assert {row["project_id"] for row in dump["stages"]} == {THIS_PROJECT}
