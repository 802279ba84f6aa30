"""Money typed as commissioners type it, held exactly in pence."""

from __future__ import annotations

import pytest

from commissioner.models.money import MoneyFormatError, format_pounds, parse_pounds


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£1,250,000.50", 125_000_050),
        ("1250000", 125_000_000),
        ("  £ 99.9  ", 9_990),
        ("0.01", 1),
        ("850k", 85_000_000),
        ("850K", 85_000_000),
        ("1.2m", 120_000_000),
        ("£1.25M", 125_000_000),
        ("2.5k", 250_000),
        ("-£40", -4_000),
        ("£-40", -4_000),
        ("- 1,000", -100_000),
    ],
)
def test_parse_pounds_reads_the_ways_commissioners_type_money(text: str, pence: int) -> None:
    assert parse_pounds(text) == pence


@pytest.mark.parametrize(("text", "pence"), [("£0.29", 29), ("1.15m", 115_000_000)])
def test_parse_pounds_is_exact_where_floating_point_would_lose_a_penny(
    text: str, pence: int
) -> None:
    assert parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_blank_money_means_no_amount(text: str) -> None:
    assert parse_pounds(text) is None


@pytest.mark.parametrize(
    "text", ["twelve", "£", "k", "1e6", "£1.2.3", "5 pounds", "££5", "1,000.5.0"]
)
def test_text_that_is_not_money_is_refused_with_the_text_quoted(text: str) -> None:
    with pytest.raises(MoneyFormatError, match="is not an amount in pounds") as error:
        parse_pounds(text)
    assert text.strip() in str(error.value)


@pytest.mark.parametrize("text", ["12,34", "1,2345", "1,,000", "1000,000"])
def test_misplaced_thousands_separators_are_refused(text: str) -> None:
    with pytest.raises(MoneyFormatError, match="misplaced thousands separators"):
        parse_pounds(text)


@pytest.mark.parametrize(
    ("pence", "with_pence", "shown"),
    [
        (None, False, ""),
        (0, False, "£0"),
        (125_000_000, False, "£1,250,000"),
        (125_000_050, True, "£1,250,000.50"),
        (5, True, "£0.05"),
        (149, False, "£1"),
        (150, False, "£2"),
        (-150, False, "−£2"),
        (-12_345, True, "−£123.45"),
    ],
)
def test_format_pounds_shows_pounds_with_separators_rounding_half_up(
    pence: int | None, with_pence: bool, shown: str
) -> None:
    assert format_pounds(pence, with_pence=with_pence) == shown


@pytest.mark.parametrize("pence", [1, 99, 100, 125_000_050, 10**14 + 1])
def test_an_amount_shown_with_pence_reads_back_unchanged(pence: int) -> None:
    assert parse_pounds(format_pounds(pence, with_pence=True)) == pence


def test_a_negative_amount_shown_by_the_app_reads_back_unchanged() -> None:
    assert parse_pounds(format_pounds(-12_345, with_pence=True)) == -12_345


def test_millions_with_three_decimals_are_understood() -> None:
    assert parse_pounds("1.375m") == 137_500_000


@pytest.mark.parametrize("text", ["1.234", "£0.001", "1.234567k"])
def test_fractions_of_a_penny_are_refused(text: str) -> None:
    with pytest.raises(MoneyFormatError, match="more than two decimal places"):
        parse_pounds(text)


def test_signed_pounds_always_shows_the_direction() -> None:
    from commissioner.models.money import signed_pounds

    assert signed_pounds(4_000_000) == "+£40,000"
    assert signed_pounds(-2_500_000) == "−£25,000"
    assert signed_pounds(0) == "£0"
