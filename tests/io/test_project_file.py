"""The .commission container: round trips, passwords, and a corpus of hostile files refused."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

import commissioner
from commissioner.errors import CommissionerError
from commissioner.io import project_file, project_file_crypto, project_file_format
from commissioner.io.project_file import (
    FILE_EXTENSION,
    ManifestInfo,
    ManifestProject,
    NewerFormatError,
    PasswordRequiredError,
    ProjectFileError,
    WrongPasswordError,
    is_encrypted,
    read_project_file,
    write_project_file,
)
from tests.io import hostile_files as hostile

PARTS = hostile.PARTS
INFO = ManifestInfo(
    created_by="a.commissioner",
    schema_revision="0011",
    projects=(ManifestProject("WST-2023-01", "Waste collection"),),
    created_at=dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC),
)
DAMAGED = "This project file is damaged or incomplete"
NOT_OURS = "This file is not a Commissioner project file."
WRONG_PASSWORD = "The password is wrong, or the file has been altered."
CHECKSUM = (
    "The part tables/risks.json does not match its checksum: the file is damaged or was edited."
)


@pytest.fixture
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seal with a cheap scrypt cost; readers take the cost from the file's header."""
    monkeypatch.setattr(project_file_crypto, "SCRYPT_N", 2**10)


def refused(path: Path, message: str, **kwargs: Any) -> ProjectFileError:
    """Read ``path`` expecting a ProjectFileError whose one-line message contains ``message``."""
    with pytest.raises(ProjectFileError, match=re.escape(message)) as caught:
        read_project_file(path, **kwargs)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, CommissionerError)
    return caught.value


def saved(tmp_path: Path, data: bytes, name: str = "hostile.commission") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- round trips ---------------------------------------------------------------------------


def test_plain_round_trip_keeps_every_part_and_the_manifest(tmp_path: Path) -> None:
    target = tmp_path / f"waste{FILE_EXTENSION}"
    write_project_file(target, PARTS, INFO)

    content = read_project_file(target)
    assert content.parts == PARTS
    manifest = content.manifest
    assert manifest.format_version == "1.0"
    assert manifest.created_at == INFO.created_at
    assert (manifest.created_by, manifest.schema_revision) == ("a.commissioner", "0011")
    assert manifest.application_version == commissioner.__version__
    assert manifest.projects == INFO.projects
    assert [part.name for part in manifest.parts] == list(PARTS)
    assert content.document("tables/risks.json")[0]["title"] == "Provider failure"
    assert not is_encrypted(target)


def test_a_plain_file_is_an_ordinary_zip_with_the_manifest_first(tmp_path: Path) -> None:
    target = tmp_path / "waste.commission"
    write_project_file(target, PARTS, INFO)
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["manifest.json", *PARTS]
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        document = json.loads(archive.read("manifest.json"))
    assert document["format"] == "commissioner-project"
    assert document["parts"][1] == hostile.listing("tables/risks.json", PARTS["tables/risks.json"])


def test_password_round_trip_with_the_real_key_cost(tmp_path: Path) -> None:
    target = tmp_path / "waste.commission"
    write_project_file(target, PARTS, INFO, password="correct horse")

    data = target.read_bytes()
    assert data.startswith(b"CMSNENC1")
    assert b"Provider failure" not in data and b"WST-2023-01" not in data
    header = json.loads(hostile.split_sealed(data)[0])
    assert (header["kdf"], header["n"], header["r"], header["p"]) == ("scrypt", 2**15, 8, 1)
    assert header["cipher"] == "AES-256-GCM"
    assert is_encrypted(target)
    assert read_project_file(target, password="correct horse").parts == PARTS


def test_each_protected_file_gets_its_own_salt_and_nonce(tmp_path: Path, fast_scrypt: None) -> None:
    headers = []
    for name in ("a.commission", "b.commission"):
        write_project_file(tmp_path / name, PARTS, INFO, password="same")
        headers.append(json.loads(hostile.split_sealed((tmp_path / name).read_bytes())[0]))
    assert headers[0]["salt"] != headers[1]["salt"]
    assert headers[0]["nonce"] != headers[1]["nonce"]


