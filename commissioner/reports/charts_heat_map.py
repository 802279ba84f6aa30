"""The likelihood × impact heat map: risk counts in cells coloured by their band.

Cells holding risks take the band's strong colour and empty cells its light tint,
so the eye goes where the risks are; every count is printed (a dash for none) in
whichever of dark or white ink reads better on the fill. The key names each band
in words with its number of risks, so colour is never the only signal: beside the
grid when there is room, else in rows under it (a map at half the page's width).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors

from commissioner.reports.blocks import HeatMap
from commissioner.reports.charts_common import (
    LABEL_SIZE,
    ChartFonts,
    add_title,
    contrast_ink,
    empty_chart,
    fit_text,
    rotated_text,
    text,
    text_width,
    title_band,
    wrap_text,
)
from commissioner.reports.palette import INK, MUTED, RULE, rating_colour, rating_tint

_T = TypeVar("_T")
_COUNT_SIZE = 10.0
_BAND_SIZE = 5.5
_AXIS_TITLE = 12.0
_KEY_ROW = 14.0
#: Height of a row of the key under the grid.
_KEY_LINE = 12.0
#: Between the grid and a key beside it, and between the key's columns under the grid.
_KEY_GAP = 16.0
_SWATCH = 9.0
#: Level names shrink this far to stay whole before they are cut.
_SIZES = (LABEL_SIZE, 7.0, 6.5, 6.0)
#: Least room between neighbouring impact names.
_NAME_GAP = 5.0
_MIN_CELL = 18.0
_MAX_CELL = 46.0
#: Likelihood names stay on one line up to this share of the width, and never pass the other.
_ONE_LINE_SHARE = 0.14
_COLUMN_SHARE = 0.22
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
class _Names:
    """The level names as lines at one size, and the grid they leave room for."""

    size: float
    likelihood: tuple[tuple[str, ...], ...]
    impact: tuple[tuple[str, ...], ...]
    left: float
    cell_width: float


@dataclass(frozen=True)
class _Layout:
    names: _Names
    bottom: float
    cell_height: float
    #: The key's left edge beside the grid, or None when it sits in rows under the grid.
    key_left: float | None

    @property
    def left(self) -> float:
        return self.names.left

    @property
    def cell_width(self) -> float:
        return self.names.cell_width


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
    _add_labels(drawing, layout, grid, fonts)
    if layout.key_left is not None:
        top = height - title_band(block.title, width, fonts) - 4
        _add_key(drawing, layout.key_left, key, band_colours, top, fonts)
    elif key:
        _add_key_below(drawing, key, band_colours, fonts)
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
    """Where the grid, its names and the key go, and the drawing's height.

    The key goes beside the grid while the impact names still fit whole at full size
    there; otherwise (half-width maps) in rows under the grid, which then takes the
    whole width. Names wrap at spaces, then shrink to 6 pt, and only then are cut.
    """
    key_room = _key_width(key, fonts) + _KEY_GAP if key else 0.0
    tries = [(LABEL_SIZE, key_room)] if key else []
    tries += [(size, 0.0) for size in _SIZES]
    fitted = next(
        (
            (names, room)
            for size, room in tries
            if (names := _fit_names(block, grid, width - room, size, fonts)) is not None
        ),
        None,
    )
    names, room = fitted or (_cut_names(block, grid, width, fonts), 0.0)
    cell_height = min(max(names.cell_width * 0.85, _MIN_CELL), _MAX_CELL)
    beside = bool(room)
    grid_h = grid.rows * cell_height
    body = max(grid_h, (len(key) + 1) * _KEY_ROW if beside else 0.0)
    below = 0.0 if beside or not key else _key_rows(key, width, fonts)[2] * _KEY_LINE + 2
    footer = _impact_height(names) + _AXIS_TITLE + 6 + below
    height = title_band(block.title, width, fonts) + 4 + body + footer
    key_left = names.left + grid.columns * names.cell_width + _KEY_GAP if beside else None
    return _Layout(names, footer + body - grid_h, cell_height, key_left), height


def _key_width(key: list[tuple[str, int]], fonts: ChartFonts) -> float:
    texts = [_key_text(band, total) for band, total in key] + ["Key"]
    return max(text_width(item, fonts.regular, LABEL_SIZE) for item in texts) + _SWATCH + 6


def _impact_height(names: _Names) -> float:
    return max((len(lines) for lines in names.impact), default=1) * (names.size + 2)


def _level_names(block: HeatMap, grid: _Grid) -> tuple[list[str], list[str]]:
    likelihood = [_level_name(block.likelihood_labels, level) for level in range(grid.rows)]
    return likelihood, [_level_name(block.impact_labels, column) for column in range(grid.columns)]


def _fit_names(
    block: HeatMap, grid: _Grid, room: float, size: float, fonts: ChartFonts
) -> _Names | None:
    """The names at `size` whole, with the grid and its names within `room`; else None.

    An impact name wider than its cell may borrow room from shorter neighbours.
    """
    font = fonts.regular
    likelihood, impact = _level_names(block, grid)
    one_line = max(text_width(name, font, size) for name in likelihood)
    column = one_line
    if one_line > room * _ONE_LINE_SHARE:  # "Almost / certain" on two lines
        column = max(_narrowest(name, font, size)[0] for name in likelihood)
    if column > room * _COLUMN_SHARE:
        return None
    left = _AXIS_TITLE + column + 5
    cell = min((room - left - 2) / grid.columns, _MAX_CELL * 1.6)
    lines = [_lines(name, font, size, cell - 2) for name in impact]
    widths = [max(text_width(line, font, size) for line in item) for item in lines]
    cell = min(cell, (room - left - widths[-1] / 2) / (grid.columns - 0.5))
    apart = all((a + b) / 2 + _NAME_GAP <= cell for a, b in itertools.pairwise(widths))
    if not apart or left + cell / 2 - widths[0] / 2 < 0 or cell < 4:
        return None
    rows = tuple(tuple(wrap_text(name, font, size, column, 2)) for name in likelihood)
    return _Names(size, rows, tuple(lines), left, cell)


def _cut_names(block: HeatMap, grid: _Grid, width: float, fonts: ChartFonts) -> _Names:
    """The names at the smallest size, cut with "…" to their column and cells."""
    font, size = fonts.regular, _SIZES[-1]
    likelihood, impact = _level_names(block, grid)
    widest = max(_narrowest(name, font, size)[0] for name in likelihood)
    column = min(widest, width * _COLUMN_SHARE)
    left = _AXIS_TITLE + column + 5
    cell = max(min((width - left - 2) / grid.columns, _MAX_CELL * 1.6), 4.0)
    rows = tuple(tuple(wrap_text(name, font, size, column, 2)) for name in likelihood)
    columns = tuple(tuple(wrap_text(name, font, size, cell - 2, 2)) for name in impact)
    return _Names(size, rows, columns, left, cell)


def _lines(name: str, font: str, size: float, room: float) -> tuple[str, ...]:
    """The name within `room` on up to two lines, else on its narrowest two lines, uncut."""
    lines = wrap_text(name, font, size, room, 2)
    if " ".join(lines) == " ".join(name.split()):
        return tuple(lines)
    return _narrowest(name, font, size)[1]


def _narrowest(name: str, font: str, size: float) -> tuple[float, tuple[str, ...]]:
    """The narrowest way to print the name on one or two lines broken at a space."""
    words = name.split() or [""]
    splits: list[tuple[str, ...]] = [(" ".join(words),)]
    splits += [(" ".join(words[:at]), " ".join(words[at:])) for at in range(1, len(words))]
    return min((max(text_width(line, font, size) for line in lines), lines) for lines in splits)


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
    if band and height >= 28:
        drawing.add(text(centre, y + 3, band, fonts.regular, _BAND_SIZE, ink, "middle"))


def _level_name(names: tuple[str, ...], level: int) -> str:
    """A level's label, or its number when the block names fewer levels than it draws."""
    return (names[level] if level < len(names) else "") or str(level + 1)


