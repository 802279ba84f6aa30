"""The ``.commission`` project file: projects carried between databases, whole or not at all.

Format version 1.0
==================

A project file is a zip archive whose members are compressed with DEFLATE (or stored, for
a part that deflates too well to pass the zip-bomb check below). Its first
member (readers find it by name) is ``manifest.json``, a UTF-8 JSON object::

    {
      "format": "commissioner-project",
      "format_version": "1.0",
      "created_at": "2026-11-30T09:15:00+00:00",
      "created_by": "a.commissioner",
      "application_version": "0.1.0",
      "schema_revision": "0011",
      "projects": [{"reference": "WST-2023-01", "name": "Waste collection"}],
      "parts": [{"name": "tables/projects.json", "sha256": "9f86…", "size": 1234}]
    }

- ``format_version`` is ``major.minor``. A minor version adds only what older readers may
  ignore; a reader refuses a newer *major* version and names it.
- ``schema_revision`` is the database schema (Alembic revision) the parts were written from.
- Each part is a UTF-8 JSON document named ``tables/<name>.json``; ``sha256`` (64 lowercase
  hex digits) and ``size`` (bytes) describe its uncompressed content.
- Readers read only the members the manifest lists, in memory (never extracted to disk),
  and ignore any other member. They refuse the whole file if any member name is absolute,
  has a ``..`` segment, a backslash or a drive letter; if two members share a name; if a
  listed part is missing or its size or SHA-256 differ from the manifest.
- Limits: the file at most 512 MB; the manifest at most 1 MB; each part at most 256 MB and
  all parts together at most 1 GB uncompressed; no member (over 1 MB) may expand more than
  200 times (zip bombs); the zip's central directory at most 4 MB. Writers refuse to write
  what readers would refuse. (The limits are constants in ``project_file_format``.)

Password protection
-------------------

A protected file is not a zip: it is the 8 bytes ``CMSNENC1``, a 4-byte big-endian header
length, the header (UTF-8 JSON), then the ciphertext of the whole plain zip above::

    {"format": "commissioner-project", "cipher": "AES-256-GCM", "kdf": "scrypt",
     "n": 32768, "r": 8, "p": 1, "salt": "<16 random bytes, base64>",
     "nonce": "<12 random bytes, base64>"}

The key is scrypt(password as UTF-8 in Unicode NFC, salt, n, r, p) → 32 bytes; the cipher is
AES-256-GCM, whose 16-byte tag ends the ciphertext. Every byte before the ciphertext (magic,
length and header) is the GCM associated data, so editing the header is detected. A wrong
password and an altered file cannot be told apart: both fail the tag. The final digit of the
magic is the protection version; a reader refuses a newer one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from commissioner.io import project_file_format as fmt
from commissioner.io import project_file_zip as zip_checks
from commissioner.io.project_file_format import (
    DAMAGED,
    FILE_EXTENSION,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    NOT_A_PROJECT_FILE,
    PASSWORD_REQUIRED,
    Manifest,
    ManifestInfo,
    ManifestPart,
    ManifestProject,
    NewerFormatError,
    PasswordRequiredError,
    ProjectFileError,
    WrongPasswordError,
)

__all__ = [
    "FILE_EXTENSION",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "Manifest",
    "ManifestInfo",
    "ManifestPart",
    "ManifestProject",
    "NewerFormatError",
    "PasswordRequiredError",
    "ProjectFileContent",
    "ProjectFileError",
    "WrongPasswordError",
    "is_encrypted",
    "read_project_file",
    "write_project_file",
]

_MAGIC_STEM = fmt.ENCRYPTED_MAGIC[:-1]


@dataclass(frozen=True)
class ProjectFileContent:
    """What a checked project file holds: its manifest and each listed part's bytes."""

    manifest: Manifest
    parts: dict[str, bytes]

    def document(self, name: str) -> Any:
        """The part ``name`` parsed as JSON; a part that is not JSON is a clear error."""
        try:
            return json.loads(self.parts[name].decode("utf-8"))
        except KeyError:
            raise ProjectFileError(f"This project file has no part {name}.") from None
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ProjectFileError(f"The part {name} is not valid JSON.") from error