def test_password_is_compared_after_unicode_normalisation(
    tmp_path: Path, fast_scrypt: None
) -> None:
    target = tmp_path / "waste.commission"
    write_project_file(target, PARTS, INFO, password="caf\u00e9")  # é as one code point
    assert read_project_file(target, password="cafe\u0301").parts == PARTS  # e + accent


def test_unlisted_extra_member_is_ignored(tmp_path: Path) -> None:
    path = saved(tmp_path, hostile.unlisted_member("notes/readme.txt"))
    content = read_project_file(path)
    assert content.parts == PARTS


def test_a_newer_minor_version_still_reads(tmp_path: Path) -> None:
    path = saved(tmp_path, hostile.with_manifest(format_version="1.7", future_field=[1, 2]))
    assert read_project_file(path).manifest.format_version == "1.7"


# --- hostile plain files --------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.98, 0.75, 0.5, 0.1])
def test_a_truncated_file_is_damaged(tmp_path: Path, keep: float) -> None:
    whole = tmp_path / "whole.commission"
    write_project_file(whole, PARTS, INFO)
    data = whole.read_bytes()
    refused(saved(tmp_path, data[: int(len(data) * keep)]), DAMAGED)


def test_a_file_cut_before_its_last_byte_is_damaged(tmp_path: Path) -> None:
    whole = tmp_path / "whole.commission"
    write_project_file(whole, PARTS, INFO)
    refused(saved(tmp_path, whole.read_bytes()[:-1]), DAMAGED)


@pytest.mark.parametrize(
    "data",
    [hostile.a_pdf(), b"", b"PK", hostile.zip_without_manifest()],
    ids=["pdf", "empty", "two-bytes", "zip-without-manifest"],
)
def test_other_files_are_not_project_files(tmp_path: Path, data: bytes) -> None:
    refused(saved(tmp_path, data), NOT_OURS)


def test_a_zip_with_another_format_name_is_not_a_project_file(tmp_path: Path) -> None:
    refused(saved(tmp_path, hostile.with_manifest(format="someone-else")), NOT_OURS)


def test_a_wrong_checksum_names_the_part(tmp_path: Path) -> None:
    refused(saved(tmp_path, hostile.wrong_checksum()), CHECKSUM)


def test_an_edited_json_part_is_caught_by_its_checksum(tmp_path: Path) -> None:
    refused(saved(tmp_path, hostile.edited_part()), CHECKSUM)


@pytest.mark.parametrize("name", ["../evil.json", "tables/../../evil.json"])
def test_a_listed_member_escaping_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    evil = {**PARTS, name: b"{}"}
    refused(saved(tmp_path, hostile.project_zip(evil)), f"unsafe name ({name!r})")


def test_the_standard_escaping_member_is_refused(tmp_path: Path) -> None:
    refused(saved(tmp_path, hostile.escaping_member()), "unsafe name ('../evil.json')")


@pytest.mark.parametrize("name", ["/etc/x", "tables\\risks.json", "C:/x.json", "C:x"])
def test_unsafe_names_are_refused_even_when_not_listed(tmp_path: Path, name: str) -> None:
    refused(saved(tmp_path, hostile.unlisted_member(name)), f"unsafe name ({name!r})")


def test_an_unsafe_name_only_in_the_manifest_is_refused(tmp_path: Path) -> None:
    entries = [hostile.listing("/etc/passwd", b"root")]
    refused(saved(tmp_path, hostile.with_manifest(parts=entries)), "unsafe name ('/etc/passwd')")


def test_a_300_mb_zip_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    path = saved(tmp_path, hostile.zip_bomb())
    assert path.stat().st_size < 400_000
    refused(path, "The part tables/bomb.json is 300 MB, more than the 256 MB")


def test_a_member_expanding_1000_times_is_refused(tmp_path: Path) -> None:
    refused(saved(tmp_path, hostile.ratio_bomb()), "expands more than 200 times")


def test_a_manifest_lying_about_a_size_is_refused(tmp_path: Path) -> None:
    refused(
        saved(tmp_path, hostile.lying_manifest_size()),
        f"The part tables/projects.json is {len(hostile.PROJECTS)} bytes but the manifest says 10",
    )


