"""Password protection for project files: the whole plain zip sealed with AES-256-GCM.

The key comes from the password through scrypt (n=2**15, r=8, p=1: about 0.12 s and 32 MB on
a 2-core development machine, measured), with a fresh random 16-byte salt and 12-byte nonce
for every file, so one password never gives the same key and nonce twice. Everything before
the ciphertext (magic, length and header) is GCM associated data: changing any byte of it
fails the tag exactly as a wrong password does. The layout is described in ``project_file``.

Imported only when a file is sealed or opened, so starting the app does not load
``cryptography``.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from commissioner.io import project_file_format as fmt
from commissioner.io.project_file_format import (
    WRONG_PASSWORD,
    ProjectFileError,
    WrongPasswordError,
)

CIPHER = "AES-256-GCM"
KDF = "scrypt"
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
MAX_HEADER_BYTES = 4096
#: A hostile header must not make scrypt take gigabytes (it needs 128·n·r bytes) …
MAX_SCRYPT_MEMORY = 256 * fmt.MB
#: … or minutes: n·r·p at most 16 times what this module writes (about 2 s).
MAX_SCRYPT_COST = 16 * SCRYPT_N * SCRYPT_R * SCRYPT_P
HEADER_DAMAGED = "The password protection header of this project file is damaged."
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True)
class _Header:
    """The key-derivation settings and nonce read from a sealed file's header."""

    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes


def seal(plain: bytes, password: str) -> bytes:
    """``plain`` encrypted under ``password``, with the header that lets it be opened again."""
    header = _Header(SCRYPT_N, SCRYPT_R, SCRYPT_P, os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES))
    fields = {
        "format": fmt.FORMAT_NAME,
        "cipher": CIPHER,
        "kdf": KDF,
        "n": header.n,
        "r": header.r,
        "p": header.p,
        "salt": base64.b64encode(header.salt).decode("ascii"),
        "nonce": base64.b64encode(header.nonce).decode("ascii"),
    }
    text = json.dumps(fields).encode("utf-8")
    preamble = fmt.ENCRYPTED_MAGIC + _LENGTH.pack(len(text)) + text
    return preamble + AESGCM(_derive_key(password, header)).encrypt(header.nonce, plain, preamble)


def open_sealed(sealed: bytes, password: str) -> bytes:
    """The plain zip inside ``sealed``, only if the password and every byte check out."""
    header, ciphertext_at = _parse_preamble(sealed)
    key = _derive_key(password, header)
    view = memoryview(sealed)
    try:
        return AESGCM(key).decrypt(header.nonce, view[ciphertext_at:], view[:ciphertext_at])
    except InvalidTag:
        raise WrongPasswordError(WRONG_PASSWORD) from None


def _parse_preamble(sealed: bytes) -> tuple[_Header, int]:
    """The header and where the ciphertext starts; anything malformed is a damaged header."""
    start = len(fmt.ENCRYPTED_MAGIC) + _LENGTH.size
    if len(sealed) < start:
        raise ProjectFileError(HEADER_DAMAGED)
    (length,) = _LENGTH.unpack_from(sealed, len(fmt.ENCRYPTED_MAGIC))
    if length > MAX_HEADER_BYTES or len(sealed) < start + length:
        raise ProjectFileError(HEADER_DAMAGED)
    try:
        fields = json.loads(sealed[start : start + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProjectFileError(HEADER_DAMAGED) from None
    return _checked_header(fields), start + length


def _checked_header(fields: Any) -> _Header:
    if not isinstance(fields, dict) or (
        fields.get("format"),
        fields.get("cipher"),
        fields.get("kdf"),
    ) != (fmt.FORMAT_NAME, CIPHER, KDF):
        raise ProjectFileError(HEADER_DAMAGED)
    n, r, p = (_positive_whole(fields.get(key)) for key in ("n", "r", "p"))
    if n < 2 or n & (n - 1) or 128 * n * r > MAX_SCRYPT_MEMORY or n * r * p > MAX_SCRYPT_COST:
        raise ProjectFileError(HEADER_DAMAGED)
    salt, nonce = _base64(fields.get("salt")), _base64(fields.get("nonce"))
    if not 8 <= len(salt) <= 64 or len(nonce) != NONCE_BYTES:
        raise ProjectFileError(HEADER_DAMAGED)
    return _Header(n, r, p, salt, nonce)


def _positive_whole(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ProjectFileError(HEADER_DAMAGED)
    return value


def _base64(value: object) -> bytes:
    if not isinstance(value, str):
        raise ProjectFileError(HEADER_DAMAGED)
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        raise ProjectFileError(HEADER_DAMAGED) from None


def _derive_key(password: str, header: _Header) -> bytes:
    """The AES key; NFC first, so the same password typed on any system gives the same key."""
    secret = unicodedata.normalize("NFC", password).encode("utf-8", "surrogatepass")
    kdf = Scrypt(salt=header.salt, length=KEY_BYTES, n=header.n, r=header.r, p=header.p)
    try:
        return kdf.derive(secret)
    except (ValueError, MemoryError):
        raise ProjectFileError(HEADER_DAMAGED) from None
