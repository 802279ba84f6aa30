"""The typeface of the packs: a system sans-serif that can write Welsh, or reportlab's own.

The fourteen standard PDF fonts only know Latin-1, so "Cyngor Gwynedd – ŵ ŷ" would
lose its letters. Packs therefore embed a TrueType family: Arial where Windows or
macOS has it, DejaVu Sans or Liberation Sans on Linux, and otherwise Bitstream Vera,
which reportlab ships (Latin-1 plus most of Latin Extended-A). Characters a font
lacks (emoji) print as an empty box; they never stop the pack.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont


@dataclass(frozen=True)
class FontFamily:
    regular: str
    bold: str
    italic: str
    bold_italic: str


_STYLES = ("regular", "bold", "italic", "bold_italic")


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _files(folder: Path, names: tuple[str, ...]) -> tuple[Path, Path, Path, Path]:
    regular, bold, italic, bold_italic = (folder / f"{name}.ttf" for name in names)
    return regular, bold, italic, bold_italic


def _candidates() -> list[tuple[str, tuple[Path, Path, Path, Path]]]:
    """Font families to try, best first, as (name, files in _STYLES order)."""
    windows = _windows_fonts()
    mac = Path("/System/Library/Fonts/Supplemental")
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    liberation = Path("/usr/share/fonts/truetype/liberation")
    vera = Path(reportlab.__file__).parent / "fonts"
    return [
        ("PackArial", _files(windows, ("arial", "arialbd", "ariali", "arialbi"))),
        ("PackArial", _files(mac, ("Arial", "Arial Bold", "Arial Italic", "Arial Bold Italic"))),
        (
            "PackDejaVu",
            _files(
                dejavu,
                ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
            ),
        ),
        (
            "PackLiberation",
            _files(
                liberation,
                tuple(f"LiberationSans-{s}" for s in ("Regular", "Bold", "Italic", "BoldItalic")),
            ),
        ),
        ("PackVera", _files(vera, ("Vera", "VeraBd", "VeraIt", "VeraBI"))),
    ]


def _register(name: str, files: tuple[Path, Path, Path, Path]) -> FontFamily | None:
    if not all(path.is_file() for path in files):
        return None
    names = tuple(f"{name}-{style}" for style in _STYLES)
    try:
        for font_name, path in zip(names, files, strict=True):
            pdfmetrics.registerFont(TTFont(font_name, str(path)))
    except (TTFError, OSError):
        return None
    family = FontFamily(*names)
    for bold, italic, font_name in (
        (0, 0, names[0]),
        (1, 0, names[1]),
        (0, 1, names[2]),
        (1, 1, names[3]),
    ):
        addMapping(names[0], bold, italic, font_name)
    return family


@cache
def pack_fonts() -> FontFamily:
    """Register (once) and return the font family every pack uses."""
    for name, files in _candidates():
        family = _register(name, files)
        if family is not None:
            return family
    return FontFamily("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique")


@cache
def _drawable_characters() -> frozenset[int]:
    family = pack_fonts()
    try:
        font = pdfmetrics.getFont(family.regular)
        return frozenset(code for code in font.face.charToGlyph if code <= 0xFFFF)
    except (AttributeError, KeyError):
        return frozenset(range(32, 256))


#: Printed in place of a character the font cannot draw (an emoji, say).
MISSING_CHARACTER = "?"


def printable(text: str) -> str:
    """The text with characters the pack's font cannot draw replaced by "?".

    Without this, an emoji would print as an empty box and leave an unreadable entry
    in the PDF's text layer, which screen readers and search rely on."""
    if text.isascii():
        return text
    # Characters beyond the Basic Multilingual Plane are replaced even where the font
    # has them: reportlab would write them into the text layer in a form readers reject.
    drawable = _drawable_characters()
    if all(ord(character) in drawable for character in text):
        return text
    return "".join(
        character if ord(character) in drawable or character in "\n\t" else MISSING_CHARACTER
        for character in text
    )