def test_member_headers_understating_the_content_are_damaged(tmp_path: Path) -> None:
    refused(saved(tmp_path, hostile.lying_member_headers()), DAMAGED)


def test_a_newer_major_version_is_refused_by_name(tmp_path: Path) -> None:
    path = saved(tmp_path, hostile.with_manifest(format_version="2.0", parts="changed"))
    error = refused(
        path,
        "This project file is format version 2.0; this Commissioner reads version 1.x. "
        "Update Commissioner to open it.",
    )
    assert isinstance(error, NewerFormatError)


def test_an_older_unknown_major_version_is_refused_by_name(tmp_path: Path) -> None:
    refused(saved(tmp_path, hostile.with_manifest(format_version="0.9")), "format version 0.9")


def test_duplicate_member_names_are_refused(tmp_path: Path) -> None:
    refused(saved(tmp_path, hostile.duplicate_members()), "contains tables/risks.json twice")


def test_a_listed_part_that_is_missing_is_refused(tmp_path: Path) -> None:
    refused(
        saved(tmp_path, hostile.missing_part()),
        "The part tables/risks.json is missing from this project file.",
    )


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"format_version": 1}, "its format_version is missing or not major.minor"),
        ({"format_version": "1"}, "its format_version is missing or not major.minor"),
        ({"format_version": "\u0661.0"}, "its format_version is missing or not major.minor"),
        ({"created_at": "yesterday"}, "created_at 'yesterday' is not an ISO date"),
        ({"created_by": hostile.DROP}, "created_by is missing or not text"),
        ({"schema_revision": 11}, "schema_revision is missing or not text"),
        ({"projects": {"a": 1}}, "projects is missing or not a list"),
        ({"projects": [{"reference": "A"}]}, "projects[0].name is missing or not text"),
        ({"parts": None}, "parts is missing or not a list"),
        ({"parts": ["tables/risks.json"]}, "parts[0] is not an object"),
        ({"parts": [{"name": 7}]}, "parts[0].name is missing or not text"),
        (
            {"parts": [hostile.listing("tables/a.json", b"", sha256="abc")]},
            "parts[0].sha256 is not 64 hexadecimal digits",
        ),
        ({"parts": [hostile.listing("tables/a.json", b"", size=-1)]}, "parts[0].size"),
        ({"parts": [hostile.listing("tables/a.json", b"", size=True)]}, "parts[0].size"),
        ({"parts": [hostile.listing("tables/a.json", b"", size="0")]}, "parts[0].size"),
        (
            {"parts": [hostile.listing("notes.txt", b"")]},
            "it lists 'notes.txt', which is not a JSON part under tables/",
        ),
        ({"parts": [hostile.listing("tables/a.json", b"")] * 2}, "it lists tables/a.json twice"),
    ],
)
def test_a_manifest_with_wrong_types_is_damaged(
    tmp_path: Path, overrides: dict[str, Any], detail: str
) -> None:
    refused(
        saved(tmp_path, hostile.with_manifest(**overrides)),
        f"The manifest of this project file is damaged: {detail}",
    )


@pytest.mark.parametrize("text", [b"{not json", b"\xff\xfe", b"[" * 100_000])
def test_a_manifest_that_is_not_json_is_damaged(tmp_path: Path, text: bytes) -> None:
    refused(
        saved(tmp_path, hostile.project_zip(manifest_bytes=text)),
        "The manifest of this project file is damaged: it is not valid JSON.",
    )


def test_a_part_that_is_not_json_is_refused_when_parsed(tmp_path: Path) -> None:
    path = saved(tmp_path, hostile.project_zip({"tables/projects.json": b"[1, 2"}))
    content = read_project_file(path)
    with pytest.raises(ProjectFileError, match=r"The part tables/projects.json is not valid JSON"):
        content.document("tables/projects.json")


# --- limits, lowered so the files stay small --------------------------------------------------


def limit(monkeypatch: pytest.MonkeyPatch, name: str, value: int) -> None:
    monkeypatch.setattr(project_file_format, name, value)


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved(tmp_path, hostile.project_zip())
    limit(monkeypatch, "MAX_FILE_BYTES", path.stat().st_size - 1)
    refused(path, "This project file is larger than")


