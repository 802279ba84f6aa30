"""A corpus of hostile ``.commission`` files, built in memory at test time.

Each builder returns the bytes of a file that is a valid project file with one thing
wrong. Zips are written by hand (``raw_zip``) rather than with ``zipfile``, because the
hostile ones need what ``zipfile`` will not write: repeated names, headers that lie about
sizes, and a 300 MB member made from one compressed megabyte repeated.
"""

from __future__ import annotations

import functools
import hashlib
import json
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from commissioner.io.project_file_format import ENCRYPTED_MAGIC

DEFLATED = 8
MB = 2**20
PROJECTS = b'[{"reference": "WST-2023-01", "name": "Waste collection", "budget": 1250000}]'
RISKS = b'[{"project": "WST-2023-01", "title": "Provider failure", "likelihood": 3}]'
PARTS = {"tables/projects.json": PROJECTS, "tables/risks.json": RISKS}
DROP = object()  # a manifest override that removes the key


@dataclass(frozen=True)
class RawMember:
    """A zip member exactly as stored: bytes on disk and what the headers claim."""

    name: str
    stored: bytes
    size: int
    crc: int
    method: int = DEFLATED


def member(name: str, content: bytes, *, claimed_size: int | None = None) -> RawMember:
    """``content`` deflated, with headers claiming ``claimed_size`` if given."""
    packer = zlib.compressobj(wbits=-15)
    stored = packer.compress(content) + packer.flush()
    size = len(content) if claimed_size is None else claimed_size
    return RawMember(name, stored, size, zlib.crc32(content))


def raw_zip(members: Iterable[RawMember]) -> bytes:
    """A zip archive holding ``members`` in order, with nothing checked or corrected."""
    body, directory = bytearray(), bytearray()
    count = 0
    for item in members:
        name = item.name.encode("utf-8")
        sizes = (item.crc, len(item.stored), item.size, len(name))
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, item.method, 0, 0x21, *sizes, 0)
        body += name + item.stored
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, item.method, 0, 0x21, *sizes,
            0, 0, 0, 0, 0o644 << 16, offset,
        )  # fmt: skip
        directory += name
        count += 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def manifest(contents: dict[str, bytes] = PARTS, **overrides: Any) -> bytes:
    """A manifest listing ``contents`` truthfully, with top-level keys replaced by ``overrides``."""
    document: dict[str, Any] = {
        "format": "commissioner-project",
        "format_version": "1.0",
        "created_at": "2026-11-30T09:15:00+00:00",
        "created_by": "tester",
        "application_version": "0.1.0",
        "schema_revision": "0011",
        "projects": [{"reference": "WST-2023-01", "name": "Waste collection"}],
        "parts": [listing(name, content) for name, content in contents.items()],
    }
    document.update(overrides)
    return json.dumps({k: v for k, v in document.items() if v is not DROP}).encode("utf-8")


