"""What the ``.commission`` container and its password layer share: names, limits, errors and
the manifest (see ``project_file`` for the format itself).

The limits are read through this module at call time, so a test can lower one with
``monkeypatch.setattr(project_file_format, "MAX_PART_BYTES", 1000)``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from commissioner import __version__
from commissioner.errors import CommissionerError

FILE_EXTENSION = ".commission"
FORMAT_NAME = "commissioner-project"
FORMAT_VERSION = "1.0"
FORMAT_MAJOR = 1
MANIFEST_NAME = "manifest.json"
ENCRYPTED_MAGIC = b"CMSNENC1"

MB = 2**20
MAX_FILE_BYTES = 512 * MB
MAX_MANIFEST_BYTES = 1 * MB
MAX_PART_BYTES = 256 * MB
MAX_TOTAL_BYTES = 1024 * MB
MAX_COMPRESSION_RATIO = 200
#: Members smaller than this cannot make a bomb, and small JSON may compress very well.
RATIO_CHECK_FLOOR = 1 * MB
#: zipfile loads the whole central directory; 4 MB holds tens of thousands of names.
MAX_DIRECTORY_BYTES = 4 * MB
READ_CHUNK = 1 * MB

DAMAGED = (
    "This project file is damaged or incomplete: it may have been cut short while it was "
    "copied or downloaded."
)
NOT_A_PROJECT_FILE = "This file is not a Commissioner project file."
PASSWORD_REQUIRED = "This project file is protected by a password."
WRONG_PASSWORD = "The password is wrong, or the file has been altered."

_PART_NAME = re.compile(r"tables/[A-Za-z0-9_][A-Za-z0-9_.-]*\.json")
_DRIVE_LETTER = re.compile(r"[A-Za-z]:")
_VERSION = re.compile(r"([0-9]{1,6})\.([0-9]{1,6})")
_SHA256 = re.compile(r"[0-9a-f]{64}")
T = TypeVar("T")


class ProjectFileError(CommissionerError):
    """A project file that cannot be written, or read back whole and trusted."""


class PasswordRequiredError(ProjectFileError):
    """The file is protected: ask for the password and try again."""


class WrongPasswordError(ProjectFileError):
    """The file did not open: the password is wrong or the file was altered."""


class NewerFormatError(ProjectFileError):
    """The file was written by a newer Commissioner, in a format this one cannot read."""


@dataclass(frozen=True)
class ManifestProject:
    """A project the file carries, as the manifest lists it for a reader to show first."""

    reference: str
    name: str


@dataclass(frozen=True)
class ManifestPart:
    """One listed part: its name and the SHA-256 and size of its uncompressed bytes."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True, kw_only=True)
class ManifestInfo:
    """What an exporter says about its file; part checksums and sizes are added on writing."""

    created_by: str
    schema_revision: str
    projects: tuple[ManifestProject, ...]
    application_version: str = __version__
    created_at: dt.datetime | None = None  # None: the time of writing, in UTC


@dataclass(frozen=True, kw_only=True)
class Manifest:
    """A checked manifest as read from a file."""

    format_version: str
    created_at: dt.datetime
    created_by: str
    application_version: str
    schema_revision: str
    projects: tuple[ManifestProject, ...]
    parts: tuple[ManifestPart, ...]


def is_part_name(name: str) -> bool:
    """Whether ``name`` is a part name this format allows: ``tables/<name>.json``."""
    return _PART_NAME.fullmatch(name) is not None and not is_unsafe_name(name)


def is_unsafe_name(name: str) -> bool:
    """Whether a member name could reach outside a folder if anyone extracted it."""
    return (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or _DRIVE_LETTER.match(name) is not None
        or ".." in name.split("/")
    )


def unsafe_name_error(name: str) -> ProjectFileError:
    return ProjectFileError(
        f"This project file contains a member with an unsafe name ({name!r}) and was refused."
    )


def encode_manifest(info: ManifestInfo, parts: tuple[ManifestPart, ...]) -> bytes:
    """The manifest document for ``info`` and ``parts``, as UTF-8 JSON."""
    created_at = info.created_at or dt.datetime.now(dt.UTC)
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "created_by": info.created_by,
        "application_version": info.application_version,
        "schema_revision": info.schema_revision,
        "projects": [{"reference": p.reference, "name": p.name} for p in info.projects],
        "parts": [{"name": p.name, "sha256": p.sha256, "size": p.size} for p in parts],
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def decode_manifest(data: bytes) -> Manifest:
    """Parse and check a manifest; the format and its version are checked before the rest."""
    try:
        fields = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _damaged("it is not valid JSON") from error
    if not isinstance(fields, dict) or fields.get("format") != FORMAT_NAME:
        raise ProjectFileError(NOT_A_PROJECT_FILE)
    version = _checked_version(fields.get("format_version"))
    created_at = _text(fields, "created_at")
    try:
        when = dt.datetime.fromisoformat(created_at)
    except ValueError:
        raise _damaged(f"created_at {created_at!r} is not an ISO date and time") from None
    return Manifest(
        format_version=version,
        created_at=when,
        created_by=_text(fields, "created_by"),
        application_version=_text(fields, "application_version"),
        schema_revision=_text(fields, "schema_revision"),
        projects=_entries(fields, "projects", _project, lambda p: p.reference),
        parts=_entries(fields, "parts", _part, lambda p: p.name),
    )


def _checked_version(value: object) -> str:
    match = _VERSION.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _damaged("its format_version is missing or not major.minor")
    major = int(match[1])
    if major > FORMAT_MAJOR:
        raise NewerFormatError(
            f"This project file is format version {value}; this Commissioner reads version "
            f"{FORMAT_MAJOR}.x. Update Commissioner to open it."
        )
    if major < FORMAT_MAJOR:
        raise ProjectFileError(
            f"This project file is format version {value}, which this Commissioner cannot read."
        )
    return match[0]


def _entries(
    fields: dict[str, Any],
    key: str,
    build: Callable[[dict[str, Any], str], T],
    identity: Callable[[T], str],
) -> tuple[T, ...]:
    """Each object of the list ``fields[key]``, built and checked, none listed twice."""
    items = fields.get(key)
    if not isinstance(items, list):
        raise _damaged(f"{key} is missing or not a list")
    built: list[T] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            raise _damaged(f"{where} is not an object")
        entry = build(item, where)
        if identity(entry) in seen:
            raise _damaged(f"it lists {identity(entry)} twice")
        seen.add(identity(entry))
        built.append(entry)
    return tuple(built)


def _project(item: dict[str, Any], where: str) -> ManifestProject:
    return ManifestProject(_text(item, "reference", where), _text(item, "name", where))


def _part(item: dict[str, Any], where: str) -> ManifestPart:
    name = _text(item, "name", where)
    if is_unsafe_name(name):
        raise unsafe_name_error(name)
    if not is_part_name(name):
        raise _damaged(f"it lists {name!r}, which is not a JSON part under tables/")
    sha256 = _text(item, "sha256", where).lower()
    if _SHA256.fullmatch(sha256) is None:
        raise _damaged(f"{where}.sha256 is not 64 hexadecimal digits")
    size = item.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise _damaged(f"{where}.size is missing or not a whole number of bytes")
    return ManifestPart(name, sha256, size)


def _text(fields: dict[str, Any], key: str, where: str = "") -> str:
    value = fields.get(key)
    if not isinstance(value, str):
        label = f"{where}.{key}" if where else key
        raise _damaged(f"{label} is missing or not text")
    return value


def _damaged(detail: str) -> ProjectFileError:
    return ProjectFileError(f"The manifest of this project file is damaged: {detail}.")
