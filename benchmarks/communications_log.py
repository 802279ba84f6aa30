"""The communications log at scale: 1,000,000 entries across 50 projects.

Times what the log view does on opening (count plus the newest page) and on a search,
each beside the same SELECT in raw sqlite3 on the same file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from benchmarks.timing import median_seconds, report
from commissioner.models import CommunicationEntry, Project
from commissioner.models.enums import CommunicationType, Direction
from commissioner.services.communications import LogFilter, count_log, fetch_log
from commissioner.storage import open_database

PROJECTS = 50
ENTRIES = 1_000_000
CHUNK = 100_000
PAGE = 200
_SUBJECTS = (
    "Contract review meeting",
    "Invoice query",
    "TUPE information request",
    "Residents' drop-in session",
    "Mobilisation check-point",
    "Call about missed collections",
)


def fill_log(path: Path) -> None:
    db = open_database(path, actor="benchmark")
    start = dt.datetime(2022, 1, 1, 9, 0)
    types = list(CommunicationType)
    with db.session() as session:
        session.execute(
            insert(Project),
            [
                {
                    "reference": f"LOG-{n:03d}",
                    "name": f"Project {n}",
                    "service_area": "Care",
                    "description": "",
                }
                for n in range(1, PROJECTS + 1)
            ],
        )
        for first in range(0, ENTRIES, CHUNK):
            session.execute(
                insert(CommunicationEntry),
                [
                    {
                        "project_id": 1 + n % PROJECTS,
                        "occurred_at": start + dt.timedelta(minutes=n),
                        "communication_type": types[n % len(types)],
                        "formal": n % 3 == 0,
                        "direction": Direction.TWO_WAY,
                        "subject": f"{_SUBJECTS[n % len(_SUBJECTS)]} {n}",
                        "summary": "Agreed next steps on staffing and handover"
                        if n % 97 == 0
                        else "Routine update",
                        "attachments": "",
                    }
                    for n in range(first, first + CHUNK)
                ],
            )
    db.close()


def _raw(path: Path, sql: str, *parameters: object) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(sql, parameters).fetchall()


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.db"
        started = time.perf_counter()
        fill_log(path)
        print(
            f"Built a log of {ENTRIES:,} entries across {PROJECTS} projects "
            f"(full-text index kept by triggers) in {time.perf_counter() - started:.1f} s\n"
        )
        db = open_database(path, actor="benchmark")
        page_sql = (
            "SELECT id, occurred_at, subject FROM communications WHERE project_id = ? "
            "ORDER BY occurred_at DESC, id DESC LIMIT 200"
        )

        def open_view(text: str = "") -> None:
            log_filter = LogFilter(project_id=7, text=text)
            count_log(db, log_filter)
            fetch_log(db, log_filter, offset=0, limit=PAGE)

        report(
            "log opens on one project (20,000 entries)",
            median_seconds(open_view),
            median_seconds(lambda: _raw(path, page_sql, 7)),
            "raw sqlite3 page",
        )
        search_sql = (
            "SELECT id, subject FROM communications WHERE project_id = ? AND id IN "
            "(SELECT rowid FROM communications_search WHERE communications_search MATCH ?) "
            "ORDER BY occurred_at DESC LIMIT 200"
        )
        report(
            "full-text search 'handover' in one project",
            median_seconds(lambda: open_view("handover")),
            median_seconds(lambda: _raw(path, search_sql, 7, '"handover"*')),
            "raw FTS5 MATCH",
        )
        db.close()
