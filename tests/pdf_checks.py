"""Reading generated packs back as a reader would: text per page, structure, pixels."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest


def page_texts(path: Path) -> list[str]:
    """The text of every page, in order."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def outline_titles(path: Path) -> list[str]:
    """The PDF outline (bookmarks), flattened in order."""

    def walk(items: list) -> list[str]:
        titles: list[str] = []
        for item in items:
            titles += walk(item) if isinstance(item, list) else [item.title]
        return titles

    return walk(pypdf.PdfReader(path).outline)


def assert_qpdf_accepts(path: Path) -> None:
    """`qpdf --check` finds no structural error (skips, saying why, without qpdf)."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (make test installs it where it can)")
    run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No syntax or stream encoding errors" in run.stdout


def blank_pages(path: Path, folder: Path) -> list[int]:
    """Pages drawn with (almost) nothing on them beyond the running lines, via pdftoppm."""
    if shutil.which("pdftoppm") is None:
        pytest.skip(
            "pdftoppm (poppler-utils) is not installed (make test installs it where it can)"
        )
    from PIL import Image, ImageStat

    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(path), str(folder / "page")], check=True)
    blank = []
    for number, image_path in enumerate(sorted(folder.glob("page-*.pgm")), start=1):
        image = Image.open(image_path)
        width, height = image.size
        body = image.crop((0, int(height * 0.12), width, int(height * 0.88)))
        if ImageStat.Stat(body).stddev[0] < 4:
            blank.append(number)
    return blank


def contents_entries(path: Path) -> dict[str, int]:
    """The contents page as {title: page number}, read from its dotted lines."""
    import re

    reader = pypdf.PdfReader(path)
    entries: dict[str, int] = {}
    for page in reader.pages[1:4]:
        text = page.extract_text(extraction_mode="layout")
        for line in text.splitlines():
            match = re.match(r"^\s*(\S.*?)\s+(?:\.\s*){3,}\s*(\d+)\s*$", line)
            if match:
                entries[match.group(1)] = int(match.group(2))
    return entries