def _add_labels(drawing: Drawing, layout: _Layout, grid: _Grid, fonts: ChartFonts) -> None:
    """Likelihood levels up the left (highest at the top) and impact levels along the bottom."""
    font, size = fonts.regular, layout.names.size
    for level, lines in enumerate(layout.names.likelihood):
        middle = layout.bottom + (level + 0.5) * layout.cell_height
        for row, line in enumerate(lines):
            y = middle + (len(lines) / 2 - row - 1) * (size + 1) + 1.5
            drawing.add(text(layout.left - 4, y, line, font, size, INK, "end"))
    for impact, lines in enumerate(layout.names.impact):
        centre = layout.left + (impact + 0.5) * layout.cell_width
        for row, line in enumerate(lines):
            y = layout.bottom - (row + 1) * (size + 2)
            drawing.add(text(centre, y, line, font, size, INK, "middle"))
    _add_axis_titles(drawing, layout, grid, fonts)


def _add_axis_titles(drawing: Drawing, layout: _Layout, grid: _Grid, fonts: ChartFonts) -> None:
    middle = layout.bottom + grid.rows * layout.cell_height / 2
    title = rotated_text(LABEL_SIZE, middle, "Likelihood", fonts.bold, LABEL_SIZE, 90, "middle")
    drawing.add(title)
    centre = layout.left + grid.columns * layout.cell_width / 2
    y = layout.bottom - _impact_height(layout.names) - _AXIS_TITLE
    drawing.add(text(centre, y, "Impact", fonts.bold, LABEL_SIZE, MUTED, "middle"))


