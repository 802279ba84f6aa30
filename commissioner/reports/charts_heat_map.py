"""The likelihood × impact heat map: risk counts in cells coloured by their band.

Cells holding risks take the band's strong colour and empty cells its light tint,
so the eye goes where the risks are; every count is printed (a dash for none) in
whichever of dark or white ink reads better on the fill. The key beside the grid
names each band in words with its number of risks, so colour is never the only signal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors

from commissioner.reports.blocks import HeatMap
from commissioner.reports.charts_common import (
    LABEL_SIZE,
    TITLE_BAND,
    ChartFonts,
    add_title,
    contrast_ink,
    empty_chart,
    fit_text,
    rotated_text,
    text,
    text_width,
    wrap_text,
)
from commissioner.reports.palette import INK, MUTED, RULE, rating_colour, rating_tint

_T = TypeVar("_T")
_COUNT_SIZE = 10.0
_BAND_SIZE = 5.5
_AXIS_TITLE = 12.0
_KEY_ROW = 14.0
_SWATCH = 9.0
_GREY_LIGHT = colors.HexColor("#C9CED6")
_GREY_DARK = colors.HexColor("#3C4350")
_NO_BAND = (colors.white, colors.white)


@dataclass(frozen=True)
class _Cell:
    likelihood: int
    impact: int
    count: int
    band: str


@dataclass(frozen=True)
class _Grid:
    rows: int
    columns: int
    cells: tuple[_Cell, ...]


@dataclass(frozen=True)
class _Layout:
    left: float
    bottom: float
    cell_width: float
    cell_height: float
    key_left: float


def draw_heat_map(block: HeatMap, width: float, fonts: ChartFonts) -> Drawing:
    grid = _grid(block)
    if not grid.cells:
        return empty_chart(block.title, width, "No cells to show.", fonts)
    key = _key(block, grid)
    layout, height = _layout(block, grid, key, width, fonts)
    drawing = Drawing(width, height)
    add_title(drawing, block.title, fonts)
    band_colours = _band_colours(block, key)
    for cell in grid.cells:
        _add_cell(drawing, layout, cell, band_colours.get(cell.band, _NO_BAND), fonts)
    _add_labels(drawing, layout, grid, block, fonts)
    _add_key(drawing, layout, key, band_colours, height - TITLE_BAND - 4, fonts)
    return drawing


def _grid(block: HeatMap) -> _Grid:
    """Every cell of the grid, however ragged the block's rows are."""
    rows = max(len(block.counts), len(block.bands), len(block.likelihood_labels))
    lengths = [len(row) for row in (*block.counts, *block.bands)]
    columns = max([*lengths, len(block.impact_labels)], default=0)
    cells = [
        _Cell(
            level, impact, _at(block.counts, level, impact, 0), _at(block.bands, level, impact, "")
        )
        for level in range(rows)
        for impact in range(columns)
    ]
    return _Grid(rows, columns, tuple(cells))


def _at(rows: tuple[tuple[_T, ...], ...], row: int, column: int, missing: _T) -> _T:
    return rows[row][column] if row < len(rows) and column < len(rows[row]) else missing


def _key(block: HeatMap, grid: _Grid) -> list[tuple[str, int]]:
    """Each band with its number of risks, the most severe (highest mean score) first."""
    totals: dict[str, int] = defaultdict(int)
    scores: dict[str, list[int]] = defaultdict(list)
    for cell in grid.cells:
        if cell.band:
            totals[cell.band] += max(cell.count, 0)
            scores[cell.band].append((cell.likelihood + 1) * (cell.impact + 1))
    ordered = sorted(totals, key=lambda band: -sum(scores[band]) / len(scores[band]))
    return [(band, totals[band]) for band in ordered]


def _key_text(band: str, total: int) -> str:
    return f"{band} ({total})"


_Colours = dict[str, tuple[colors.Color, colors.Color]]


def _band_colours(block: HeatMap, key: list[tuple[str, int]]) -> _Colours:
    """Each band's strong colour and tint, from its rating word or else its own word.

    Bands that name no rating get greys, darker as they get more severe, so they
    still differ from each other.
    """
    found: _Colours = {}
    unrated: list[str] = []
    for band, _ in reversed(key):  # least severe first
        word = block.band_ratings.get(band, band)
        strong, tint = rating_colour(word), rating_tint(word)
        if strong is None or tint is None:
            unrated.append(band)
        else:
            found[band] = (strong, tint)
    for rank, band in enumerate(unrated):
        share = (rank + 1) / (len(unrated) + 1)
        strong = colors.linearlyInterpolatedColor(_GREY_LIGHT, _GREY_DARK, 0, 1, share)
        found[band] = (strong, colors.linearlyInterpolatedColor(colors.white, strong, 0, 1, 0.3))
    return found


