"""Blocks to reportlab flowables: every piece of user text is escaped on the way in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle

from commissioner.reports import blocks
from commissioner.reports.fonts import pack_fonts, printable
from commissioner.reports.palette import (
    HEADER_FILL,
    MUTED,
    RULE,
    ZEBRA,
    rating_colour,
    rating_tint,
)
from commissioner.reports.register_table import (
    HORIZONTAL_PADDING,
    VERTICAL_PADDING,
    RegisterRow,
    RegisterTable,
)
from commissioner.reports.styles import PackStyles
from commissioner.reports.text import paragraph_text

FIGURES_PER_ROW = 4

ChartDrawer = Callable[[object, float], Drawing]


def text_paragraph(text: str, style: ParagraphStyle) -> RLParagraph:
    """A Paragraph of plain text: never read as markup."""
    return RLParagraph(paragraph_text(printable(text)), style)


class Chart(Flowable):
    """A chart's drawing, skipped on the pass that only finds page numbers."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.drawing.width, self.drawing.height
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        if not getattr(canvas, "layout_only", False):
            self.drawing.drawOn(canvas, x, y, _sW)


class Heading(RLParagraph):
    """A heading that the document lists in its contents and PDF outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(paragraph_text(printable(text)), style)
        self.outline_text = text
        self.outline_level = level
        self.outline_key = key
        self.in_contents = True


#: The caption as the table's last row, across the width, kept under the rows above.
_CAPTION_ROW: list[tuple] = [
    ("SPAN", 0, -1),
    ("BACKGROUND", 0, -1, colors.white),
    ("LINEBELOW", 0, -1, 0.25, colors.white),
    ("LINEABOVE", 0, -1, 0.25, RULE),
]


class BlockFlowables:
    """Turns pack blocks into flowables for a frame of a given width."""

    def __init__(self, styles: PackStyles, draw_chart: ChartDrawer | None) -> None:
        self.styles = styles
        self.draw_chart = draw_chart
        self.heading_count = 0

    def heading(self, text: str, level: int) -> Heading:
        self.heading_count += 1
        style = self.styles.heading if level == 0 else self.styles.subheading
        return Heading(text, style, level, f"h{self.heading_count}")

    def block(self, block: blocks.Block, width: float) -> Iterator[Flowable]:
        match block:
            case blocks.Paragraph():
                yield text_paragraph(block.text, getattr(self.styles, block.kind))
            case blocks.Bullets():
                yield self._bullets(block)
            case blocks.Subheading():
                yield self.heading(block.text, 1)
            case blocks.KeyFigures():
                yield from self._figures(block, width)
            case blocks.Table():
                yield from self.table(block, width)
            case _:
                yield self._chart(block, width)

    def _bullets(self, block: blocks.Bullets) -> Flowable:
        items = [ListItem(text_paragraph(item, self.styles.bullet)) for item in block.items]
        return ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontSize=8)

    def _chart(self, block: blocks.Block, width: float) -> Flowable:
        if self.draw_chart is None:
            return text_paragraph(getattr(block, "title", "Chart"), self.styles.note)
        drawing = Chart(self.draw_chart(block, width))
        return KeepTogether([drawing, Spacer(1, 6)])

    def chart_pair(self, left: blocks.Block, right: blocks.Block | None, width: float) -> Flowable:
        """Two charts of a kind side by side, each half the width (or one, on the left)."""
        if self.draw_chart is None:
            return self._chart(left, width)
        gap = 12.0
        half = (width - gap) / 2
        second = Chart(self.draw_chart(right, half)) if right is not None else ""
        drawings = [Chart(self.draw_chart(left, half)), "", second]
        table = RLTable([drawings], colWidths=[half, gap, half], hAlign="LEFT")
        table.setStyle(
            RLTableStyle(
                [
                    # Bottom-aligned: a title wrapping onto two lines must not put one
                    # plot out of line with its neighbour.
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return table

    # Key figures ---------------------------------------------------------------

    def _figure_tile(self, figure: blocks.KeyFigure, width: float) -> list[Flowable]:
        tile: list[Flowable] = [
            text_paragraph(figure.label, self.styles.figure_label),
            text_paragraph(figure.value, self._fitted_value_style(figure.value, width)),
        ]
        if figure.rating:
            colour = rating_colour(figure.rating) or MUTED
            style = ParagraphStyle("rating", parent=self.styles.figure_rating, textColor=colour)
            tile.append(text_paragraph(figure.rating, style))
        if figure.note:
            tile.append(text_paragraph(figure.note, self.styles.figure_label))
        return tile

    def _fitted_value_style(self, value: str, width: float) -> ParagraphStyle:
        """The value's style, shrunk (down to 9 pt) so that its longest word fits the tile."""
        style = self.styles.figure_value
        longest = max(value.split() or [""], key=lambda word: stringWidth(word, style.fontName, 10))
        size = style.fontSize
        # The longest word on one line, and the whole value on at most two.
        while size > 9 and (
            stringWidth(longest, style.fontName, size) > width
            or stringWidth(value, style.fontName, size) > 1.8 * width
        ):
            size -= 0.5
        if size == style.fontSize:
            return style
        return ParagraphStyle("fitted", parent=style, fontSize=size, leading=size * 1.25)

    def _figures(self, block: blocks.KeyFigures, width: float) -> Iterator[Flowable]:
        figures = list(block.figures)
        for start in range(0, len(figures), FIGURES_PER_ROW):
            row = figures[start : start + FIGURES_PER_ROW]
            gap = 6.0
            tile_width = (width - gap * (FIGURES_PER_ROW - 1)) / FIGURES_PER_ROW
            cells: list[object] = []
            widths: list[float] = []
            commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
            for index, figure in enumerate(row):
                column = index * 2
                cells.append(self._figure_tile(figure, tile_width - 18))
                widths.append(tile_width)
                stripe = rating_colour(figure.rating) if figure.rating else None
                commands += [
                    ("BACKGROUND", (column, 0), (column, 0), ZEBRA),
                    ("LINEBEFORE", (column, 0), (column, 0), 3, stripe or RULE),
                    ("LEFTPADDING", (column, 0), (column, 0), 7),
                    ("TOPPADDING", (column, 0), (column, 0), 5),
                    ("BOTTOMPADDING", (column, 0), (column, 0), 6),
                ]
                if index < len(row) - 1:
                    cells.append("")
                    widths.append(gap)
            table = RLTable([cells], colWidths=widths, hAlign="LEFT")
            table.setStyle(RLTableStyle(commands))
            yield table
            yield Spacer(1, 8)

    # Tables --------------------------------------------------------------------

    def _cell_style(self, column: blocks.Column) -> ParagraphStyle:
        return {
            "right": self.styles.cell_right,
            "centre": self.styles.cell_centre,
        }.get(column.align, self.styles.cell)

    def _header_style(self, column: blocks.Column) -> ParagraphStyle:
        if column.align == "left":
            return self.styles.cell_header
        alignment = TA_RIGHT if column.align == "right" else TA_CENTER
        return ParagraphStyle("header", parent=self.styles.cell_header, alignment=alignment)

    def _column_widths(self, block: blocks.Table, width: float) -> list[float]:
        """Widths by the columns' weights, but never narrower than their longest word.

        A date or a figure must not break across lines ("27/09/202" / "3"), so each
        column first gets room for its longest unbreakable word (up to a third of
        the table); what is left is shared by weight."""
        weights = [max(column.weight, 0.1) for column in block.columns]
        floors = [min(self._longest_word(block, index), width / 3) for index in range(len(weights))]
        widths = [width * weight / sum(weights) for weight in weights]
        for _ in range(len(widths)):
            short = [index for index, w in enumerate(widths) if w < floors[index]]
            if not short:
                break
            fixed = sum(floors[index] for index in short)
            rest = [index for index in range(len(widths)) if index not in short]
            rest_weight = sum(weights[index] for index in rest) or 1.0
            for index in short:
                widths[index] = floors[index]
            for index in rest:
                widths[index] = max(width - fixed, 0) * weights[index] / rest_weight
        return widths

    def _longest_word(self, block: blocks.Table, index: int) -> float:
        font, size = self.styles.cell.fontName, self.styles.cell.fontSize
        words = {
            word for row in block.rows[:200] if index < len(row) for word in str(row[index]).split()
        }
        header = block.columns[index].title.split()
        widest = max((stringWidth(word, font, size) for word in words), default=0.0)
        widest_title = max(
            (stringWidth(word, pack_fonts().bold, size) for word in header), default=0.0
        )
        return max(widest, widest_title) + 7

    def table(self, block: blocks.Table, width: float) -> Iterator[Flowable]:
        if not block.rows:
            yield text_paragraph(block.empty_text, self.styles.empty)
            return
        header = [
            text_paragraph(column.title, self._header_style(column)) for column in block.columns
        ]
        widths = self._column_widths(block, width)
        rows = [self._row(block, number, widths) for number in range(len(block.rows))]
        if block.caption:
            caption = text_paragraph(block.caption, self.styles.caption)
            rows.append(RegisterRow([caption], _CAPTION_ROW, keep_with_previous=True, spans=True))
        cell = self.styles.cell
        yield RegisterTable(header, rows, widths, self._base_commands(block), leading=cell.leading)
        yield Spacer(1, 8)

    def _row(self, block: blocks.Table, number: int, widths: list[float]) -> RegisterRow:
        row = block.rows[number]
        is_total = block.total_row and number == len(block.rows) - 1
        commands: list[tuple] = []
        if number % 2 == 1:
            commands.append(("BACKGROUND", 0, -1, ZEBRA))
        if is_total:
            commands += [
                ("FONTNAME", 0, -1, pack_fonts().bold),
                ("LINEABOVE", 0, -1, 0.8, colors.black),
            ]
        cells: list[object] = []
        for index, column in enumerate(block.columns):
            text = str(row[index]) if index < len(row) else ""
            cells.append(self._cell(text, self._cell_style(column), widths[index], is_total))
            tint = rating_tint(text) if column.rating else None
            if tint is not None:
                commands.append(("BACKGROUND", index, index, tint))
        return RegisterRow(cells, commands)

    def _cell(self, text: str, style: ParagraphStyle, width: float, bold: bool) -> object:
        """A cell: plain text when it fits on one line, else a wrapping Paragraph.

        Most cells of a register (references, dates, scores, statuses) fit on a line;
        drawing them as plain strings spares reportlab measuring a Paragraph for each,
        which is most of the time a long appendix takes."""
        font = pack_fonts().bold if bold else style.fontName
        shown = printable(text)
        room = width - HORIZONTAL_PADDING - 0.5
        if "\n" not in shown and stringWidth(shown, font, style.fontSize) <= room:
            return shown
        if bold:
            style = ParagraphStyle("total", parent=style, fontName=font)
        return text_paragraph(text, style)

    def _base_commands(self, block: blocks.Table) -> list[tuple]:
        """The table's frame, and how plain-text cells are set in each column."""
        cell = self.styles.cell
        commands: list[tuple] = [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), VERTICAL_PADDING / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), VERTICAL_PADDING / 2),
            ("LEFTPADDING", (0, 0), (-1, -1), HORIZONTAL_PADDING / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), HORIZONTAL_PADDING / 2),
            ("FONTNAME", (0, 1), (-1, -1), cell.fontName),
            ("FONTSIZE", (0, 1), (-1, -1), cell.fontSize),
            ("LEADING", (0, 1), (-1, -1), cell.leading),
            ("TEXTCOLOR", (0, 1), (-1, -1), cell.textColor),
        ]
        for index, column in enumerate(block.columns):
            align = {"right": "RIGHT", "centre": "CENTER"}.get(column.align, "LEFT")
            commands.append(("ALIGN", (index, 1), (index, -1), align))
        return commands
