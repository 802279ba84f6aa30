"""The `commissioner export` and `commissioner import` verbs: project files from a script.

Wired into ``commissioner.cli`` by ``add_export_parser(verbs)``/``add_import_parser(verbs)``
and the verb table entries ``"export": run_export`` and ``"import": run_import``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from commissioner.errors import CommissionerError

if TYPE_CHECKING:
    from commissioner.services.project_import import ImportResult, ProjectPayload

EXIT_OK = 0
#: A long project name is cut here in the one-line report.
_NAME_WIDTH = 40


def add_export_parser(verbs: argparse._SubParsersAction) -> None:
    """Add `export` and its arguments to the command line's sub-parsers."""
    verb = verbs.add_parser(
        "export",
        help="export projects to a .commission project file",
        description="Write one or more projects, with everything they hold and their audit "
        "trail, to a project file a colleague can import.",
    )
    verb.add_argument("--db", type=Path, default=None, help="database file")
    verb.add_argument(
        "--project",
        action="append",
        required=True,
        metavar="REF",
        help="a project's reference (repeat for several projects)",
    )
    verb.add_argument(
        "--out", type=Path, required=True, metavar="FILE.commission", help="where to save"
    )
    _add_password_file(verb, "protect the file with the password on the first line of F")


def add_import_parser(verbs: argparse._SubParsersAction) -> None:
    """Add `import` and its arguments to the command line's sub-parsers."""
    verb = verbs.add_parser(
        "import",
        help="import the projects of a .commission project file",
        description="Check a project file whole, then import its projects in one step. "
        "A project whose reference is already in the database is refused unless "
        "--as-copy or --replace says what to do.",
    )
    verb.add_argument(
        "--db", type=Path, default=None, help="database file (created if it does not exist)"
    )
    verb.add_argument("file", type=Path, metavar="FILE", help="the project file to import")
    conflict = verb.add_mutually_exclusive_group()
    conflict.add_argument(
        "--as-copy",
        dest="as_copy",
        action="store_true",
        help="import a project whose reference exists under a new reference (REF-COPY)",
    )
    conflict.add_argument(
        "--replace",
        action="store_true",
        help="replace a project whose reference exists, after backing up the database",
    )
    _add_password_file(verb, "the password is on the first line of F")


def _add_password_file(verb: argparse.ArgumentParser, text: str) -> None:
    verb.add_argument("--password-file", dest="password_file", type=Path, metavar="F", help=text)


def read_password(path: Path | None) -> str | None:
    """The first line of the password file (without its line ending), or None without one."""
    if path is None:
        return None
    try:
        with path.open(encoding="utf-8") as handle:
            password = handle.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise CommissionerError(f"cannot read the password file {path}: {reason}") from None
    if not password:
        raise CommissionerError(
            f"the password file {path} is empty: put the password on its first line"
        )
    return password


def _described(reference: str, name: str, count: int) -> str:
    short = name if len(name) <= _NAME_WIDTH else name[: _NAME_WIDTH - 1].rstrip() + "…"
    return f"{reference} ({short}) with {count:,} records"


def _check_target(target: Path, extension: str) -> None:
    if target.suffix.lower() != extension:
        raise CommissionerError(
            f"a project file ends {extension}: give --out a name like "
            f"{target.stem}{extension}, not {target.name}"
        )
    if not target.parent.is_dir():
        raise CommissionerError(f"there is no folder {target.parent} to save the project file in")


def run_export(args: argparse.Namespace) -> int:
    """Export the projects and say what went where."""
    from commissioner.paths import default_database_path
    from commissioner.services.project_export import (
        FILE_EXTENSION,
        export_projects,
        project_ids_for,
    )
    from commissioner.storage import open_database

    target: Path = args.out
    _check_target(target, FILE_EXTENSION)
    password = read_password(args.password_file)
    db = open_database(args.db or default_database_path(), create=False, read_only=True)
    try:
        result = export_projects(db, project_ids_for(db, args.project), target, password=password)
    finally:
        db.close()
    rows = zip(result.references, result.names, result.record_counts, strict=True)
    for reference, name, count in rows:
        print(f"Exported {_described(reference, name, count)}")
    protected = ", protected by the password" if password else ""
    print(f"Wrote {result.path} ({result.size_bytes:,} bytes{protected})")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    """Check the file, import it, and print one line per project (or the one-line refusal)."""
    from commissioner.paths import default_database_path
    from commissioner.services.project_import import (
        ImportMode,
        ProjectConflictError,
        apply_import,
    )
    from commissioner.storage import open_database

    mode = ImportMode.COPY if args.as_copy else ImportMode.REPLACE if args.replace else None
    payload = _checked_file(args)  # before the database is even opened
    path: Path = args.db or default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    try:
        result = apply_import(db, payload, mode or ImportMode.REFUSE)
    except ProjectConflictError as error:
        names = ", ".join(error.references)
        verb = "exists" if len(error.references) == 1 else "exist"
        raise CommissionerError(f"{names} already {verb}: use --as-copy or --replace") from None
    finally:
        db.close()
    _report(result)
    return EXIT_OK


def _checked_file(args: argparse.Namespace) -> ProjectPayload:
    from commissioner.io.project_file import PasswordRequiredError
    from commissioner.services.project_import import read_import

    try:
        return read_import(args.file, password=read_password(args.password_file))
    except PasswordRequiredError as error:
        raise CommissionerError(f"{error} Give it with --password-file F.") from None


def _report(result: ImportResult) -> None:
    originals = result.original_references
    rows = zip(originals, result.references, result.names, result.record_counts, strict=True)
    for original, reference, name, count in rows:
        label = original if reference == original else f"{original} as {reference}"
        print(f"Imported {_described(label, name, count)}")
    if result.backup_path is not None:
        replaced = ", ".join(tree.rows[0][1]["reference"] for tree in result.replaced)
        print(f"Replaced {replaced}; the database was backed up first to {result.backup_path}")
