"""Hostile project files against a real database: each refused, the database untouched.

The container tests (tests/io) show each file is refused; these show the refusal comes
before any write, by comparing the database file's bytes before and after.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from commissioner.errors import CommissionerError
from commissioner.services.project_export import export_projects, project_ids_for
from commissioner.services.project_import import ImportMode, import_project_file
from commissioner.storage import Database, open_database
from tests.io import hostile_files as hostile

PASSWORD = "correct horse battery staple"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, demo_portfolio_file: Path) -> dict:
    """A real export of the waste project, plain and protected."""
    folder = tmp_path_factory.mktemp("exports")
    db = open_database(demo_portfolio_file, actor="tester", read_only=True)
    try:
        ids = project_ids_for(db, ["WST-2023-01"])
        export_projects(db, ids, folder / "plain.commission")
        export_projects(db, ids, folder / "locked.commission", password=PASSWORD)
    finally:
        db.close()
    return {
        "plain": (folder / "plain.commission").read_bytes(),
        "locked": (folder / "locked.commission").read_bytes(),
    }


def rewritten(plain: bytes, change: Callable[[str, bytes], tuple[str, bytes]]) -> bytes:
    """The export with each member passed through `change` (checksums left as they were)."""
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name, data = change(info.filename, source.read(info))
            target.writestr(name, data)
    return out.getvalue()


def edited_risks(name: str, data: bytes) -> tuple[str, bytes]:
    if name == "tables/raid_items.json":
        edited = data.replace(b'"R-0', b'"R-9', 1)
        assert edited != data and len(edited) == len(data)
        return name, edited
    return name, data


def newer_major(name: str, data: bytes) -> tuple[str, bytes]:
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["format_version"] = "2.0"
        return name, json.dumps(manifest).encode()
    return name, data


def escaping(name: str, data: bytes) -> tuple[str, bytes]:
    return ("../" + name if name.startswith("tables/") else name), data


def flipped_byte(data: bytes) -> bytes:
    return data[:-40] + bytes([data[-40] ^ 0x01]) + data[-39:]


CASES: dict[str, tuple[Callable[[dict], bytes], str | None, str]] = {
    "truncated": (lambda e: e["plain"][: len(e["plain"]) // 2], None, "damaged"),
    "wrong checksum": (lambda e: rewritten(e["plain"], edited_risks), None, "checksum"),
    "newer major version": (lambda e: rewritten(e["plain"], newer_major), None, "2.0"),
    "../ names": (lambda e: rewritten(e["plain"], escaping), None, ".."),
    "huge member": (lambda _e: hostile.zip_bomb(), None, ""),
    "not a project file": (lambda _e: hostile.a_pdf(), None, ""),
    "wrong password": (lambda e: e["locked"], "not the password", "password"),
    "no password given": (lambda e: e["locked"], None, "password"),
    "flipped ciphertext byte": (lambda e: flipped_byte(e["locked"]), PASSWORD, "altered"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_refused_and_the_database_left_byte_for_byte(
    case: str, exports: dict, tmp_path: Path, demo_portfolio_file: Path
) -> None:
    build, password, words = CASES[case]
    file = tmp_path / "hostile.commission"
    file.write_bytes(build(exports))
    target = tmp_path / "target.db"
    target.write_bytes(demo_portfolio_file.read_bytes())
    before = digest(target)
    db: Database = open_database(target, actor="tester")
    try:
        for mode in (ImportMode.REFUSE, ImportMode.REPLACE):
            with pytest.raises(CommissionerError) as refused:
                import_project_file(db, file, mode=mode, password=password)
            message = str(refused.value)
            assert message and "\n" not in message
            assert words.lower() in message.lower(), message
    finally:
        db.close()
    assert digest(target) == before
    assert not list(tmp_path.glob("*.before-import-*"))


def test_the_unharmed_export_does_import(exports: dict, tmp_path: Path, db: Database) -> None:
    file = tmp_path / "good.commission"
    file.write_bytes(exports["locked"])
    result = import_project_file(db, file, password=PASSWORD)
    assert result.references == ("WST-2023-01",)


def test_the_file_says_who_exported_it_and_when(demo_db: Database, tmp_path: Path) -> None:
    from commissioner.services.project_import import read_import

    file = tmp_path / "waste.commission"
    export_projects(demo_db, project_ids_for(demo_db, ["WST-2023-01"]), file)
    payload = read_import(file)
    assert payload.exported_by == "tester"
    assert payload.exported_at is not None
