"""Reading finance exports: which column is which, periods, amounts and total rows."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.io.actuals_mapping import (
    ActualsField,
    financial_year_in,
    guess_columns,
    is_known_header,
    is_total,
    read_amount,
    read_period,
    year_choice_label,
)
from commissioner.io.spreadsheet import Cell, SheetRow, SheetTable

F = ActualsField
D = dt.date


def table(columns: list[str], *rows: list[Cell]) -> SheetTable:
    return SheetTable(
        "export.csv",
        "export",
        1,
        tuple(columns),
        tuple(SheetRow(n + 2, tuple(cells)) for n, cells in enumerate(rows)),
    )


# --- Guessing the columns -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (  # an Oracle-style GL listing
            ["Cost Centre", "Account", "Description", "Period", "Posting Date", "Amount (£)"],
            {
                F.COST_CENTRE: 0,
                F.ACCOUNT: 1,
                F.DESCRIPTION: 2,
                F.PERIOD: 3,
                F.POSTING_DATE: 4,
                F.AMOUNT: 5,
            },
        ),
        (  # Unit4 / Agresso words
            ["Cost Centre Code", "Subjective", "Narrative", "Fin Year", "Per", "Value GBP"],
            {
                F.COST_CENTRE: 0,
                F.ACCOUNT: 1,
                F.DESCRIPTION: 2,
                F.FINANCIAL_YEAR: 3,
                F.PERIOD: 4,
                F.AMOUNT: 5,
            },
        ),
        (  # one combined code, a transaction date and "£" alone as the amount's name
            ["GL Code", "Transaction Date", "Details", "£"],
            {F.FINANCE_CODE: 0, F.POSTING_DATE: 1, F.DESCRIPTION: 2, F.AMOUNT: 3},
        ),
        (  # a spreadsheet someone made by hand
            ["Budget line", "Month", "Actual spend", "Comments"],
            {F.LINE_NAME: 0, F.PERIOD: 1, F.AMOUNT: 2, F.DESCRIPTION: 3},
        ),
        (  # snake_case from a data warehouse
            ["cost_center", "nominal_code", "gl_date", "net_amount"],
            {F.COST_CENTRE: 0, F.ACCOUNT: 1, F.POSTING_DATE: 2, F.AMOUNT: 3},
        ),
    ],
)
def test_realistic_headers_are_guessed(columns: list[str], expected: dict[F, int]) -> None:
    assert guess_columns(table(columns, ["x"] * len(columns))) == expected  # fmt: skip


def test_each_field_takes_one_column_only() -> None:
    choice = guess_columns(table(["Amount", "Value", "Period", "Month"], [1.5, 2.5, "P01", "x"]))
    assert choice == {F.AMOUNT: 0, F.PERIOD: 2}


def test_unknown_names_are_guessed_from_their_values() -> None:
    guessed = guess_columns(
        table(
            ["Cost Centre", "Sum of trans", "Per/Yr", "Line no"],
            ["C1", "£1,200.00", "Oct-26", 1],
            ["C1", "(300.00)", "Nov-26", 2],
        )
    )
    # Line numbers 1, 2 … look like periods but plain numbers are never guessed as one.
    assert guessed == {F.COST_CENTRE: 0, F.AMOUNT: 1, F.PERIOD: 2}


def test_title_rows_are_not_taken_for_column_names() -> None:
    assert is_known_header("Cost Centre") and is_known_header("Amount (£)")
    assert not is_known_header("Eastbrook Borough Council - GL transaction listing")


# --- Periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("P01", D(2026, 4, 1)),  # P01 is the first month of an April financial year
        ("P10", D(2027, 1, 1)),  # P10 is January of the next calendar year
        ("P12", D(2027, 3, 1)),
        ("Period 7", D(2026, 10, 1)),
        ("P07 2026/27", D(2026, 10, 1)),
        ("2025/26 P7", D(2025, 10, 1)),  # the year in the cell beats the file's
        ("P10 FY25/26", D(2026, 1, 1)),
        ("P13 2026/27", D(2027, 3, 1)),  # year-end adjustments belong to March
        (7, D(2026, 10, 1)),
        ("Oct-26", D(2026, 10, 1)),
        ("October 2026", D(2026, 10, 1)),
        ("Sept 2026", D(2026, 9, 1)),
        ("2026-10", D(2026, 10, 1)),
        ("10/2026", D(2026, 10, 1)),
        ("15/10/2026", D(2026, 10, 1)),
        ("2026-10-15", D(2026, 10, 1)),
        (D(2026, 10, 31), D(2026, 10, 1)),
        ("February", D(2027, 2, 1)),  # a month alone is in the file's financial year
    ],
)
def test_periods_with_an_april_start(value: Cell, month: dt.date) -> None:
    assert read_period(value, 4, 2026) == (month, "")


def test_periods_follow_the_councils_start_month() -> None:
    assert read_period("P01", 1, 2026) == (D(2026, 1, 1), "")
    assert read_period("P10", 7, 2026) == (D(2027, 4, 1), "")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Adj", "“Adj” is not a month or a financial period"),
        ("Q3", "“Q3” is not a month or a financial period"),
        ("P17", "there is no period 17"),
        (202607, "could be a financial period or a calendar month"),
        ("202607", "could be a financial period or a calendar month"),
        (None, "no period or date"),
    ],
)
def test_unreadable_periods_say_why(value: Cell, problem: str) -> None:
    month, reason = read_period(value, 4, 2026)
    assert month is None and problem in reason


def test_a_period_without_any_year_asks_for_one() -> None:
    assert read_period("P07", 4, None) == (
        None,
        "period 7 has no financial year; choose one for the file",
    )


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2026/27", 2026),
        ("2026-27", 2026),
        ("FY26/27", 2026),
        ("2026/2027", 2026),
        ("Financial year 2026/27 actuals", 2026),
        (2026, 2026),
        ("2026/28", None),  # not one year to the next
        ("Actuals", None),
    ],
)
def test_financial_year_labels(text: Cell, year: int | None) -> None:
    assert financial_year_in(text) == year


def test_the_year_chooser_says_where_p01_falls() -> None:
    assert year_choice_label(2026, 4) == "2026/27 (P01 = April 2026)"


# --- Amounts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "pence"),
    [
        ("£1,234.56", 123_456),
        ("(1,234.56)", -123_456),
        ("(£1,200.00)", -120_000),
        ("£(300.00)", -30_000),
        ("-£5.00", -500),
        ("£ 42", 4_200),
        ("45.00 CR", -4_500),
        ("45.00 DR", 4_500),
        ("-", 0),
        (1234.56, 123_456),
        (-512.4, -51_240),
        (0.1 + 0.2, 30),  # float noise from a workbook is not a fraction of a penny
        (12, 1_200),
    ],
)
def test_amounts_become_exact_pence(value: Cell, pence: int) -> None:
    assert read_amount(value) == (pence, "")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("TBC", "the amount “TBC” is not a number"),
        ("1,23", "the amount “1,23” is not a number"),
        (D(2026, 1, 1), "is a date, not a number"),
        (None, "no amount"),
    ],
)
def test_amounts_that_are_not_numbers(value: Cell, problem: str) -> None:
    pence, reason = read_amount(value)
    assert pence is None and problem in reason


# --- Total rows -------------------------------------------------------------------------


def test_total_rows_are_recognised_but_not_transactions_named_total() -> None:
    assert is_total(["Total", None, None], [])
    assert is_total(["C4410", "5001"], ["Sub-total"])
    assert is_total([None], ["Cost centre C4410 total"])
    assert is_total([None], ["Grand total:"])
    assert not is_total(["C4410", "5001"], ["Total Care Ltd invoice 3321"])
    assert not is_total(["C4410"], [None, "Provider payments"])