def write_project_file(
    target: Path,
    parts: Mapping[str, bytes],
    manifest: ManifestInfo,
    *,
    password: str | None = None,
) -> None:
    """Write ``parts`` and their manifest to ``target`` whole, or leave ``target`` as it was.

    ``parts`` maps names such as ``tables/projects.json`` to JSON bytes, in the order to
    store them. With a ``password`` the whole zip is encrypted (see the module docstring).
    """
    if password is not None and not password:
        raise ProjectFileError("The password cannot be empty.")
    listing = tuple(_describe_part(name, content) for name, content in parts.items())
    _check_declared_sizes(listing)
    manifest_bytes = fmt.encode_manifest(manifest, listing)
    if len(manifest_bytes) > fmt.MAX_MANIFEST_BYTES:
        raise ProjectFileError("Too many projects and parts for one project file.")
    when = manifest.created_at or dt.datetime.now(dt.UTC)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)

    def write_file(handle: BinaryIO) -> None:
        if password is None:
            _write_zip(handle, manifest_bytes, parts, stamp)
            return
        from commissioner.io import project_file_crypto  # cryptography loads only when used

        plain = io.BytesIO()
        _write_zip(plain, manifest_bytes, parts, stamp)
        handle.write(project_file_crypto.seal(plain.getvalue(), password))

    _write_atomically(target, write_file)


def read_project_file(source: Path, *, password: str | None = None) -> ProjectFileContent:
    """Read and check every listed part of ``source``; refuse the whole file on any doubt.

    Raises ``ProjectFileError`` (``PasswordRequiredError`` when the file is protected and
    no password was given, ``WrongPasswordError`` when the password does not open it).
    """
    with _open_container(source, password) as stream:
        try:
            zip_checks.check_directory_size(stream)
            with zipfile.ZipFile(stream) as archive:
                return _read_archive(archive)
        except zip_checks.ZIP_FAILURES as error:
            raise ProjectFileError(DAMAGED) from error


def is_encrypted(source: Path) -> bool:
    """Whether ``source`` is password protected, so a front end knows to ask first."""
    return _read_head(source).startswith(_MAGIC_STEM)


def _describe_part(name: str, content: bytes) -> ManifestPart:
    if not fmt.is_part_name(name):
        raise ValueError(f"Part name {name!r} must look like 'tables/<name>.json'.")
    return ManifestPart(name, hashlib.sha256(content).hexdigest(), len(content))


def _write_zip(
    handle: BinaryIO,
    manifest_bytes: bytes,
    parts: Mapping[str, bytes],
    stamp: tuple[int, int, int, int, int, int],
) -> None:
    """Write the zip; a part that deflates too well for readers' bomb check is stored plain.

    That needs a second pass, but only for such a part (a big table of near-empty rows).
    """
    members = [(MANIFEST_NAME, manifest_bytes), *parts.items()]
    too_compressible = _write_members(handle, members, stamp, stored=set())
    if too_compressible:
        handle.seek(0)
        handle.truncate()
        _write_members(handle, members, stamp, stored=too_compressible)


def _write_members(
    handle: BinaryIO,
    members: list[tuple[str, bytes]],
    stamp: tuple[int, int, int, int, int, int],
    stored: set[str],
) -> set[str]:
    """Write one zip of ``members``, the ``stored`` ones uncompressed; return the names
    that expand too much to pass a reader's bomb check."""
    with zipfile.ZipFile(handle, "w") as archive:
        for name, content in members:
            member = zipfile.ZipInfo(name, date_time=stamp)
            member.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16  # sane permissions if someone unzips it
            archive.writestr(member, content)
        return {
            member.filename
            for member in archive.infolist()
            if zip_checks.expands_too_much(member.file_size, member.compress_size)
        }


