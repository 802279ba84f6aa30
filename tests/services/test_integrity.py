"""The `check` use case reports what is wrong with a file without changing it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from commissioner.services.integrity import check_database
from commissioner.storage import open_database
from commissioner.storage.migrations_runner import head_revision

MakeProject = Callable[..., int]


def _portfolio(tmp_path: Path, make_project: MakeProject, projects: int = 2) -> Path:
    path = tmp_path / "portfolio.db"
    db = open_database(path, actor="tester")
    for _ in range(projects):
        make_project(db)
    db.close()
    return path


def test_a_sound_file_is_reported_ok(tmp_path: Path, make_project: MakeProject) -> None:
    path = _portfolio(tmp_path, make_project, projects=2)
    before = path.read_bytes()

    report = check_database(path)

    assert report.ok, report.problems
    assert (report.projects, report.schema_revision) == (2, head_revision())
    assert path.read_bytes() == before


def test_broken_links_between_records_are_reported(
    tmp_path: Path, make_project: MakeProject
) -> None:
    path = _portfolio(tmp_path, make_project, projects=1)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(
            "INSERT INTO delivery_confidence_assessments "
            "(project_id, assessed_on, rating, rationale, assessed_by) "
            "VALUES (999, '2026-05-01', 'amber', '', '')"
        )
        connection.commit()
    before = path.read_bytes()

    report = check_database(path)

    assert not report.ok
    assert len(report.problems) == 1
    assert report.problems[0].startswith("Broken link: delivery_confidence_assessments row 1")
    assert report.projects == 1
    assert path.read_bytes() == before


def test_many_broken_links_are_summarised(tmp_path: Path, make_project: MakeProject) -> None:
    path = _portfolio(tmp_path, make_project, projects=1)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.executemany(
            "INSERT INTO delivery_confidence_assessments "
            "(project_id, assessed_on, rating, rationale, assessed_by) "
            "VALUES (?, '2026-05-01', 'amber', '', '')",
            [(1000 + number,) for number in range(25)],
        )
        connection.commit()

    report = check_database(path)

    assert len(report.problems) == 21
    assert report.problems[-1] == "… and 5 more broken links."


def test_a_garbage_file_is_reported_damaged(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)
    before = path.read_bytes()

    report = check_database(path)

    assert not report.ok
    assert "damaged" in report.problems[0]
    assert path.read_bytes() == before


def test_a_text_file_is_reported_as_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Meeting notes\n", encoding="utf-8")

    report = check_database(path)

    assert len(report.problems) == 1
    assert "not a Commissioner database" in report.problems[0]
    assert path.read_text(encoding="utf-8") == "Meeting notes\n"


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"

    report = check_database(path)

    assert not report.ok
    assert "does not exist" in report.problems[0]
    assert not path.exists()


def test_an_empty_file_is_reported_as_holding_no_data(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.db"
    path.touch()

    report = check_database(path)

    assert report.problems == ["portfolio.db is empty: it holds no Commissioner data."]
    assert path.read_bytes() == b""


def test_a_file_from_a_newer_version_is_reported(tmp_path: Path, make_project: MakeProject) -> None:
    path = _portfolio(tmp_path, make_project, projects=1)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()

    report = check_database(path)

    assert report.problems == ["Written by a newer version of Commissioner (schema 9999)."]
