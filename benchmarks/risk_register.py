"""The RAID register at scale: 100,000 risks across 50 projects.

Times the register model opening (count plus first page) on one project, on a text
filter and on a band filter, each beside the same SELECT run in raw sqlite3.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.timing import median_seconds, report
from commissioner.models import Project, RaidItem, RiskAssessment, RiskCategory
from commissioner.models.enums import RaidKind, RaidStatus
from commissioner.services.risk_register import LIVE_STATUSES, RegisterFilter
from commissioner.services.risk_settings import load_risk_settings
from commissioner.storage import Database, open_database

PROJECTS = 50
RISKS = 100_000
PAGE = 200
_WORDS = ("bidders", "TUPE", "budget", "handover", "specification", "data", "partner")


def fill_register(path: Path, projects: int = PROJECTS, entries: int = RISKS) -> None:
    """Projects and risks (each with one assessment) written with bulk Core inserts."""
    db = open_database(path, actor="benchmark")
    with db.session() as session:
        session.execute(
            insert(Project),
            [
                {"reference": f"RSK-{n:03d}", "name": f"Project {n}", "service_area": "Care",
                 "description": "", "approved_budget_pence": 100_000}
                for n in range(1, projects + 1)
            ],
        )  # fmt: skip
        categories = list(session.scalars(select(RiskCategory.id)))
        today = dt.date(2026, 6, 1)
        rows = [_risk(n, projects, categories, today) for n in range(entries)]
        session.execute(insert(RaidItem), rows)
        session.execute(
            insert(RiskAssessment),
            [
                {"item_id": n + 1, "assessed_on": today - dt.timedelta(days=90),
                 "residual_likelihood": 3, "residual_impact": 3, "note": ""}
                for n in range(entries)
            ],
        )  # fmt: skip
    db.close()


def _risk(n: int, projects: int, categories: list[int], today: dt.date) -> dict[str, object]:
    per_project = n // projects + 1
    return {
        "project_id": n % projects + 1,
        "kind": RaidKind.RISK,
        "reference": f"R-{per_project:04d}",
        "title": f"Risk {n} about {_WORDS[n % len(_WORDS)]}",
        "owner": f"Officer {n % 37}",
        "category_id": categories[n % len(categories)],
        "inherent_likelihood": 1 + n % 5, "inherent_impact": 1 + (n // 5) % 5,
        "residual_likelihood": 1 + (n // 3) % 5, "residual_impact": 1 + (n // 7) % 5,
        "status": LIVE_STATUSES[n % 3] if n % 10 else RaidStatus.CLOSED,
        "closed_on": None if n % 10 else today,
        "next_review_on": today + dt.timedelta(days=n % 120 - 30),
        "raised_on": today - dt.timedelta(days=n % 400),
    }  # fmt: skip


def _raw(path: Path, where: str, *parameters: object) -> Callable[[], None]:
    sql = (
        "SELECT r.id, r.reference, r.title, r.owner, r.status, r.residual_likelihood,"
        " r.residual_impact, c.tolerance_score FROM raid_items r"
        " LEFT JOIN risk_categories c ON c.id = r.category_id"
        f" WHERE r.project_id = 7 AND r.status != 'closed' {where}"
        f" ORDER BY r.residual_likelihood * r.residual_impact DESC LIMIT {PAGE}"
    )

    def run() -> None:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute(sql, parameters).fetchall()

    return run


def _open_model(db: Database, register: RegisterFilter) -> Callable[[], object]:
    from commissioner.ui.risk_register_model import RiskRegisterModel

    settings = load_risk_settings(db)
    return lambda: RiskRegisterModel(db, settings, register)


def run() -> None:
    """Build the register, then report each measure beside its raw sqlite3 floor."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "risks.db"
        start = time.perf_counter()
        fill_register(path)
        print(
            f"Built {RISKS:,} risks across {PROJECTS} projects "
            f"in {time.perf_counter() - start:.1f} s\n"
        )
        db = open_database(path, actor="benchmark")
        base = RegisterFilter(
            project_id=7, statuses=LIVE_STATUSES, sort="residual", descending=True,
            today=dt.date(2026, 6, 1), movement_since=dt.date(2026, 3, 1),
        )  # fmt: skip
        cases = (
            ("risk register opens on one project", base, _raw(path, "")),
            (
                "risk register, typed filter 'handover'",
                replace(base, text="handover"),
                _raw(path, "AND r.title LIKE ?", "%handover%"),
            ),
            (
                "risk register, band filter 'Critical'",
                replace(base, band="Critical"),
                _raw(path, "AND r.residual_likelihood * r.residual_impact BETWEEN 16 AND 25"),
            ),
        )
        for title, register, raw in cases:
            report(
                title,
                median_seconds(_open_model(db, register)),
                median_seconds(raw),
                "raw sqlite3 select",
            )
        db.close()


if __name__ == "__main__":
    run()
