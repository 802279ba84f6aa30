"""The `commissioner pack` verb: a governance pack for a project or the portfolio.

The application runs this same verb in a worker process (with `--progress`), so the
window stays responsive while reportlab, which holds the interpreter, draws the pack.
With `--progress`, stdout carries one JSON object per line: `{"progress": 0.4,
"message": …}` while it works, then `{"done": true, "pack_id": …, "pages": …,
"sha256": …, "path": …}`; on failure the one-line message goes to stderr as usual.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from commissioner.errors import CommissionerError

if TYPE_CHECKING:
    from commissioner.services.pack_options import PackOptions
    from commissioner.storage import Database

EXIT_OK = 0
MARKINGS = {"NONE": "none", "OFFICIAL": "official", "OFFICIAL-SENSITIVE": "official_sensitive"}


def add_pack_parser(verbs: argparse._SubParsersAction) -> None:
    """Add the verb and its arguments to the command line's sub-parsers."""
    verb = verbs.add_parser(
        "pack",
        help="write a governance pack (PDF) for a project or the portfolio",
        description="Write a board-ready governance pack. Each pack is recorded in the "
        "file, so the next one shows what moved since.",
    )
    verb.add_argument("--db", type=Path, default=None, help="database file")
    scope = verb.add_mutually_exclusive_group(required=True)
    scope.add_argument("--project", metavar="REF", help="the project's reference")
    scope.add_argument("--portfolio", action="store_true", help="every active project")
    scope.add_argument(
        "--regenerate", type=int, metavar="PACK_ID", help="draw an earlier pack again, exactly"
    )
    verb.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="where to save")
    verb.add_argument("--period", metavar="YYYY-MM", help="reporting month (default: last month)")
    verb.add_argument("--marking", choices=sorted(MARKINGS), help="protective marking")
    verb.add_argument("--descriptor", help="descriptor after the marking, e.g. COMMERCIAL")
    verb.add_argument("--pack-version", dest="pack_version", metavar="V", help="e.g. 1.0")
    verb.add_argument("--author", help="the author named on the cover")
    verb.add_argument(
        "--distribution", action="append", metavar="NAME", help="one reader (repeatable)"
    )
    verb.add_argument("--sections", metavar="KEY,KEY", help="sections to include (default: all)")
    verb.add_argument("--title", help="the pack's title (default: Governance pack)")
    verb.add_argument("--actor", metavar="NAME", help="name recorded for the pack (default: you)")
    verb.add_argument("--progress", action="store_true", help=argparse.SUPPRESS)


def _emit(data: dict[str, object]) -> None:
    print(json.dumps(data), flush=True)


def _project_id(db: Database, reference: str) -> int:
    from commissioner.services.projects import list_projects

    for project in list_projects(db, include_archived=True):
        if project.reference.casefold() == reference.strip().casefold():
            return project.id
    raise CommissionerError(f"no project with the reference {reference}")


def _options(args: argparse.Namespace, db: Database, project_id: int | None) -> PackOptions:
    from dataclasses import replace

    from commissioner.models.enums import ProtectiveMarking
    from commissioner.services.packs import default_options, next_version

    options = default_options(db, project_id, dt.date.today())
    changes: dict[str, object] = {}
    if args.period:
        changes["period"] = args.period
    if args.marking:
        changes["marking"] = ProtectiveMarking(MARKINGS[args.marking])
    for name in ("descriptor", "author", "title"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.distribution:
        changes["distribution"] = tuple(args.distribution)
    if args.sections:
        changes["sections"] = tuple(key.strip() for key in args.sections.split(",") if key.strip())
    options = replace(options, **changes)  # type: ignore[arg-type]
    version = args.pack_version or next_version(db, project_id, options.period)
    return replace(options, version=version)


def _progress_printer() -> Callable[[float, str], None]:
    def report(done: float, message: str) -> None:
        _emit({"progress": round(done, 3), "message": message})

    return report


def run_pack(args: argparse.Namespace) -> int:
    """Generate (or regenerate) the pack and say where it went."""
    from commissioner.paths import default_database_path
    from commissioner.reports.render import PackCancelledError
    from commissioner.services.packs import generate_pack, regenerate_pack
    from commissioner.storage import open_database

    path: Path = args.db or default_database_path()
    target: Path = args.out
    if target.suffix.lower() != ".pdf":
        raise CommissionerError(f"the pack is a PDF: give --out a name ending .pdf, not {target}")
    if not target.parent.is_dir():
        raise CommissionerError(f"there is no folder {target.parent} to save the pack in")
    progress = _progress_printer() if args.progress else None
    read_only = args.regenerate is not None
    db = open_database(path, create=False, read_only=read_only, actor=args.actor or None)
    try:
        if args.regenerate is not None:
            again = regenerate_pack(db, args.regenerate, target, progress=progress)
            result, pack_id, identical = again.result, args.regenerate, again.identical
            note = (
                "identical to the pack first generated"
                if again.identical
                else ("NOT identical to the pack first generated (fonts or software differ)")
            )
        else:
            project_id = _project_id(db, args.project) if args.project else None
            options = _options(args, db, project_id)
            generated = generate_pack(db, project_id, options, target, progress=progress)
            result, pack_id, note = generated.result, generated.pack_id, ""
            identical = True
    except PackCancelledError:
        raise CommissionerError("the pack was cancelled; nothing was written") from None
    except OSError as error:
        raise CommissionerError(f"cannot write {target}: {error.strerror or error}") from None
    except ValueError as error:
        raise CommissionerError(str(error)) from None
    finally:
        db.close()
    if args.progress:
        _emit(
            {
                "done": True,
                "pack_id": pack_id,
                "pages": result.page_count,
                "sha256": result.sha256,
                "path": str(result.path),
                "identical": identical,
            }
        )
    else:
        extra = f"; {note}" if note else ""
        digest = result.sha256[:12]
        print(f"Wrote {result.page_count} pages to {result.path} (SHA-256 {digest}…){extra}")
    return EXIT_OK