def listing(name: str, content: bytes, **overrides: Any) -> dict[str, Any]:
    """One manifest ``parts`` entry describing ``content`` truthfully, then ``overrides``."""
    entry = {"name": name, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    return entry | overrides


def project_zip(
    parts: dict[str, bytes] = PARTS,
    *,
    manifest_bytes: bytes | None = None,
    extra: Iterable[RawMember] = (),
) -> bytes:
    """A project file: the manifest (truthful unless given), ``parts``, then ``extra``."""
    listed = manifest(parts) if manifest_bytes is None else manifest_bytes
    members = [member("manifest.json", listed)]
    members += [member(name, content) for name, content in parts.items()]
    return raw_zip([*members, *extra])


# --- the corpus --------------------------------------------------------------------------


def a_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zip_without_manifest() -> bytes:
    return raw_zip([member("word/document.xml", b"<w:document/>")])


def wrong_checksum() -> bytes:
    entries = [listing(n, c) for n, c in PARTS.items()]
    entries[1]["sha256"] = hashlib.sha256(b"something else").hexdigest()
    return project_zip(manifest_bytes=manifest(parts=entries))


def edited_part() -> bytes:
    """Someone opened the zip and raised a likelihood, leaving the manifest as it was."""
    edited = {**PARTS, "tables/risks.json": RISKS.replace(b'"likelihood": 3', b'"likelihood": 1')}
    return project_zip(edited, manifest_bytes=manifest(PARTS))


def escaping_member() -> bytes:
    """``../evil.json`` stored and listed, as a path-traversal attack would be."""
    evil = {**PARTS, "../evil.json": b"{}"}
    return project_zip(evil)


def unlisted_member(name: str) -> bytes:
    return project_zip(extra=[member(name, b"x")])


def zip_bomb() -> bytes:
    """300 MB of zeros in about 300 KB: one deflated megabyte, flushed and repeated."""
    chunk, tail, crc, digest = _zeros_deflated(300)
    bomb = RawMember("tables/bomb.json", chunk * 300 + tail, 300 * MB, crc)
    entries = [*(listing(n, c) for n, c in PARTS.items())]
    entries.append({"name": "tables/bomb.json", "sha256": digest, "size": 300 * MB})
    return project_zip(manifest_bytes=manifest(parts=entries), extra=[bomb])


def ratio_bomb() -> bytes:
    """20 MB of zeros, honestly listed and under every size limit, but 1000 times compressed."""
    zeros = bytes(20 * MB)
    return project_zip({**PARTS, "tables/bomb.json": zeros})


def lying_manifest_size() -> bytes:
    entries = [listing(n, c) for n, c in PARTS.items()]
    entries[0]["size"] = 10
    return project_zip(manifest_bytes=manifest(parts=entries))


def lying_member_headers() -> bytes:
    """Headers and manifest both say 1,000 bytes; the deflated stream holds 20 MB."""
    zeros = bytes(20 * MB)
    entries = [*(listing(n, c) for n, c in PARTS.items())]
    entries.append(listing("tables/bomb.json", zeros[:1000]))
    bomb = member("tables/bomb.json", zeros, claimed_size=1000)
    return project_zip(manifest_bytes=manifest(parts=entries), extra=[bomb])


def duplicate_members() -> bytes:
    return project_zip(extra=[member("tables/risks.json", b"[]")])


def missing_part() -> bytes:
    return raw_zip([member("manifest.json", manifest()), member("tables/projects.json", PROJECTS)])


def with_manifest(**overrides: Any) -> bytes:
    return project_zip(manifest_bytes=manifest(**overrides))


def many_members(count: int) -> bytes:
    return project_zip(extra=[member(f"tables/t{i}.json", b"[]") for i in range(count)])


# --- password-protected files -------------------------------------------------------------


def split_sealed(sealed: bytes) -> tuple[bytes, bytes]:
    """The header text and the ciphertext of a protected file."""
    start = len(ENCRYPTED_MAGIC) + 4
    (length,) = struct.unpack_from(">I", sealed, len(ENCRYPTED_MAGIC))
    return sealed[start : start + length], sealed[start + length :]


def with_header(sealed: bytes, header: bytes) -> bytes:
    """``sealed`` with its header replaced (length kept right), ciphertext unchanged."""
    _, ciphertext = split_sealed(sealed)
    return ENCRYPTED_MAGIC + struct.pack(">I", len(header)) + header + ciphertext


def flipped(data: bytes, index: int, mask: int = 0xFF) -> bytes:
    """``data`` with the ``mask`` bits of one byte inverted."""
    return data[:index] + bytes([data[index] ^ mask]) + data[index + 1 :]


@functools.cache
def _zeros_deflated(megabytes: int) -> tuple[bytes, bytes, int, str]:
    """One full-flushed deflate block of a zero megabyte, the end block, and the CRC and
    SHA-256 of ``megabytes`` zero megabytes; cached, as they take a moment."""
    packer = zlib.compressobj(wbits=-15)
    zero = bytes(MB)
    chunk = packer.compress(zero) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.flush(zlib.Z_FINISH)
    crc, digest = 0, hashlib.sha256()
    for _ in range(megabytes):
        crc = zlib.crc32(zero, crc)
        digest.update(zero)
    return chunk, tail, crc, digest.hexdigest()
