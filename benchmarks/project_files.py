"""Project files at scale: exporting and importing the large benchmark project.

Each step is the median of three runs, set beside a floor measured in the same run: the
cheapest way the machine could move the same data. For writing, a raw ``SELECT *`` of
every table the file holds, ``json.dumps`` and ``zipfile`` (plus scrypt and AES-GCM from
``cryptography`` when protected); for reading, ``zipfile`` and ``json.loads`` of the same
parts (after scrypt and AES-GCM when protected); for importing and undoing, sqlite3's
backup of the whole source file.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from benchmarks.pack_data import LARGE, LARGE_REFERENCE, fill_pack_file
from benchmarks.timing import median_seconds, report
from commissioner.services.project_export import export_projects, project_ids_for, project_parts
from commissioner.services.project_import import apply_import, read_import, undo_import
from commissioner.services.project_rows import records_per_project
from commissioner.storage import open_database

REPEATS = 3
PASSWORD = "correct horse battery staple"


def raw_tables(path: Path, tables: list[str]) -> dict[str, bytes]:
    """The floor's documents: every row of each table, straight from sqlite3 into JSON."""
    documents = {}
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')  # our own table names
            columns = [column[0] for column in cursor.description]
            rows = [list(row) for row in cursor]
            documents[table] = json.dumps({"columns": columns, "rows": rows}, default=str).encode()
    return documents


def zipped(documents: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in documents.items():
            archive.writestr(f"tables/{name}.json", content)
    return buffer.getvalue()


def _key(salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(PASSWORD.encode())


def sealed(plain: bytes, salt: bytes = b"0" * 16, nonce: bytes = b"0" * 12) -> bytes:
    return AESGCM(_key(salt)).encrypt(nonce, plain, b"header")


def write_floor(
    path: Path, tables: list[str], target: Path, *, protect: bool
) -> Callable[[], None]:
    def run() -> None:
        content = zipped(raw_tables(path, tables))
        target.write_bytes(sealed(content) if protect else content)

    return run


def read_floor(source: Path, *, protect: bool) -> Callable[[], None]:
    content = source.read_bytes()
    locked = sealed(content)

    def run() -> None:
        plain = AESGCM(_key(b"0" * 16)).decrypt(b"0" * 12, locked, b"header") if protect else None
        with zipfile.ZipFile(io.BytesIO(plain) if protect else source) as archive:
            for member in archive.infolist():
                json.loads(archive.read(member))

    return run


def backup_floor(source: Path, target: Path) -> Callable[[], None]:
    def run() -> None:
        target.unlink(missing_ok=True)
        with (
            contextlib.closing(sqlite3.connect(source)) as reading,
            contextlib.closing(sqlite3.connect(target)) as writing,
        ):
            reading.backup(writing)

    return run


def bench_export(source: Path, folder: Path) -> tuple[Path, Path]:
    db = open_database(source, actor="benchmark")
    try:
        ids = project_ids_for(db, [LARGE_REFERENCE])
        parts, rows = project_parts(db, ids)
        tables = sorted(rows)
        plain, locked = folder / "large.commission", folder / "locked.commission"
        floor = folder / "floor.zip"
        print(
            f"The project holds {records_per_project(rows)[0]:,} records in {len(tables)} "
            f"tables: {sum(map(len, parts.values())) / 2**20:.1f} MB of JSON "
            f"(the database file is {source.stat().st_size / 2**20:.1f} MB)\n"
        )
        report(
            "export_projects, plain",
            median_seconds(lambda: export_projects(db, ids, plain), REPEATS),
            median_seconds(write_floor(source, tables, floor, protect=False), REPEATS),
            "SELECT * + json + zip",
        )
        report(
            "export_projects, with a password",
            median_seconds(lambda: export_projects(db, ids, locked, password=PASSWORD), REPEATS),
            median_seconds(write_floor(source, tables, floor, protect=True), REPEATS),
            "… + scrypt + AES-GCM",
        )
    finally:
        db.close()
    return plain, locked


def bench_import(source: Path, plain: Path, locked: Path, empty: Path, folder: Path) -> None:
    report(
        "read_import (read and check everything), plain",
        median_seconds(lambda: read_import(plain), REPEATS),
        median_seconds(read_floor(plain, protect=False), REPEATS),
        "zipfile + json.loads",
    )
    report(
        "read_import, with a password",
        median_seconds(lambda: read_import(locked, password=PASSWORD), REPEATS),
        median_seconds(read_floor(plain, protect=True), REPEATS),
        "scrypt + AES-GCM + …",
    )
    payload = read_import(plain)
    applied, undone = [], []
    for run in range(REPEATS):
        target = folder / f"into-{run}.db"
        shutil.copyfile(empty, target)
        db = open_database(target, actor="benchmark")
        started = time.perf_counter()
        result = apply_import(db, payload)
        applied.append(time.perf_counter() - started)
        started = time.perf_counter()
        undo_import(db, result)
        undone.append(time.perf_counter() - started)
        db.close()
    floor = median_seconds(backup_floor(source, folder / "backup.db"), REPEATS)
    report(
        "apply_import into an empty database",
        statistics.median(applied),
        floor,
        "sqlite3 backup of the whole file",
    )
    report("undo_import", statistics.median(undone), floor, "sqlite3 backup of the whole file")


def run() -> None:
    """Build the large project, then report each step beside its floor, and the file sizes."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source, empty = folder / "large.db", folder / "empty.db"
        started = time.perf_counter()
        fill_pack_file(source, [(LARGE_REFERENCE, LARGE)], team=True)
        open_database(empty, actor="benchmark").close()
        print(
            f"Built the large project ({LARGE.risks} risks, {LARGE.log_entries:,} log entries, "
            f"{LARGE.cost_months} months × {LARGE.cost_lines} cost lines, {LARGE.kpis} KPIs, "
            f"team) in {time.perf_counter() - started:.1f} s"
        )
        plain, locked = bench_export(source, folder)
        bench_import(source, plain, locked, empty, folder)
        floor = folder / "floor.zip"
        write_floor(source, sorted(read_import(plain).tables), floor, protect=False)()
        print(
            f"\nFile size: {plain.stat().st_size:,} bytes plain, "
            f"{locked.stat().st_size:,} bytes with a password "
            f"(the floor's zip of the raw JSON: {floor.stat().st_size:,} bytes)"
        )


if __name__ == "__main__":
    run()
