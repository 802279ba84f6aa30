"""Run every benchmark and print each figure beside the floor measured in the same run.

Benchmarks are not tests: they never fail the build, they report. Each measure is
the median of several runs, and each is set against the cheapest way the machine
could possibly do the same work (raw sqlite3; plain reportlab for packs), so that
figures from different machines can be compared as ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert

from benchmarks import communications_log, costs, packs, project_files, risk_register
from benchmarks.timing import median_seconds, report
from commissioner.models import AuditEntry, Project, Stage
from commissioner.models.enums import AuditAction, StageKind
from commissioner.services.audit_trail import AuditFilter, fetch_audit_entries
from commissioner.services.projects import list_projects
from commissioner.storage import open_database


def fill_portfolio(path: Path, projects: int, audit_entries: int) -> None:
    """A large portfolio written with bulk Core inserts (no per-row ORM objects)."""
    db = open_database(path, actor="benchmark")
    with db.session() as session:
        session.execute(
            insert(Project),
            [
                {
                    "reference": f"BEN-{number:05d}",
                    "name": f"Benchmark project {number}",
                    "service_area": "Corporate services",
                    "description": "",
                    "approved_budget_pence": 100_000 * number + 1,
                }
                for number in range(1, projects + 1)
            ],
        )
        session.execute(
            insert(Stage),
            [
                {"project_id": project, "kind": kind, "sequence": kind.sequence, "notes": ""}
                for project in range(1, projects + 1)
                for kind in StageKind
            ],
        )
        now = dt.datetime(2026, 1, 1)
        session.execute(
            insert(AuditEntry),
            [
                {
                    "occurred_at": now,
                    "actor": "benchmark",
                    "action": AuditAction.UPDATE,
                    "table_name": "projects",
                    "record_id": 1 + number % projects,
                    "record_label": f"BEN-{1 + number % projects:05d}",
                    "project_id": 1 + number % projects,
                    "field": "name",
                    "old_value": f"old {number}",
                    "new_value": f"new {number}",
                }
                for number in range(audit_entries)
            ],
        )
    db.close()


def bench_portfolio(path: Path, projects: int) -> None:
    db = open_database(path, actor="benchmark")

    def raw() -> None:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute(
                "SELECT p.id, p.reference, p.name, p.service_area, p.current_stage, p.status,"
                " p.approved_budget_pence, p.archived_at FROM projects p ORDER BY p.reference"
            ).fetchall()

    report(
        f"portfolio list, {projects:,} projects",
        median_seconds(lambda: list_projects(db)),
        median_seconds(raw),
        "raw sqlite3 select",
    )
    report(
        "open the file (checks, pragmas) and list the portfolio",
        median_seconds(lambda: list_projects(open_database(path, actor="benchmark")), 5),
        median_seconds(raw),
        "raw sqlite3 select",
    )
    db.close()


def bench_audit_page(path: Path, entries: int) -> None:
    db = open_database(path, actor="benchmark")

    def raw(text: str) -> Callable[[], object]:
        def run() -> None:
            with contextlib.closing(sqlite3.connect(path)) as connection:
                connection.execute(
                    "SELECT * FROM audit_entries WHERE project_id = 1 AND new_value LIKE ?"
                    " ORDER BY id DESC LIMIT 200",
                    (f"%{text}%",),
                ).fetchall()

        return run

    page = AuditFilter(project_id=1)
    report(
        f"audit trail first page, one project of {entries:,} entries",
        median_seconds(lambda: fetch_audit_entries(db, page, offset=0, limit=200)),
        median_seconds(raw("")),
        "raw sqlite3 select",
    )
    filtered = AuditFilter(project_id=1, text="new 99")
    report(
        "audit trail first page, filtered by text",
        median_seconds(lambda: fetch_audit_entries(db, filtered, offset=0, limit=200)),
        median_seconds(raw("new 99")),
        "raw sqlite3 LIKE",
    )
    db.close()


GROUPS = ("portfolio", "risks", "log", "costs", "packs", "files")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--projects", type=int, default=2_000)
    parser.add_argument("--audit-entries", type=int, default=200_000)
    parser.add_argument("--only", choices=GROUPS, help="run one group of benchmarks")
    args = parser.parse_args()
    groups: dict[str, Callable[[], None]] = {
        "portfolio": lambda: run_portfolio(args.projects, args.audit_entries),
        "risks": risk_register.run,
        "log": communications_log.run,
        "costs": costs.run,
        "packs": packs.run,
        "files": project_files.run,
    }
    for number, name in enumerate([args.only] if args.only else GROUPS):
        if number:
            print()
        groups[name]()


def run_portfolio(projects: int, audit_entries: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        start = time.perf_counter()
        fill_portfolio(path, projects, audit_entries)
        print(
            f"Built a portfolio of {projects:,} projects and {audit_entries:,} "
            f"audit entries in {time.perf_counter() - start:.1f} s\n"
        )
        bench_portfolio(path, projects)
        bench_audit_page(path, audit_entries)


if __name__ == "__main__":
    main()
