"""The demo portfolio the section builders are tested on, shared by a module's tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from commissioner.storage import Database, open_database


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_portfolio_file: Path) -> Iterator[Database]:
    """A copy of the demo portfolio (as of DEMO_DAY) for a module's tests, which only read."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(demo_portfolio_file, path)
    database = open_database(path, actor="tester")
    yield database
    database.close()
