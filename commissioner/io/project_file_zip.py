"""Reading a zip archive without trusting it: bounded, in memory, never extracted.

``zipfile`` does the parsing; these checks come first, so a hostile archive is refused
before it can make ``zipfile`` load a huge directory or expand a bomb into memory.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from typing import BinaryIO

from commissioner.io import project_file_format as fmt
from commissioner.io.project_file_format import ProjectFileError

#: What ``zipfile`` and ``zlib`` raise on a damaged or hostile archive.
ZIP_FAILURES = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    struct.error,
    OSError,
)
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_ZIP64_LOCATOR_BYTES = 20


def check_directory_size(stream: BinaryIO) -> None:
    """Refuse a central directory too large to load, before zipfile loads it whole."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - (_EOCD.size + 0xFFFF)))
    tail = stream.read()
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        return  # no end record: zipfile will say the file is damaged
    directory_bytes: int = _EOCD.unpack_from(tail, at)[5]
    record_at = at - _ZIP64_LOCATOR_BYTES - _ZIP64_EOCD.size
    if directory_bytes == 0xFFFFFFFF and record_at >= 0:
        directory_bytes = _ZIP64_EOCD.unpack_from(tail, record_at)[8]
    if directory_bytes > fmt.MAX_DIRECTORY_BYTES:
        raise ProjectFileError("This project file lists too many members to be one of ours.")


def members_by_name(members: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Refuse unsafe or repeated names anywhere in the archive, listed or not."""
    by_name: dict[str, zipfile.ZipInfo] = {}
    for member in members:
        name = member.filename
        if fmt.is_unsafe_name(name):
            raise fmt.unsafe_name_error(name)
        if name in by_name:
            raise ProjectFileError(f"This project file contains {name} twice and was refused.")
        by_name[name] = member
    return by_name


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one member in chunks, stopping as soon as it passes ``limit`` or expands too much."""
    if member.flag_bits & 0x1 or member.compress_type not in _COMPRESSIONS:
        raise ProjectFileError(
            f"The member {member.filename} is stored in a way Commissioner never uses."
        )
    if expands_too_much(member.file_size, member.compress_size):
        raise _bomb(member.filename)
    chunks: list[bytes] = []
    total = 0
    with archive.open(member) as stream:
        while chunk := stream.read(min(fmt.READ_CHUNK, limit + 1 - total)):
            total += len(chunk)
            if expands_too_much(total, member.compress_size):
                raise _bomb(member.filename)
            chunks.append(chunk)
            if total > limit:
                break
    return b"".join(chunks)


def expands_too_much(expanded: int, compressed: int) -> bool:
    limit = fmt.MAX_COMPRESSION_RATIO * max(compressed, 1)
    return expanded > fmt.RATIO_CHECK_FLOOR and expanded > limit


def _bomb(name: str) -> ProjectFileError:
    return ProjectFileError(
        f"The member {name} expands more than {fmt.MAX_COMPRESSION_RATIO} times, as a zip bomb "
        "does, and was refused."
    )