def test_a_manifest_over_its_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit(monkeypatch, "MAX_MANIFEST_BYTES", 100)
    refused(
        saved(tmp_path, hostile.project_zip()), "The manifest of this project file is too large"
    )


def test_parts_over_the_total_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit(monkeypatch, "MAX_TOTAL_BYTES", len(hostile.PROJECTS) + len(hostile.RISKS) - 1)
    refused(saved(tmp_path, hostile.project_zip()), "This project file holds more than")


def test_a_huge_member_list_is_refused_before_it_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit(monkeypatch, "MAX_DIRECTORY_BYTES", 4000)
    refused(saved(tmp_path, hostile.many_members(100)), "lists too many members")


def test_the_writer_refuses_a_file_it_could_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit(monkeypatch, "MAX_PART_BYTES", 20)
    with pytest.raises(
        ProjectFileError, match=r"The part tables/projects\.json is .* Commissioner reads"
    ):
        write_project_file(tmp_path / "big.commission", PARTS, INFO)
    assert list(tmp_path.iterdir()) == []


def test_a_part_that_deflates_too_well_is_stored_so_it_reads_back(tmp_path: Path) -> None:
    """A big table of empty rows would look like a zip bomb if deflated: it is stored."""
    rows = b"[" + b",".join([b"[null, null, null, null, null, null]"] * 400_000) + b"]"
    parts = {**PARTS, "tables/empty_rows.json": rows}
    target = tmp_path / "rows.commission"
    write_project_file(target, parts, INFO)

    assert read_project_file(target).parts == parts
    with zipfile.ZipFile(target) as archive:
        methods = {info.filename: info.compress_type for info in archive.infolist()}
    assert methods["tables/empty_rows.json"] == zipfile.ZIP_STORED
    assert methods["tables/risks.json"] == zipfile.ZIP_DEFLATED


def test_the_writer_refuses_a_file_over_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit(monkeypatch, "MAX_FILE_BYTES", 300)
    with pytest.raises(ProjectFileError, match=r"Cannot save big\.commission: it would be larger"):
        write_project_file(tmp_path / "big.commission", PARTS, INFO)
    assert list(tmp_path.iterdir()) == []


# --- hostile protected files -----------------------------------------------------------------


@pytest.fixture
def sealed(tmp_path: Path, fast_scrypt: None) -> bytes:
    target = tmp_path / "sealed.commission"
    write_project_file(target, PARTS, INFO, password="s3cret")
    return target.read_bytes()


def test_a_protected_file_asks_for_its_password(tmp_path: Path, sealed: bytes) -> None:
    error = refused(saved(tmp_path, sealed), "This project file is protected by a password.")
    assert isinstance(error, PasswordRequiredError)


def test_a_wrong_password_is_refused(tmp_path: Path, sealed: bytes) -> None:
    error = refused(saved(tmp_path, sealed), WRONG_PASSWORD, password="S3cret")
    assert isinstance(error, WrongPasswordError)


@pytest.mark.parametrize("where", [0, 0.5, -17, -1], ids=["first", "middle", "last", "tag"])
def test_a_flipped_ciphertext_byte_is_refused(tmp_path: Path, sealed: bytes, where: float) -> None:
    _, ciphertext = hostile.split_sealed(sealed)
    index = int(len(ciphertext) * where) if isinstance(where, float) else where % len(ciphertext)
    altered = sealed[: len(sealed) - len(ciphertext)] + hostile.flipped(ciphertext, index)
    refused(saved(tmp_path, altered), WRONG_PASSWORD, password="s3cret")


def test_a_header_edit_that_keeps_every_setting_is_still_detected(
    tmp_path: Path, sealed: bytes
) -> None:
    """The header is authenticated: even harmless-looking whitespace fails the tag."""
    header, _ = hostile.split_sealed(sealed)
    assert json.loads(b" " + header) == json.loads(header)
    altered = hostile.with_header(sealed, b" " + header)
    refused(saved(tmp_path, altered), WRONG_PASSWORD, password="s3cret")