def _add_key(
    drawing: Drawing,
    left: float,
    key: list[tuple[str, int]],
    band_colours: _Colours,
    top: float,
    fonts: ChartFonts,
) -> None:
    """The key beside the grid, one band to a row under the word "Key"."""
    room = drawing.width - left - _SWATCH - 4
    drawing.add(text(left, top - LABEL_SIZE, "Key", fonts.bold, LABEL_SIZE, MUTED))
    for number, (band, total) in enumerate(key, start=1):
        y = top - number * _KEY_ROW - LABEL_SIZE
        strong, _ = band_colours[band]
        drawing.add(Rect(left, y - 1.5, _SWATCH, _SWATCH, fillColor=strong, strokeColor=None))
        label = fit_text(_key_text(band, total), fonts.regular, LABEL_SIZE, room)
        drawing.add(text(left + _SWATCH + 4, y, label, fonts.regular, LABEL_SIZE, INK))


def _key_rows(
    key: list[tuple[str, int]], width: float, fonts: ChartFonts
) -> tuple[float, int, int]:
    """A key under the grid as a table: the column width, bands to a row and rows."""
    indent = text_width("Key", fonts.bold, LABEL_SIZE) + 8
    widest = max(text_width(_key_text(*item), fonts.regular, LABEL_SIZE) for item in key)
    column = min(_SWATCH + 4 + widest + _KEY_GAP, width - indent)
    fit = max(int((width - indent + _KEY_GAP) // column), 1)
    rows = math.ceil(len(key) / fit)
    return column, math.ceil(len(key) / rows), rows


def _add_key_below(
    drawing: Drawing, key: list[tuple[str, int]], band_colours: _Colours, fonts: ChartFonts
) -> None:
    """The key in rows at the foot of the drawing: "Key" then the bands, most severe first."""
    column, per_row, rows = _key_rows(key, drawing.width, fonts)
    indent = text_width("Key", fonts.bold, LABEL_SIZE) + 8
    room = column - _SWATCH - 4 - _KEY_GAP
    top = rows * _KEY_LINE
    drawing.add(text(0, top - _KEY_LINE + 3, "Key", fonts.bold, LABEL_SIZE, MUTED))
    for number, (band, total) in enumerate(key):
        x = indent + (number % per_row) * column
        y = top - (number // per_row + 1) * _KEY_LINE + 3
        strong, _ = band_colours[band]
        drawing.add(Rect(x, y - 1.5, _SWATCH, _SWATCH, fillColor=strong, strokeColor=None))
        label = fit_text(_key_text(band, total), fonts.regular, LABEL_SIZE, room)
        drawing.add(text(x + _SWATCH + 4, y, label, fonts.regular, LABEL_SIZE, INK))