def _write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a temporary file beside ``target`` and rename it over ``target`` when whole."""
    try:
        descriptor, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise _cannot_save(target, error) from error
    temp = Path(temp_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            _write_whole(handle, write, target)
        os.chmod(temp, 0o644)  # mkstemp makes it owner-only; this file is made to be shared
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _cannot_replace(target, error) from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _write_whole(handle: BinaryIO, write: Callable[[BinaryIO], object], target: Path) -> None:
    """Write and flush to the disk, refusing a file too large to be read back."""
    write(handle)
    if handle.tell() > fmt.MAX_FILE_BYTES:
        raise ProjectFileError(
            f"Cannot save {target.name}: it would be larger than "
            f"{fmt.MAX_FILE_BYTES // fmt.MB} MB, more than Commissioner can read back."
        )
    handle.flush()
    os.fsync(handle.fileno())


def _cannot_replace(target: Path, error: OSError) -> ProjectFileError:
    if isinstance(error, PermissionError):  # the folder took the temporary file
        return ProjectFileError(
            f"Cannot save {target.name}: it may be open in another program. Close it and try again."
        )
    return _cannot_save(target, error)


def _cannot_save(target: Path, error: OSError) -> ProjectFileError:
    folder = target.parent
    if isinstance(error, FileNotFoundError) and not folder.is_dir():
        return ProjectFileError(f"Cannot save {target.name}: the folder {folder} does not exist.")
    if isinstance(error, PermissionError):
        return ProjectFileError(
            f"Cannot save {target.name}: you do not have permission to write in {folder}."
        )
    return ProjectFileError(f"Cannot save {target.name}: {error.strerror or error}.")


@contextlib.contextmanager
def _open_container(source: Path, password: str | None) -> Iterator[BinaryIO]:
    """Yield the plain zip: the file itself, or the decrypted bytes of a protected one."""
    head = _read_head(source)
    if head.startswith(_MAGIC_STEM):
        yield io.BytesIO(_decrypt(source, head, password))
    elif not head.startswith(b"PK\x03\x04"):
        raise ProjectFileError(NOT_A_PROJECT_FILE)
    else:
        try:
            handle = source.open("rb")
        except OSError as error:
            raise _cannot_read(source, error) from error
        with handle:
            yield handle


def _decrypt(source: Path, head: bytes, password: str | None) -> bytes:
    version = head[len(_MAGIC_STEM) :]
    if version != fmt.ENCRYPTED_MAGIC[-1:]:
        shown = version.decode("ascii", "replace") or "unknown"
        raise ProjectFileError(
            f"This project file uses password protection version {shown}; this Commissioner "
            "reads version 1. Update Commissioner to open it."
        )
    if password is None:
        raise PasswordRequiredError(PASSWORD_REQUIRED)
    from commissioner.io import project_file_crypto  # cryptography loads only when used

    try:
        with source.open("rb") as handle:
            sealed = handle.read(fmt.MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _cannot_read(source, error) from error
    if len(sealed) > fmt.MAX_FILE_BYTES:
        raise _file_too_large()
    return project_file_crypto.open_sealed(sealed, password)


def _read_head(source: Path) -> bytes:
    """The first bytes of ``source`` after checking it exists and is not too large."""
    try:
        size = source.stat().st_size
        with source.open("rb") as handle:
            head = handle.read(len(fmt.ENCRYPTED_MAGIC))
    except OSError as error:
        raise _cannot_read(source, error) from error
    if size > fmt.MAX_FILE_BYTES:
        raise _file_too_large()
    return head


def _cannot_read(source: Path, error: OSError) -> ProjectFileError:
    if isinstance(error, FileNotFoundError):
        return ProjectFileError(f"The project file {source.name} was not found.")
    if isinstance(error, IsADirectoryError):
        return ProjectFileError(f"{source.name} is a folder, not a project file.")
    return ProjectFileError(f"The project file {source.name} could not be read: {error.strerror}.")


def _file_too_large() -> ProjectFileError:
    return ProjectFileError(
        f"This project file is larger than {fmt.MAX_FILE_BYTES // fmt.MB} MB, the most "
        "Commissioner reads."
    )


def _read_archive(archive: zipfile.ZipFile) -> ProjectFileContent:
    members = zip_checks.members_by_name(archive.infolist())
    manifest_member = members.get(MANIFEST_NAME)
    if manifest_member is None:
        raise ProjectFileError(NOT_A_PROJECT_FILE)
    if manifest_member.file_size > fmt.MAX_MANIFEST_BYTES:
        raise ProjectFileError("The manifest of this project file is too large to be ours.")
    manifest = fmt.decode_manifest(
        zip_checks.read_member(archive, manifest_member, fmt.MAX_MANIFEST_BYTES)
    )
    _check_declared_sizes(manifest.parts)
    parts: dict[str, bytes] = {}
    for listed in manifest.parts:
        member = members.get(listed.name)
        if member is None:
            raise ProjectFileError(f"The part {listed.name} is missing from this project file.")
        parts[listed.name] = _read_part(archive, member, listed)
    return ProjectFileContent(manifest, parts)


def _check_declared_sizes(parts: tuple[ManifestPart, ...]) -> None:
    for part in parts:
        if part.size > fmt.MAX_PART_BYTES:
            raise ProjectFileError(
                f"The part {part.name} is {-(-part.size // fmt.MB):,} MB, more than the "
                f"{fmt.MAX_PART_BYTES // fmt.MB} MB Commissioner reads."
            )
    if sum(part.size for part in parts) > fmt.MAX_TOTAL_BYTES:
        raise ProjectFileError(
            f"This project file holds more than {fmt.MAX_TOTAL_BYTES // fmt.MB:,} MB of data, the "
            "most Commissioner reads."
        )


def _read_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, listed: ManifestPart) -> bytes:
    if member.file_size != listed.size:
        raise _size_mismatch(listed, member.file_size)
    content = zip_checks.read_member(archive, member, listed.size)
    if len(content) != listed.size:
        raise _size_mismatch(listed, len(content))
    if hashlib.sha256(content).hexdigest() != listed.sha256:
        raise ProjectFileError(
            f"The part {listed.name} does not match its checksum: the file is damaged or was "
            "edited."
        )
    return content


def _size_mismatch(listed: ManifestPart, actual: int) -> ProjectFileError:
    return ProjectFileError(
        f"The part {listed.name} is {actual:,} bytes but the manifest says {listed.size:,}: "
        "the file is damaged or was edited."
    )