def test_every_flipped_header_byte_is_refused(tmp_path: Path, sealed: bytes) -> None:
    header, _ = hostile.split_sealed(sealed)
    for index in range(12 + len(header)):
        for mask in (0xFF, 0x01):  # 0x01 keeps the header readable, so keys get derived
            path = saved(tmp_path, hostile.flipped(sealed, index, mask))
            with pytest.raises(ProjectFileError):
                read_project_file(path, password="s3cret")


@pytest.mark.parametrize(
    "change",
    [{"n": 2**30}, {"n": 1000}, {"r": 0}, {"p": 10**6}, {"nonce": "AAAA"}, {"kdf": "md5"}],
    ids=str,
)
def test_a_hostile_header_is_refused_before_any_key_is_derived(
    tmp_path: Path, sealed: bytes, change: dict[str, Any]
) -> None:
    header = json.loads(hostile.split_sealed(sealed)[0]) | change
    altered = hostile.with_header(sealed, json.dumps(header).encode())
    message = "The password protection header of this project file is damaged."
    refused(saved(tmp_path, altered), message, password="s3cret")


@pytest.mark.parametrize("keep", [6, 10, 40, 0.5, -1])
def test_a_truncated_protected_file_is_refused(tmp_path: Path, sealed: bytes, keep: float) -> None:
    cut = int(len(sealed) * keep) if isinstance(keep, float) else keep % len(sealed)
    with pytest.raises(ProjectFileError):
        read_project_file(saved(tmp_path, sealed[:cut]), password="s3cret")


def test_a_newer_protection_version_is_refused_by_name(tmp_path: Path, sealed: bytes) -> None:
    path = saved(tmp_path, b"CMSNENC2" + sealed[8:])
    refused(path, "uses password protection version 2; this Commissioner reads version 1.")


# --- writing ---------------------------------------------------------------------------------


def test_writing_into_a_missing_folder_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "waste.commission"
    with pytest.raises(ProjectFileError, match=r"Cannot save waste.commission: the folder .*gone"):
        write_project_file(target, PARTS, INFO)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_writing_into_a_read_only_folder_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ProjectFileError, match="you do not have permission to write in"):
            write_project_file(folder / "waste.commission", PARTS, INFO)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_folder_refusing_new_files_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder does to a normal user (root ignores the permission bits)."""

    def refuse(**_: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(project_file.tempfile, "mkstemp", refuse)
    with pytest.raises(ProjectFileError, match="you do not have permission to write in"):
        write_project_file(tmp_path / "waste.commission", PARTS, INFO)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("password", [None, "s3cret"])
def test_a_failure_while_writing_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_scrypt: None, password: str | None
) -> None:
    target = tmp_path / "waste.commission"
    target.write_bytes(b"the previous export")

    def disk_full(handle: Any, *_: Any) -> None:
        handle.write(b"half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(project_file, "_write_zip", disk_full)
    with pytest.raises(ProjectFileError, match=r"Cannot save waste\.commission: No space left"):
        write_project_file(target, PARTS, INFO, password=password)
    assert target.read_bytes() == b"the previous export"
    assert list(tmp_path.iterdir()) == [target]


def test_a_successful_write_replaces_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "waste.commission"
    target.write_bytes(b"the previous export")
    write_project_file(target, PARTS, INFO)
    assert read_project_file(target).parts == PARTS
    assert list(tmp_path.iterdir()) == [target]


def test_the_writer_refuses_bad_part_names_and_empty_passwords(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=re.escape("must look like 'tables/<name>.json'")):
        write_project_file(tmp_path / "x.commission", {"../x.json": b"{}"}, INFO)
    with pytest.raises(ProjectFileError, match=r"The password cannot be empty\."):
        write_project_file(tmp_path / "x.commission", PARTS, INFO, password="")
    assert list(tmp_path.iterdir()) == []


def test_reading_a_missing_file_says_so(tmp_path: Path) -> None:
    refused(tmp_path / "nowhere.commission", "The project file nowhere.commission was not found.")
    with pytest.raises(ProjectFileError, match="was not found"):
        is_encrypted(tmp_path / "nowhere.commission")
