"""Gantt-style timelines: stages as bars against dates, gate milestones and today.

The date axis picks months, quarters or years to suit the span. An open-ended bar
(no end date yet) runs to the right edge with an arrow. The status word, and the
rating word when there is one, is printed after each bar: its tint is never the
only signal. A gate's label runs right of its diamond to the drawing's edge, and
wraps onto a second line (after "gate:" where it can) rather than being cut.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect

from commissioner.models.dates import format_date
from commissioner.reports.blocks import Timeline, TimelineBar
from commissioner.reports.charts_common import (
    LABEL_SIZE,
    TICK_SIZE,
    WHITE,
    ChartFonts,
    add_empty_note,
    add_title,
    fit_text,
    grid_line,
    text,
    text_width,
    title_band,
    wrap_text,
)
from commissioner.reports.palette import INK, MUTED, RULE, ZEBRA, rating_colour, rating_tint

_ROW = 16.0
_BAR = 9.0
_LANE = 11.0
_TODAY_ROW = 12.0
_AXIS_ROOM = 14.0
#: A label goes left of its diamond only when less than this is left on the right.
_RIGHT_ROOM = 80.0
_LABEL_GAP = 6.0


@dataclass(frozen=True)
class _Span:
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return max((self.last - self.first).days, 1)


@dataclass(frozen=True)
class _Frame:
    """Where things go: the date area's edges and the top of the first bar row."""

    left: float
    right: float
    rows_top: float
    bottom: float
    span: _Span

    def x(self, day: dt.date) -> float:
        offset = (day - self.span.first).days / self.span.days
        return self.left + offset * (self.right - self.left)


@dataclass(frozen=True)
class _Milestone:
    x: float
    #: The label's lines, one to a lane, right of the diamond (or left of it, `before`).
    lines: tuple[str, ...]
    before: bool
    #: The extent (diamond and label), left to right; and its first lane from the top.
    start: float
    end: float
    lane: int


def draw_timeline(block: Timeline, width: float, fonts: ChartFonts) -> Drawing:
    today = _parse(block.today)
    span = _span(block, today)
    left = _label_column(block.bars, width, fonts)
    right = width - _status_room(block.bars, width, fonts)
    milestones = _place_milestones(block, span, left, right, width, fonts)
    lanes = _lane_count(milestones)
    rows = max(len(block.bars), 1)
    title_h = title_band(block.title, width, fonts)
    height = title_h + _TODAY_ROW + lanes * _LANE + rows * _ROW + _AXIS_ROOM
    drawing = Drawing(width, height)
    add_title(drawing, block.title, fonts)
    frame = _Frame(left, right, _AXIS_ROOM + rows * _ROW, _AXIS_ROOM, span)
    if not block.bars and not milestones:
        add_empty_note(drawing, frame.rows_top + lanes * _LANE, "No stages to show.", fonts)
        return drawing
    # Layered back to front: stripes, date grid, guides, bars, today, then the labels on top.
    _add_stripes(drawing, frame, len(block.bars))
    _add_axis(drawing, frame, fonts)
    _add_guides(drawing, frame, milestones)
    _add_rows(drawing, frame, block.bars, fonts)
    if today is not None:
        _add_today(drawing, frame, today, height - title_h, fonts)
    _add_statuses(drawing, frame, block.bars, fonts)
    _add_milestones(drawing, frame, milestones, fonts)
    return drawing


