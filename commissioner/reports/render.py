"""Draw a governance pack: cover, contents, sections, marking and "n of N" on every page.

`render_pack` takes a `PackDocument` (plain data) and writes the PDF all-or-nothing:
it draws into a temporary file beside the target and moves it into place only when
the whole pack is written, so a cancelled or failed pack never leaves half a file.
The output is reproducible: the same document gives the same bytes (fixed document
id, creation date taken from the pack), so a pack drawn again from its snapshot can
be proved identical by its SHA-256.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    Image,
    KeepTogether,
    ListFlowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from commissioner.reports import blocks
from commissioner.reports.charts import ChartFonts, draw_chart
from commissioner.reports.flowables import (
    BlockFlowables,
    Chart,
    ChartDrawer,
    Heading,
    text_paragraph,
)
from commissioner.reports.fonts import pack_fonts, printable
from commissioner.reports.palette import ACCENT, INK, MUTED, RULE
from commissioner.reports.register_table import RegisterTable
from commissioner.reports.styles import (
    FOOTER_SPACE,
    HEADER_SPACE,
    LANDSCAPE,
    MARGIN,
    PORTRAIT,
    PackStyles,
    frame_width,
    pack_styles,
)

#: fraction done (0–1) and what is being drawn.
Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class PackCancelledError(Exception):
    """The user stopped the pack before it was finished; nothing was written."""


@dataclass(frozen=True)
class RenderResult:
    path: Path
    page_count: int
    sha256: str


def long_date(day: dt.date) -> str:
    """ "3 December 2026": how board papers write a date."""
    return f"{day.day} {day:%B %Y}"


def generated_at(document: blocks.PackDocument) -> dt.datetime:
    """When the pack was generated, from its ISO date or date-time."""
    try:
        return dt.datetime.fromisoformat(document.generated_on)
    except ValueError:
        return dt.datetime(2000, 1, 1)


def logo_reader(logo_base64: str) -> ImageReader | None:
    """The logo as an image, or None when there is none or it cannot be read."""
    if not logo_base64:
        return None
    try:
        return ImageReader(io.BytesIO(base64.b64decode(logo_base64, validate=True)))
    except (binascii.Error, OSError, ValueError):
        return None


# Canvas: marking and page numbers ---------------------------------------------------


def _numbered_canvas(document: blocks.PackDocument, page_counts: list[int]) -> type[Canvas]:
    """A canvas class that writes "Page n of N" once it knows N."""
    fonts = pack_fonts()
    stamp = generated_at(document)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            timestamp = self._doc._timeStamp
            timestamp.YMDhms = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, 0)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            page_counts.append(total)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont(fonts.regular, 8)
                self.setFillColor(MUTED)
                self.drawRightString(width - MARGIN, 9 * mm, f"Page {number} of {total}")
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _decorate(document: blocks.PackDocument, *, cover: bool) -> Callable[[Canvas, Any], None]:
    fonts = pack_fonts()
    marking = printable(document.marking_line)
    running = printable(f"{document.title} · {document.subject}")
    version = f"Version {document.version} · {long_date(generated_at(document).date())}"

    def on_page(canvas: Canvas, _doc: Any) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        if marking:
            canvas.setFont(fonts.bold, 10)
            canvas.setFillColor(INK)
            canvas.drawCentredString(width / 2, height - 9 * mm, marking)
            canvas.drawCentredString(width / 2, 4.5 * mm, marking)
        canvas.setFont(fonts.regular, 8)
        canvas.setFillColor(MUTED)
        if not cover:
            canvas.drawString(MARGIN, height - 14 * mm, _clip(running, width - 2 * MARGIN, fonts))
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN, height - 15.5 * mm, width - MARGIN, height - 15.5 * mm)
            canvas.line(MARGIN, 12.5 * mm, width - MARGIN, 12.5 * mm)
        canvas.drawString(MARGIN, 9 * mm, _clip(version, (width - 2 * MARGIN) * 0.6, fonts))
        canvas.restoreState()

    return on_page


def _clip(text: str, width: float, fonts: Any) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, fonts.regular, 8) <= width:
        return text
    while text and stringWidth(text + "…", fonts.regular, 8) > width:
        text = text[:-1]
    return text + "…"


# Document template --------------------------------------------------------------------


class PackTemplate(BaseDocTemplate):
    """Portrait, landscape and cover pages; contents and outline from Heading flowables."""

    def __init__(
        self,
        target: str,
        document: blocks.PackDocument,
        progress: Progress | None,
        cancelled: Cancelled | None,
        story_length: int,
    ) -> None:
        super().__init__(
            target,
            pagesize=PORTRAIT,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=HEADER_SPACE + 4 * mm,
            bottomMargin=FOOTER_SPACE,
            title=f"{document.title}: {document.subject}",
            author=document.author,
            subject=f"{document.title} for {document.period_label}",
            keywords=f"governance pack, {document.council_name}, {document.marking_line}",
            creator="Commissioner",
            lang=document.language,
            pageCompression=1,
        )
        self._progress = progress
        self._cancelled = cancelled
        self._story_length = max(story_length, 1)
        self._has_contents = bool(document.sections)
        self._handled = 0
        self._pass = 0
        self.addPageTemplates(
            [
                self._template("cover", PORTRAIT, document, cover=True),
                self._template("portrait", PORTRAIT, document, cover=False),
                self._template("landscape", LANDSCAPE, document, cover=False),
            ]
        )

    def _template(
        self, name: str, size: tuple[float, float], document: blocks.PackDocument, *, cover: bool
    ) -> PageTemplate:
        frame = Frame(
            MARGIN,
            FOOTER_SPACE,
            size[0] - 2 * MARGIN,
            size[1] - FOOTER_SPACE - HEADER_SPACE - 4 * mm,
            id=f"{name}-frame",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        return PageTemplate(name, [frame], onPage=_decorate(document, cover=cover), pagesize=size)

    def beforeDocument(self) -> None:
        self._pass += 1
        self._handled = 0
        # The first pass only finds where headings fall; a second pass always follows
        # (the contents start with no page numbers), so long tables need not be drawn.
        self.canv.layout_only = self._pass == 1 and self._has_contents

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._cancelled is not None and self._cancelled():
            raise PackCancelledError
        self._handled += 1
        if self._progress is not None and self._handled % 25 == 0:
            # Two passes: a quick one to find the page numbers (a third of the time),
            # then the one that draws. Split tables add flowables, hence the cap.
            within = min(self._handled / self._story_length, 1.0)
            done = within / 3 if self._pass == 1 else 1 / 3 + 2 * within / 3
            self._progress(min(done, 0.99), f"Drawing page {self.page}")
        if isinstance(flowable, Heading):
            key = flowable.outline_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(
                flowable.outline_text, key, level=flowable.outline_level, closed=True
            )
            if flowable.in_contents:
                entry = (flowable.outline_level, flowable.outline_text, self.page, key)
                self.notify("TOCEntry", entry)


# Story ----------------------------------------------------------------------------------


class _Story:
    """The flowables of the pack, switching page orientation without blank pages."""

    def __init__(self) -> None:
        self.items: list[Flowable] = []
        self.orientation = "cover"
        self._fresh_page = True

    def new_page(self, orientation: str) -> None:
        # A spacer left at the end of a page could spill onto a page of its own.
        while self.items and isinstance(self.items[-1], Spacer):
            self.items.pop()
        # Nor may a section's last line: it goes over with the line before it.
        if len(self.items) > 1 and all(
            isinstance(item, RLParagraph | ListFlowable) for item in self.items[-2:]
        ):
            self.items[-2:] = [KeepTogether(self.items[-2:])]
        if self._fresh_page and self.items and isinstance(self.items[-1], PageBreak):
            self.items[-2] = NextPageTemplate(orientation)
        else:
            self.items += [NextPageTemplate(orientation), PageBreak()]
        self.orientation = orientation
        self._fresh_page = True

    def add(self, flowables: Iterator[Flowable] | list[Flowable]) -> None:
        for flowable in flowables:
            self.items.append(flowable)
            self._fresh_page = False


def _cover(document: blocks.PackDocument, styles: PackStyles) -> list[Flowable]:
    width = frame_width(PORTRAIT)
    items: list[Flowable] = []
    logo = logo_reader(document.logo_base64)
    if logo is not None:
        logo_width, logo_height = logo.getSize()
        scale = min(60 * mm / max(logo_width, 1), 25 * mm / max(logo_height, 1))
        data = io.BytesIO(base64.b64decode(document.logo_base64))
        image = Image(data, width=logo_width * scale, height=logo_height * scale)
        image.hAlign = "LEFT"
        items += [image, Spacer(1, 8 * mm)]
    else:
        items.append(Spacer(1, 20 * mm))
    if document.council_name:
        items.append(text_paragraph(document.council_name, styles.cover_subject))
    items += [
        Spacer(1, 25 * mm),
        text_paragraph(document.title, styles.title),
        Spacer(1, 4 * mm),
        text_paragraph(document.subject, styles.cover_subject),
        Spacer(1, 3 * mm),
        text_paragraph(f"Reporting period: {document.period_label}", styles.cover_detail),
        Spacer(1, 30 * mm),
        _cover_details(document, styles, width),
    ]
    return items


def _cover_details(document: blocks.PackDocument, styles: PackStyles, width: float) -> RLTable:
    distribution = "\n".join(document.distribution) or "Not stated"
    rows = [
        ("Author", document.author or "Not stated"),
        ("Version", document.version),
        ("Date", long_date(generated_at(document).date())),
        ("Protective marking", document.marking_line or "None"),
        ("Distribution", distribution),
    ]
    data = [
        [text_paragraph(label, styles.figure_label), text_paragraph(value, styles.cover_detail)]
        for label, value in rows
    ]
    table = RLTable(data, colWidths=[40 * mm, width - 40 * mm], hAlign="LEFT")
    table.setStyle(
        RLTableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _contents(document: blocks.PackDocument, styles: PackStyles) -> TableOfContents:
    padding = RLTableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    toc = TableOfContents(
        levelStyles=[styles.toc_level0, styles.toc_level1], dotsMinLevel=0, tableStyle=padding
    )
    # Filled in advance with as many lines as it will hold, so that its length is right
    # on the first pass and the second pass only has to write the page numbers.
    entries: list[tuple[int, str, int, str]] = []
    for section in document.sections:
        entries.append((0, section.title, 0, ""))
        entries += [
            (1, block.text, 0, "")
            for block in section.blocks
            if isinstance(block, blocks.Subheading)
        ]
    toc._entries = entries
    return toc


def _opens_with_wide_table(section_blocks: tuple[blocks.Block, ...]) -> bool:
    """Whether the next block after any headings is a register that needs landscape."""
    for block in section_blocks:
        if not isinstance(block, blocks.Subheading):
            return isinstance(block, blocks.Table) and block.wide and bool(block.rows)
    return False


def _pairs_with(block: blocks.Block, following: tuple[blocks.Block, ...]) -> bool:
    return (
        isinstance(block, blocks.HeatMap | blocks.LineChart)
        and bool(following)
        and type(following[0]) is type(block)
    )


def _section(
    section: blocks.Section, story: _Story, builder: BlockFlowables, styles: PackStyles
) -> None:
    home = "landscape" if section.landscape else "portrait"
    # A heading goes on the page of what it introduces: a register on a landscape page
    # takes its headings with it rather than leaving them alone on a portrait page.
    story.new_page("landscape" if _opens_with_wide_table(section.blocks) else home)
    story.add([builder.heading(section.title, 0)])
    if not section.blocks:
        story.add([text_paragraph("Nothing to report in this section.", styles.empty)])
    paired: set[int] = set()
    for index, block in enumerate(section.blocks):
        if index in paired:
            continue
        ahead = section.blocks[index:]
        follows_heading = index > 0 and isinstance(section.blocks[index - 1], blocks.Subheading)
        if isinstance(block, blocks.Subheading) and not follows_heading:
            landscape = home == "landscape" or _opens_with_wide_table(ahead)
            wanted = "landscape" if landscape else "portrait"
            # A section opening with a new-page heading has its fresh page already.
            if (block.new_page and index > 0) or wanted != story.orientation:
                story.new_page(wanted)
        wide = isinstance(block, blocks.Table) and block.wide and bool(block.rows)
        if wide and story.orientation != "landscape":
            story.new_page("landscape")
        width = frame_width(LANDSCAPE if story.orientation == "landscape" else PORTRAIT)
        if _pairs_with(block, ahead[1:2]):
            # Small multiples (inherent beside residual, KPI beside KPI) side by side.
            story.add([builder.chart_pair(block, ahead[1], width)])
            paired.add(index + 1)
            continue
        if index - 1 in paired and _pairs_with(section.blocks[index - 1], (block,)):
            # The odd one out of a run keeps the size of its neighbours.
            story.add([builder.chart_pair(block, None, width)])
            continue
        story.add(builder.block(block, width))
        if wide and home != "landscape" and not _opens_with_wide_table(ahead[1:]):
            story.new_page(home)


def build_story(document: blocks.PackDocument, draw_chart: ChartDrawer | None) -> list[Flowable]:
    """Every flowable of the pack, in order."""
    styles = pack_styles()
    builder = BlockFlowables(styles, draw_chart)
    story = _Story()
    story.add(_cover(document, styles))
    story.new_page("portrait")
    contents_heading = builder.heading("Contents", 0)
    contents_heading.in_contents = False
    story.add([contents_heading, _contents(document, styles)])
    for section in document.sections:
        _section(section, story, builder, styles)
    return _headings_with_their_content(story.items)


#: Flowables that carry a sub-section's substance; its heading must not part from them.
_SUBSTANCE = (RegisterTable, Chart, RLTable)
#: Rows of a table that must follow its heading on the same page.
_FIRST_ROWS = 3


class KeepStart(Flowable):
    """A heading with its lead lines and the start of its table or chart.

    If they cannot all begin on this page, the page ends first, so a heading never
    sits at the foot of a page with its table overleaf. Unlike KeepTogether, a long
    register still starts on the same page when its heading and first rows fit."""

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__()
        self.content = flowables

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 0xFFFFFF  # never placed whole: always split

    def _start_height(self, width: float) -> float:
        *lead, substance = self.content
        height = sum(
            item.wrapOn(self.canv, width, 1e6)[1] + item.getSpaceBefore() + item.getSpaceAfter()
            for item in lead
        )
        if isinstance(substance, RegisterTable):
            substance.wrapOn(self.canv, width, 1e6)
            return height + substance.start_height(_FIRST_ROWS)
        return height + substance.wrapOn(self.canv, width, 1e6)[1]

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if not at_top and self._start_height(available_width) > available_height:
            return [FrameBreak(), *self.content]
        return list(self.content)


def _headings_with_their_content(items: list[Flowable]) -> list[Flowable]:
    """Keep each heading with what follows it up to the start of its table or chart.

    A heading's own keep-with-next only holds it to the next paragraph, so a heading
    and its lead line could sit at the foot of a page with their table overleaf."""
    kept: list[Flowable] = []
    index = 0
    while index < len(items):
        item = items[index]
        end = _end_of_start(items, index) if isinstance(item, Heading) else None
        if end is None:
            kept.append(item)
            index += 1
            continue
        kept.append(KeepStart(items[index : end + 1]))
        index = end + 1
    return kept


def _end_of_start(items: list[Flowable], start: int) -> int | None:
    """The index of the first table or chart after the heading at `start`, if close by."""
    for index in range(start + 1, min(start + 6, len(items))):
        item = items[index]
        if isinstance(item, NextPageTemplate | PageBreak | Heading):
            return None
        if isinstance(item, _SUBSTANCE):
            return index
    return None


def _default_chart_drawer() -> ChartDrawer:
    """Charts in the pack's own typeface, so that they can write Welsh too."""
    family = pack_fonts()
    fonts = ChartFonts(family.regular, family.bold)

    def draw(block: object, width: float) -> Drawing:
        return draw_chart(block, width, fonts=fonts)  # type: ignore[arg-type]

    return draw


def render_pack(
    document: blocks.PackDocument,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RenderResult:
    """Write the pack to `target` (all-or-nothing) and return its page count and SHA-256.

    Raises PackCancelledError when `cancelled()` turns true, and OSError when the target
    cannot be written; in both cases no file is left at `target`.
    """
    target = Path(target)
    story = build_story(document, _default_chart_drawer())
    handle, temporary = tempfile.mkstemp(prefix=".pack-", suffix=".pdf", dir=target.parent)
    os.close(handle)
    try:
        template = PackTemplate(temporary, document, progress, cancelled, len(story))
        page_counts: list[int] = []
        canvas_class = _numbered_canvas(document, page_counts)
        template.multiBuild(story, canvasmaker=canvas_class, maxPasses=4)
        digest = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(1.0, "Finished")
    return RenderResult(target, page_counts[-1], digest)
