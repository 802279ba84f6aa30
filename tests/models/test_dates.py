"""Dates typed the UK way, and shown the UK way."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.models.dates import DateFormatError, format_date, parse_date

MARCH_31 = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    "text",
    [
        "31/03/2026",
        "31-03-2026",
        "31.03.2026",
        "2026-03-31",
        "31 Mar 2026",
        "31 mar 2026",
        "31 March 2026",
        "31/03/26",
        "  31   Mar   2026  ",
        "31/3/2026",
    ],
)
def test_parse_date_reads_the_ways_commissioners_type_dates(text: str) -> None:
    assert parse_date(text) == MARCH_31


def test_day_comes_before_month_as_in_the_uk() -> None:
    assert parse_date("03/04/2026") == dt.date(2026, 4, 3)


def test_leap_day_in_a_leap_year_is_accepted() -> None:
    assert parse_date("29/02/2028") == dt.date(2028, 2, 29)


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_date_means_no_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["31/02/2026", "29/02/2025", "2026-02-30", "13/13/2026"])
def test_impossible_calendar_dates_are_refused_as_not_real(text: str) -> None:
    with pytest.raises(DateFormatError, match="is not a real date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["next Tuesday", "31/03", "March", "2026"])
def test_text_that_is_not_a_date_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(DateFormatError, match="is not a date; use DD/MM/YYYY"):
        parse_date(text)


def test_format_date_shows_day_month_year() -> None:
    assert format_date(dt.date(2026, 4, 1)) == "01/04/2026"


def test_format_date_of_no_date_is_blank() -> None:
    assert format_date(None) == ""


@pytest.mark.parametrize("value", [dt.date(1990, 1, 1), MARCH_31, dt.date(2100, 12, 31)])
def test_a_date_shown_by_the_app_reads_back_unchanged(value: dt.date) -> None:
    assert parse_date(format_date(value)) == value
