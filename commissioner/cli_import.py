"""The `commissioner import-register` verb: import another register into a project.

Wired into ``commissioner.cli`` by ``add_import_register_parser(verbs)`` and the verb
table entry ``"import-register": run_import_register``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from commissioner.errors import CommissionerError

if TYPE_CHECKING:
    from commissioner.services.register_import import ImportPreview

EXIT_OK = 0


def add_import_register_parser(verbs: argparse._SubParsersAction) -> None:
    """Add the verb and its arguments to the command line's sub-parsers."""
    verb = verbs.add_parser(
        "import-register",
        help="import a risk register (.xlsx or .csv) into a project",
        description="Import a risk register from another layout. Columns are matched to "
        "our fields by their names; each row is reported as imported or skipped, with why.",
    )
    verb.add_argument("--db", type=Path, default=None, help="database file")
    verb.add_argument("--project", required=True, metavar="REF", help="the project's reference")
    verb.add_argument("file", type=Path, metavar="FILE", help="the register to import")
    verb.add_argument(
        "--dry-run", action="store_true", help="report what would be imported; write nothing"
    )


def run_import_register(args: argparse.Namespace) -> int:
    """Preview the import, print the per-row report, then apply it unless --dry-run."""
    from commissioner.paths import default_database_path
    from commissioner.services.projects import list_projects
    from commissioner.services.register_import import apply_import, preview_import
    from commissioner.storage import open_database

    path: Path = args.db or default_database_path()
    db = open_database(path, create=False, read_only=args.dry_run)
    try:
        matches = [
            project
            for project in list_projects(db, include_archived=True)
            if project.reference.casefold() == args.project.strip().casefold()
        ]
        if not matches:
            raise CommissionerError(f"no project with the reference {args.project} in {path.name}")
        preview = preview_import(db, matches[0].id, args.file)
        _print_report(preview)
        if args.dry_run:
            skipped = f" ({preview.skipped_count} skipped)" if preview.skipped_count else ""
            print(
                f"Dry run: would import {preview.imported_count} of {len(preview.rows)} rows "
                f"into {matches[0].reference}{skipped}; nothing written."
            )
            return EXIT_OK
        result = apply_import(db, matches[0].id, preview)
    finally:
        db.close()
    skipped = f", {result.skipped} skipped" if result.skipped else ""
    print(
        f"Imported {len(result.created_ids)} of {len(preview.rows)} rows "
        f"into {matches[0].reference}{skipped}."
    )
    return EXIT_OK


def _print_report(preview: ImportPreview) -> None:
    table = preview.table
    print(f"{table.source}: sheet “{table.sheet}”, header on row {table.header_row}")
    for note in table.notes:
        print(f"note: {note}")
    for name, field in zip(table.columns, preview.mapping, strict=True):
        print(f"  {name} → {field.label if field else '(not imported)'}")
    for row in preview.rows:
        print(f"row {row.row_number}: {row.outcome_text}")
        for warning in row.warnings:
            print(f"    warning: {warning}")