def _layout(
    block: HeatMap, grid: _Grid, key: list[tuple[str, int]], width: float, fonts: ChartFonts
) -> tuple[_Layout, float]:
    key_texts = [_key_text(band, total) for band, total in key] + ["Key"]
    key_width = max(text_width(item, fonts.regular, LABEL_SIZE) for item in key_texts)
    key_width = min(key_width + _SWATCH + 6, width * 0.3)
    names = block.likelihood_labels or ("",)
    label_column = min(
        max(text_width(name, fonts.regular, LABEL_SIZE) for name in names), width * 0.2
    )
    left = _AXIS_TITLE + label_column + 6
    cell_width = (width - left - key_width - 16) / grid.columns
    cell_height = min(max(cell_width * 0.8, 18.0), 46.0)
    cell_width = max(min(cell_width, cell_height * 1.6), 4.0)
    footer = 2 * (LABEL_SIZE + 2) + _AXIS_TITLE + 4
    body = max(grid.rows * cell_height, (len(key) + 1) * _KEY_ROW)
    height = TITLE_BAND + 4 + body + footer
    bottom = footer + body - grid.rows * cell_height
    key_left = left + grid.columns * cell_width + 16
    return _Layout(left, bottom, cell_width, cell_height, key_left), height


def _add_cell(
    drawing: Drawing,
    layout: _Layout,
    cell: _Cell,
    colours: tuple[colors.Color, colors.Color],
    fonts: ChartFonts,
) -> None:
    strong, tint = colours
    fill = strong if cell.count > 0 else tint
    x = layout.left + cell.impact * layout.cell_width
    y = layout.bottom + cell.likelihood * layout.cell_height
    width, height = layout.cell_width, layout.cell_height
    border = RULE if fill == colors.white else colors.white
    drawing.add(Rect(x, y, width, height, fillColor=fill, strokeColor=border, strokeWidth=1.5))
    ink = contrast_ink(fill)
    centre, middle = x + width / 2, y + height / 2
    if cell.count > 0:
        count = fit_text(f"{cell.count:,}", fonts.bold, _COUNT_SIZE, width - 2)
        drawing.add(text(centre, middle - 2, count, fonts.bold, _COUNT_SIZE, ink, "middle"))
    else:
        drawing.add(text(centre, middle - 2, "–", fonts.regular, _COUNT_SIZE, MUTED, "middle"))
    band = cell.band if text_width(cell.band, fonts.regular, _BAND_SIZE) <= width - 4 else ""
    if band and height >= 30:
        drawing.add(text(centre, y + 3, band, fonts.regular, _BAND_SIZE, ink, "middle"))


def _level_name(names: tuple[str, ...], level: int) -> str:
    """A level's label, or its number when the block names fewer levels than it draws."""
    return (names[level] if level < len(names) else "") or str(level + 1)


def _add_labels(
    drawing: Drawing, layout: _Layout, grid: _Grid, block: HeatMap, fonts: ChartFonts
) -> None:
    """Likelihood levels up the left (highest at the top) and impact levels along the bottom."""
    font, size = fonts.regular, LABEL_SIZE
    column = layout.left - 6 - _AXIS_TITLE
    for level in range(grid.rows):
        name = _level_name(block.likelihood_labels, level)
        lines = wrap_text(name, font, size, column, 2 if layout.cell_height >= 20 else 1)
        middle = layout.bottom + (level + 0.5) * layout.cell_height
        for row, line in enumerate(lines):
            y = middle + (len(lines) / 2 - row - 1) * (size + 1) + 1.5
            drawing.add(text(layout.left - 4, y, line, font, size, INK, "end"))
    for impact in range(grid.columns):
        name = _level_name(block.impact_labels, impact)
        centre = layout.left + (impact + 0.5) * layout.cell_width
        for row, line in enumerate(wrap_text(name, font, size, layout.cell_width - 2, 2)):
            y = layout.bottom - (row + 1) * (size + 2)
            drawing.add(text(centre, y, line, font, size, INK, "middle"))
    _add_axis_titles(drawing, layout, grid, fonts)


def _add_axis_titles(drawing: Drawing, layout: _Layout, grid: _Grid, fonts: ChartFonts) -> None:
    middle = layout.bottom + grid.rows * layout.cell_height / 2
    title = rotated_text(LABEL_SIZE, middle, "Likelihood", fonts.bold, LABEL_SIZE, 90, "middle")
    drawing.add(title)
    centre = layout.left + grid.columns * layout.cell_width / 2
    y = layout.bottom - 2 * (LABEL_SIZE + 2) - _AXIS_TITLE + 2
    drawing.add(text(centre, y, "Impact", fonts.bold, LABEL_SIZE, MUTED, "middle"))


def _add_key(
    drawing: Drawing,
    layout: _Layout,
    key: list[tuple[str, int]],
    band_colours: _Colours,
    top: float,
    fonts: ChartFonts,
) -> None:
    if not key:
        return
    room = drawing.width - layout.key_left - _SWATCH - 4
    drawing.add(text(layout.key_left, top - LABEL_SIZE, "Key", fonts.bold, LABEL_SIZE, MUTED))
    for number, (band, total) in enumerate(key, start=1):
        y = top - number * _KEY_ROW - LABEL_SIZE
        strong, _ = band_colours[band]
        drawing.add(
            Rect(layout.key_left, y - 1.5, _SWATCH, _SWATCH, fillColor=strong, strokeColor=None)
        )
        label = fit_text(_key_text(band, total), fonts.regular, LABEL_SIZE, room)
        drawing.add(text(layout.key_left + _SWATCH + 4, y, label, fonts.regular, LABEL_SIZE, INK))