def _parse(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None


def _span(block: Timeline, today: dt.date | None) -> _Span:
    """Whole months covering every bar, milestone and today, with room for open bars."""
    dates = [_parse(item) for bar in block.bars for item in (bar.start, bar.end)]
    dates += [_parse(day) for _, day in block.milestones] + [today]
    known = [day for day in dates if day is not None]
    if not known:
        known = [dt.date.today()]
    first, last = min(known), max(known)
    if any(not bar.end for bar in block.bars):
        last += dt.timedelta(days=max((last - first).days // 10, 31))
    first = first.replace(day=1)
    last = _add_months(last.replace(day=1), 1)
    while (last - first).days < 88:  # at least three months, so a short stage still reads
        last = _add_months(last, 1)
    return _Span(first, last)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _label_column(bars: tuple[TimelineBar, ...], width: float, fonts: ChartFonts) -> float:
    widest = max((text_width(bar.label, fonts.regular, LABEL_SIZE) for bar in bars), default=0)
    return min(widest, width * 0.3) + 8


def _status(bar: TimelineBar) -> str:
    """The status word, with the rating word beside it when the bar has one."""
    if bar.rating and bar.rating.strip().lower() != bar.status.strip().lower():
        return f"{bar.status} · {bar.rating}" if bar.status else bar.rating
    return bar.status


def _status_room(bars: tuple[TimelineBar, ...], width: float, fonts: ChartFonts) -> float:
    widest = max((text_width(_status(bar), fonts.regular, TICK_SIZE) for bar in bars), default=0)
    return min(widest + 12, width * 0.22)


def _place_milestones(
    block: Timeline, span: _Span, left: float, right: float, width: float, fonts: ChartFonts
) -> list[_Milestone]:
    """Diamonds with their labels, each label in the first lanes where it touches nothing.

    A label runs right of its diamond to the drawing's edge, on a second line if it
    must; it goes left of the diamond only when the diamond is near the right edge.
    """
    frame = _Frame(left, right, 0, 0, span)
    dated = sorted(
        (day, label) for label, iso in block.milestones if (day := _parse(iso)) is not None
    )
    lane_ends: list[float] = []
    placed: list[_Milestone] = []
    for day, label in dated:
        x = frame.x(day)
        lines, left_side = _label_place(
            label, width - x - _LABEL_GAP - 1, x - _LABEL_GAP - 1, fonts
        )
        wide = max(text_width(line, fonts.regular, TICK_SIZE) for line in lines)
        if left_side:
            start, end = x - _LABEL_GAP - wide, x + 5
        else:
            start, end = x - 5, x + _LABEL_GAP + wide
        lane = _free_lane(lane_ends, start, len(lines))
        lane_ends += [-math.inf] * (lane + len(lines) - len(lane_ends))
        lane_ends[lane : lane + len(lines)] = [end] * len(lines)
        placed.append(_Milestone(x, tuple(lines), left_side, start, end, lane))
    return placed


def _label_place(
    label: str, after: float, before: float, fonts: ChartFonts
) -> tuple[list[str], bool]:
    """The label's lines, and whether they go before (left of) the diamond.

    In turn: one line after it; two lines after it, unless it is near the right edge;
    one line before it; two lines before it; and failing all, cut on the roomier side.
    """
    tries = [(after, False, 1), (after, False, 2 if after >= _RIGHT_ROOM else 1)]
    tries += [(before, True, 1), (before, True, 2)]
    for room, left_side, count in tries:
        lines = _label_lines(label, room, fonts)
        if len(lines) <= count and " ".join(lines) == " ".join(label.split()):
            return lines, left_side
    left_side = before > after
    return _label_lines(label, before if left_side else after, fonts), left_side


def _label_lines(label: str, room: float, fonts: ChartFonts) -> list[str]:
    """The label on one line if it fits `room`, else on two: after its colon if that fits,
    else in halves, else as many words as fit on the first."""
    font, whole = fonts.regular, text_width(label, fonts.regular, TICK_SIZE)
    if whole <= room:
        return [" ".join(label.split())]
    head, colon, tail = label.partition(": ")
    parts = [head + colon.rstrip(), tail.strip()]
    if tail.strip() and all(text_width(part, font, TICK_SIZE) <= room for part in parts):
        return parts
    for width in (min(room, whole / 2 + 20), room):
        lines = wrap_text(label, font, TICK_SIZE, width, 2)
        if " ".join(lines) == " ".join(label.split()):
            break
    return lines or [""]


def _free_lane(lane_ends: list[float], start: float, count: int) -> int:
    """The first lane from the top where `count` lanes in a row are clear from `start`."""
    lane = 0
    while any(end + 4 > start for end in lane_ends[lane : lane + count]):
        lane += 1
    return lane


def _add_stripes(drawing: Drawing, frame: _Frame, count: int) -> None:
    for index in range(0, count, 2):
        top = frame.rows_top - index * _ROW
        drawing.add(Rect(0, top - _ROW, drawing.width, _ROW, fillColor=ZEBRA, strokeColor=None))


def _extent(frame: _Frame, bar: TimelineBar) -> tuple[float, float] | None:
    """Where a bar starts and ends across the page; None for a stage without a start date."""
    start, end = _parse(bar.start), _parse(bar.end)
    if start is None:
        return None
    x0 = frame.x(start)
    x1 = frame.x(end) if end is not None else frame.right
    return min(x0, x1), max(x0, x1, min(x0, x1) + 2)


def _add_rows(
    drawing: Drawing, frame: _Frame, bars: tuple[TimelineBar, ...], fonts: ChartFonts
) -> None:
    for index, bar in enumerate(bars):
        middle = frame.rows_top - (index + 0.5) * _ROW
        label = fit_text(bar.label, fonts.regular, LABEL_SIZE, frame.left - 8)
        drawing.add(text(0, middle - LABEL_SIZE * 0.35, label, fonts.regular, LABEL_SIZE, INK))
        extent = _extent(frame, bar)
        if extent is None:
            continue
        fill = (rating_tint(bar.rating) if bar.rating else None) or RULE
        edge = (rating_colour(bar.rating) if bar.rating else None) or MUTED
        x0, x1 = extent
        low = middle - _BAR / 2
        drawing.add(Rect(x0, low, x1 - x0, _BAR, fillColor=fill, strokeColor=edge, strokeWidth=0.8))
        if not _parse(bar.end):  # open-ended: an arrow says it carries on past the edge
            arrow = [x1, low - 1.5, x1 + 5, middle, x1, low + _BAR + 1.5]
            drawing.add(Polygon(arrow, fillColor=edge, strokeColor=None))


def _add_statuses(
    drawing: Drawing, frame: _Frame, bars: tuple[TimelineBar, ...], fonts: ChartFonts
) -> None:
    """Each bar's status after its end, backed in the row's stripe so no line runs through it."""
    for index, bar in enumerate(bars):
        middle = frame.rows_top - (index + 0.5) * _ROW
        extent = _extent(frame, bar)
        status = _status(bar) if extent else _status(bar) or "No dates"
        if not status:
            continue
        x = frame.left + 2 if extent is None else extent[1] + (8 if not _parse(bar.end) else 3)
        fitted = fit_text(status, fonts.regular, TICK_SIZE, drawing.width - x - 1)
        wide = text_width(fitted, fonts.regular, TICK_SIZE)
        stripe = ZEBRA if index % 2 == 0 else WHITE
        drawing.add(Rect(x - 1, middle - 4, wide + 2, 8, fillColor=stripe, strokeColor=None))
        ink = INK if extent else MUTED
        drawing.add(text(x, middle - 2.5, fitted, fonts.regular, TICK_SIZE, ink))


def _ticks(span: _Span) -> tuple[list[dt.date], list[dt.date], str]:
    """Major (labelled) and minor tick dates and the label format, chosen for the span."""
    months = round(span.days / 30.44)
    every_month = _month_starts(span, 1)
    if months <= 8:
        return every_month, [], "%b %y"
    if months <= 48:
        quarters = [day for day in every_month if day.month in (1, 4, 7, 10)]
        return quarters, every_month, "%b %y"
    years = [day for day in every_month if day.month == 1]
    return years, [day for day in every_month if day.month in (1, 4, 7, 10)], "%Y"


def _month_starts(span: _Span, step: int) -> list[dt.date]:
    days, day = [], span.first
    while day <= span.last:
        days.append(day)
        day = _add_months(day, step)
    return days


def _add_axis(drawing: Drawing, frame: _Frame, fonts: ChartFonts) -> None:
    majors, minors, pattern = _ticks(frame.span)
    baseline = frame.bottom
    drawing.add(
        Line(frame.left, baseline, frame.right, baseline, strokeColor=MUTED, strokeWidth=0.6)
    )
    for day in minors:
        x = frame.x(day)
        drawing.add(Line(x, baseline, x, baseline - 2, strokeColor=MUTED, strokeWidth=0.4))
    labels = [day.strftime(pattern) for day in majors]
    widest = max((text_width(label, fonts.regular, TICK_SIZE) for label in labels), default=0)
    spacing = min(
        (frame.x(b) - frame.x(a) for a, b in itertools.pairwise(majors)),
        default=frame.right - frame.left,
    )
    every = max(1, math.ceil((widest + 6) / max(spacing, 1)))
    for number, (day, label) in enumerate(zip(majors, labels, strict=True)):
        x = frame.x(day)
        drawing.add(grid_line(x, baseline, x, frame.rows_top))
        drawing.add(Line(x, baseline, x, baseline - 3.5, strokeColor=MUTED, strokeWidth=0.6))
        fits = x + 2 + text_width(label, fonts.regular, TICK_SIZE) <= drawing.width
        if number % every == 0 and fits:
            drawing.add(
                text(x + 2, baseline - TICK_SIZE - 3, label, fonts.regular, TICK_SIZE, MUTED)
            )


def _lane_middle(frame: _Frame, milestones: list[_Milestone], lane: int) -> float:
    return frame.rows_top + (_lane_count(milestones) - lane - 0.5) * _LANE


def _add_guides(drawing: Drawing, frame: _Frame, milestones: list[_Milestone]) -> None:
    """Dotted lines from each diamond down through the bars, so a gate meets its stage."""
    for item in milestones:
        top = _lane_middle(frame, milestones, item.lane)
        guide = Line(item.x, frame.bottom, item.x, top, strokeColor=MUTED, strokeWidth=0.5)
        guide.strokeDashArray = [1, 1.5]
        drawing.add(guide)


def _add_milestones(
    drawing: Drawing, frame: _Frame, milestones: list[_Milestone], fonts: ChartFonts
) -> None:
    for item in milestones:
        middle = _lane_middle(frame, milestones, item.lane)
        diamond = [item.x, middle + 4, item.x + 4, middle, item.x, middle - 4, item.x - 4, middle]
        drawing.add(Polygon(diamond, fillColor=INK, strokeColor=None))
        for row, line in enumerate(item.lines):
            wide = text_width(line, fonts.regular, TICK_SIZE)
            x = item.x - _LABEL_GAP - wide if item.before else item.x + _LABEL_GAP
            y = _lane_middle(frame, milestones, item.lane + row)
            # A white backing keeps the label readable where the today line or a guide crosses.
            drawing.add(Rect(x - 1, y - 4, wide + 2, 8, fillColor=WHITE, strokeColor=None))
            drawing.add(text(x, y - 2.5, line, fonts.regular, TICK_SIZE, INK))


def _lane_count(milestones: list[_Milestone]) -> int:
    return max((item.lane + len(item.lines) for item in milestones), default=0)


def _add_today(
    drawing: Drawing, frame: _Frame, today: dt.date, top: float, fonts: ChartFonts
) -> None:
    """A dashed line at today, labelled in the row above the milestones."""
    x = frame.x(today)
    line = Line(x, frame.bottom, x, top - _TODAY_ROW + 2, strokeColor=INK, strokeWidth=0.9)
    line.strokeDashArray = [3, 2]
    drawing.add(line)
    label = f"Today {format_date(today)}"
    wide = text_width(label, fonts.bold, TICK_SIZE)
    start = min(max(x - wide / 2, 0.0), drawing.width - wide)
    drawing.add(text(start, top - TICK_SIZE - 1, label, fonts.bold, TICK_SIZE, INK))
