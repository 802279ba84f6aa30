"""Paragraph styles and page geometry of the packs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from commissioner.reports.fonts import pack_fonts
from commissioner.reports.palette import ACCENT, INK, MUTED

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 18 * mm
#: Room kept at the top and bottom of every page for the marking and running lines.
HEADER_SPACE = 16 * mm
FOOTER_SPACE = 16 * mm


def frame_width(page_size: tuple[float, float]) -> float:
    return page_size[0] - 2 * MARGIN


@dataclass(frozen=True)
class PackStyles:
    title: ParagraphStyle
    cover_subject: ParagraphStyle
    cover_detail: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    note: ParagraphStyle
    empty: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_header: ParagraphStyle
    caption: ParagraphStyle
    figure_label: ParagraphStyle
    figure_value: ParagraphStyle
    figure_rating: ParagraphStyle
    toc_level0: ParagraphStyle
    toc_level1: ParagraphStyle


@cache
def pack_styles() -> PackStyles:
    """The styles, built once per process (after the fonts are registered)."""
    fonts = pack_fonts()

    def style(name: str, size: float, **extra: object) -> ParagraphStyle:
        settings: dict[str, object] = {
            "fontName": fonts.regular,
            "fontSize": size,
            "leading": size * 1.3,
            "textColor": INK,
            "wordWrap": None,
        }
        settings.update(extra)
        return ParagraphStyle(name, **settings)

    cell = style("Cell", 8, leading=10, splitLongWords=True)
    return PackStyles(
        title=style("Title", 26, fontName=fonts.bold, leading=32, textColor=ACCENT),
        cover_subject=style("CoverSubject", 15, leading=20),
        cover_detail=style("CoverDetail", 10, leading=14),
        heading=style(
            "Heading", 16, fontName=fonts.bold, textColor=ACCENT, spaceAfter=8, keepWithNext=1
        ),
        subheading=style(
            "Subheading",
            11.5,
            fontName=fonts.bold,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        body=style("Body", 9.5, spaceAfter=5),
        lead=style("Lead", 11, leading=15, spaceAfter=6),
        note=style("Note", 8, textColor=MUTED, spaceAfter=4),
        empty=style("Empty", 9.5, fontName=fonts.italic, textColor=MUTED, spaceAfter=6),
        bullet=style("Bullet", 9.5, leftIndent=12, bulletIndent=2, spaceAfter=2),
        cell=cell,
        cell_right=ParagraphStyle("CellRight", parent=cell, alignment=TA_RIGHT),
        cell_centre=ParagraphStyle("CellCentre", parent=cell, alignment=TA_CENTER),
        cell_header=ParagraphStyle(
            "CellHeader", parent=cell, fontName=fonts.bold, textColor="#FFFFFF", alignment=TA_LEFT
        ),
        caption=style("Caption", 8, fontName=fonts.italic, textColor=MUTED, spaceBefore=2),
        figure_label=style("FigureLabel", 8, textColor=MUTED, leading=10),
        figure_value=style("FigureValue", 15, fontName=fonts.bold, leading=19),
        figure_rating=style("FigureRating", 8.5, fontName=fonts.bold, leading=11),
        toc_level0=style("Toc0", 10.5, fontName=fonts.bold, leading=14, spaceBefore=6),
        toc_level1=style("Toc1", 9, leftIndent=14, leading=12.5),
    )
