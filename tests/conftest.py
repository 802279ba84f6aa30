"""Shared fixtures: a fresh database per test and a quick way to add a valid project."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.storage import Database, open_database

MakeProject = Callable[..., int]


@pytest.fixture(scope="session")
def empty_portfolio_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new file migrated once per run; tests get copies (migrating takes ~0.4 s)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_database(path, actor="tester").close()
    return path


@pytest.fixture
def db(tmp_path: Path, empty_portfolio_file: Path) -> Iterator[Database]:
    """A new, empty Commissioner file opened by the user 'tester'."""
    path = tmp_path / "portfolio.db"
    shutil.copyfile(empty_portfolio_file, path)
    database = open_database(path, actor="tester")
    yield database
    database.close()


@pytest.fixture
def project_form() -> Callable[..., ProjectInput]:
    """Build a valid project form; keyword arguments replace its fields."""

    def build(**overrides: Any) -> ProjectInput:
        fields: dict[str, Any] = {
            "reference": "ASC-2026-01",
            "name": "Home care framework",
            "service_area": "Adult social care",
            "approved_budget": "£1,250,000",
            "start_date": "01/04/2026",
            "end_date": "31/03/2028",
        }
        fields.update(overrides)
        return ProjectInput(**fields)

    return build


@pytest.fixture
def make_project(project_form: Callable[..., ProjectInput]) -> MakeProject:
    """Create a valid project through the service; returns its id.

    Each call gets its own reference unless one is given.
    """
    numbers = itertools.count(1)

    def make(db: Database, **overrides: Any) -> int:
        overrides.setdefault("reference", f"ASC-2026-{next(numbers):02d}")
        return create_project(db, project_form(**overrides))

    return make


#: The day the shared demo portfolio is built as of, so its references and dates are fixed.
DEMO_DAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="session")
def demo_portfolio_file(
    tmp_path_factory: pytest.TempPathFactory, empty_portfolio_file: Path
) -> Path:
    """The demo portfolio built once per run as of DEMO_DAY; tests get copies."""
    from commissioner.services.demo import build_demo_portfolio

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(empty_portfolio_file, path)
    database = open_database(path, actor="tester")
    build_demo_portfolio(database, today=DEMO_DAY)
    database.close()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_portfolio_file: Path) -> Iterator[Database]:
    """A copy of the demo portfolio (as of DEMO_DAY), opened by the user 'tester'."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_portfolio_file, path)
    database = open_database(path, actor="tester")
    yield database
    database.close()
