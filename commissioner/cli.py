"""The `commissioner` command: no verb opens the app; verbs script it from outside."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from commissioner import __version__
from commissioner.cli_files import add_export_parser, add_import_parser, run_export, run_import
from commissioner.cli_import import add_import_register_parser, run_import_register
from commissioner.cli_pack import add_pack_parser, run_pack
from commissioner.errors import CommissionerError
from commissioner.paths import default_database_path

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line, no usage dump: scripts read stderr.
        self.exit(EXIT_USAGE, f"commissioner: {message} (see commissioner --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="commissioner",
        description="Governance of council commissioning projects. "
        "With no command, opens the application.",
    )
    parser.add_argument("--version", action="version", version=f"commissioner {__version__}")
    parser.add_argument("--db", type=Path, help="database file to open in the application")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=_Parser)

    demo = verbs.add_parser("demo", help="create the demo portfolio in a new database")
    _add_db(demo)
    projects = verbs.add_parser("projects", help="list the projects in a database")
    _add_db(projects)
    projects.add_argument("--json", action="store_true", help="print JSON instead of a table")
    projects.add_argument("--all", action="store_true", help="include archived projects")
    check = verbs.add_parser("check", help="check a database file is whole and consistent")
    _add_db(check)
    add_import_register_parser(verbs)
    add_pack_parser(verbs)
    add_export_parser(verbs)
    add_import_parser(verbs)
    return parser


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"database file (default: {default_database_path()})",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.verb is None:
        from commissioner.ui.app import run_app

        return run_app(args.db)
    try:
        return _VERBS[args.verb](args)
    except CommissionerError as error:
        print(f"commissioner: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("commissioner: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (`commissioner projects | head`): not an error. Point
        # stdout at nothing so that Python's own flush at exit stays quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # never a traceback for the user
        print(f"commissioner: unexpected error: {error!r}", file=sys.stderr)
        return EXIT_FAILURE


def _database_path(args: argparse.Namespace) -> Path:
    path: Path = args.db or default_database_path()
    if args.db is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _demo(args: argparse.Namespace) -> int:
    from commissioner.services.demo import build_demo_portfolio
    from commissioner.storage import open_database

    path = _database_path(args)
    db = open_database(path)
    try:
        count = build_demo_portfolio(db)
    finally:
        db.close()
    print(f"Created the demo portfolio: {count} projects in {path}")
    return EXIT_OK


def _projects(args: argparse.Namespace) -> int:
    from commissioner.services.projects import list_projects
    from commissioner.storage import open_database

    db = open_database(_database_path(args), create=args.db is not None)
    try:
        projects = list_projects(db, include_archived=args.all)
    finally:
        db.close()
    rows = [
        {
            "reference": p.reference,
            "name": p.name,
            "service_area": p.service_area,
            "stage": p.stage.value,
            "stage_label": p.stage.label,
            "status": p.status.value,
            "status_label": p.status.label,
            "delivery_confidence": p.confidence.label if p.confidence else None,
            "approved_budget_pence": p.approved_budget_pence,
            "lead_commissioner": p.lead_commissioner or None,
            "archived": p.archived,
        }
        for p in projects
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _print_table(rows)
    return EXIT_OK


def _print_table(rows: Sequence[Mapping[str, object]]) -> None:
    columns = [
        ("Reference", "reference"),
        ("Name", "name"),
        ("Service area", "service_area"),
        ("Stage", "stage_label"),
        ("Status", "status_label"),
        ("Confidence", "delivery_confidence"),
    ]
    table = [[title for title, _ in columns]]
    table += [[str(row[key] or "—") for _, key in columns] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    if not rows:
        print("(no projects)")


def _check(args: argparse.Namespace) -> int:
    from commissioner.services.integrity import check_database

    report = check_database(_database_path(args))
    for note in report.notes:
        print(f"{report.path.name}: note: {note}")
    if report.ok:
        print(
            f"{report.path.name}: ok — schema {report.schema_revision}, "
            f"{report.projects} projects, integrity and links checked"
        )
        return EXIT_OK
    for problem in report.problems:
        where = "" if problem.startswith(report.path.name) else f"{report.path.name}: "
        print(f"commissioner: {where}{problem}", file=sys.stderr)
    return EXIT_FAILURE


_VERBS = {
    "demo": _demo,
    "projects": _projects,
    "check": _check,
    "import-register": run_import_register,
    "pack": run_pack,
    "export": run_export,
    "import": run_import,
}
