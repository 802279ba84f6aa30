"""Guessing columns and reading levels, money, words and dates from other registers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commissioner.io.register_levels import (
    DEFAULT_MONEY_THRESHOLDS,
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    read_impact,
    read_likelihood,
    read_money,
    words_by_level,
)
from commissioner.io.register_mapping import RegisterField, guess_mapping, normalise_header
from commissioner.io.register_rows import ReadingRules, read_date, read_row
from commissioner.io.register_words import read_category, read_status, split_actions
from commissioner.io.spreadsheet import Cell, SheetRow, SheetTable
from commissioner.models.enums import RaidStatus, RiskCategoryKind

F = RegisterField
LIKELIHOOD = words_by_level(LIKELIHOOD_WORDS)
IMPACT = words_by_level(IMPACT_WORDS)


def table(columns: tuple[str, ...], *rows: tuple[Cell, ...]) -> SheetTable:
    sheet_rows = tuple(SheetRow(number, row) for number, row in enumerate(rows, start=2))
    return SheetTable("r.csv", "r", 1, columns, sheet_rows)


def guess(*columns: str, rows: tuple[tuple[Cell, ...], ...] = ()) -> tuple[F | None, ...]:
    return guess_mapping(table(columns, *rows))


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ref", F.REFERENCE),
        ("Risk ID", F.REFERENCE),
        ("Risk No.", F.REFERENCE),
        ("Risk_ID", F.REFERENCE),
        ("Risk title", F.TITLE),
        ("Risk description", F.DESCRIPTION),
        ("Description", F.DESCRIPTION),
        ("L", F.LIKELIHOOD),
        ("Likelihood (1-5)", F.LIKELIHOOD),
        ("Probability", F.LIKELIHOOD),
        ("I", F.IMPACT),
        ("Impact", F.IMPACT),
        ("Severity", F.IMPACT),
        ("Impact (1 to 5)", F.IMPACT),
        ("Score", F.SCORE),
        ("L x I", F.SCORE),
        ("Rating", F.RATING),
        ("RAG", F.RATING),
        ("Owner", F.OWNER),
        ("Risk owner", F.OWNER),
        ("Action owner", F.ACTIONEE),
        ("Review date", F.REVIEW_DATE),
        ("Next review", F.REVIEW_DATE),
        ("Date raised", F.RAISED_DATE),
        ("Status", F.STATUS),
        ("Mitigation", F.MITIGATION),
        ("Controls", F.MITIGATION),
        ("Mitigation_Strategy", F.MITIGATION),
        ("Risk category", F.CATEGORY),
        ("Response", F.RESPONSE),
        ("Residual likelihood", F.RESIDUAL_LIKELIHOOD),
        ("Net impact", F.RESIDUAL_IMPACT),
        ("Target likelihood", F.TARGET_LIKELIHOOD),
        ("Cause", F.CAUSE),
    ],
)
def test_header_variants(header: str, field: F) -> None:
    assert guess(header) == (field,)


def test_unknown_columns_are_left_out() -> None:
    assert guess("Incident_Count", "Schedule Impact?", rows=(("11", "Yes"),)) == (None, None)


def test_second_likelihood_and_impact_columns_are_the_residual_score() -> None:
    mapping = guess("Likelihood", "Impact", "Likelihood (2)", "Impact (2)")
    assert mapping == (F.LIKELIHOOD, F.IMPACT, F.RESIDUAL_LIKELIHOOD, F.RESIDUAL_IMPACT)


def test_consequence_is_an_impact_when_it_holds_levels_and_text_otherwise() -> None:
    levels = guess("Consequence", rows=(("Major",), ("3",), ("Minor",)))
    text = guess("Consequence", rows=(("Residents left without care",),))
    assert levels == (F.IMPACT,) and text == (F.CONSEQUENCE,)


def test_money_columns_named_like_risks_are_the_impact() -> None:
    rows = (("300,000 CHF", "20%", "60,000 CHF", "150,000 CHF"),)
    mapping = guess("Initial risk", "Likelihood", "Likely Initial Risk", "Residual risk", rows=rows)
    assert mapping == (F.IMPACT, F.LIKELIHOOD, None, F.RESIDUAL_IMPACT)


def test_normalise_header() -> None:
    assert normalise_header("  Likelihood (1-5) ") == "likelihood"
    assert normalise_header("Recurrence_Rate_%") == "recurrence rate"
    assert normalise_header("Likelihood (2)") == "likelihood"


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (3, 3),
        (3.0, 3),
        ("4", 4),
        ("4 - Likely", 4),
        ("Possible (3)", 3),
        ("Rare", 1),
        ("very low", 1),
        ("Unlikely", 2),
        ("Medium", 3),
        ("Likely", 4),
        ("High", 4),
        ("Almost certain", 5),
        ("Very High", 5),
        ("0%", 1),
        ("5%", 1),
        ("5.5%", 2),
        ("20%", 2),
        ("50%", 3),
        ("80%", 4),
        ("81%", 5),
        ("99%", 5),
        (0.25, 3),
    ],
)
def test_likelihood_levels(value: Cell, level: int) -> None:
    assert read_likelihood(value, LIKELIHOOD).level == level


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, 1),
        ("Insignificant", 1),
        ("Minor", 2),
        ("Moderate", 3),
        ("Major", 4),
        ("High", 4),
        ("Severe", 5),
        ("Catastrophic", 5),
        ("Critical", 5),
        ("£9,999", 1),
        ("£10k", 2),
        ("£99,999.99", 2),
        ("£100,000", 3),
        ("£999,999", 4),
        ("£1m", 5),
        ("GBP 2,000,000", 5),
        (250_000, 3),
    ],
)
def test_impact_levels(value: Cell, level: int) -> None:
    assert read_impact(value, IMPACT).level == level


def test_likelihood_and_impact_words_are_separate_vocabularies() -> None:
    assert read_likelihood("Severe", LIKELIHOOD).level is None
    assert read_impact("Likely", IMPACT).level is None
    assert "not a level we recognise" in read_impact("Likely", IMPACT).problem


def test_the_councils_own_words_come_first() -> None:
    words = words_by_level(IMPACT_WORDS, [(5, "Very serious"), (2, "High")])
    assert read_impact("very serious", words).level == 5
    assert read_impact("High", words).level == 2  # the council's High, not the common one


def test_out_of_range_numbers_are_refused_with_a_reason() -> None:
    assert read_likelihood(7, LIKELIHOOD).problem == "likelihood 7 is not a level from 1 to 5"
    assert read_likelihood(2.5, LIKELIHOOD).level is None
    assert read_likelihood("150%", LIKELIHOOD).level is None


def test_money_in_other_currencies_is_reported_and_negative_money_is_an_opportunity() -> None:
    chf = read_impact("300,000 CHF", IMPACT)
    assert chf.level == 3 and chf.currency == "CHF" and "300,000 CHF" in chf.note
    assert read_impact("-3,150,000 CHF", IMPACT).problem == "opportunity"
    assert read_money("(1,000)") == read_money("-£1,000")
    assert read_money("€2.5m") is not None and read_money("€2.5m").amount == Decimal(2_500_000)  # type: ignore[union-attr]
    assert read_money("ABC 100") is None


def test_money_thresholds_are_a_parameter() -> None:
    assert DEFAULT_MONEY_THRESHOLDS == (10_000, 100_000, 500_000, 1_000_000)
    assert read_impact("£50,000", IMPACT, (1_000, 5_000, 10_000, 20_000)).level == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 1, 13), dt.date(2026, 1, 13)),
        ("13/01/2026", dt.date(2026, 1, 13)),
        ("2026-01-13", dt.date(2026, 1, 13)),
        ("2026-01-13T09:30:00", dt.date(2026, 1, 13)),
        ("13 Jan 2026", dt.date(2026, 1, 13)),
        ("13/01/2026 00:00", dt.date(2026, 1, 13)),
        ("", None),
    ],
)
def test_dates_as_dates_or_text(value: Cell, expected: dt.date | None) -> None:
    assert read_date(value) == (expected, "")


def test_a_date_that_is_not_one_says_why() -> None:
    date, problem = read_date("31/02/2026")
    assert date is None and "not a real date" in problem


def test_status_category_and_actions_words() -> None:
    assert read_status("Open") == (RaidStatus.OPEN, "")
    assert read_status("Active - Mitigation Required")[0] is RaidStatus.OPEN
    assert "read as Open" in read_status("Active - Mitigation Required")[1]
    assert read_status("Retired")[0] is RaidStatus.CLOSED
    assert read_category("Financial") == (RiskCategoryKind.FINANCIAL, "")
    assert read_category("Budget pressure")[0] is RiskCategoryKind.FINANCIAL
    assert read_category("Weird")[0] is None
    assert split_actions("Root cause analysis; Review procedures;") == (
        "Root cause analysis",
        "Review procedures",
    )
    assert split_actions("• Weekly calls\n• Escalate; if late") == (
        "Weekly calls",
        "Escalate; if late",
    )


def test_read_row_explains_scores_it_does_not_trust() -> None:
    columns = ("Ref", "Title", "Likelihood", "Impact", "Score")
    mapping = (F.REFERENCE, F.TITLE, F.LIKELIHOOD, F.IMPACT, F.SCORE)
    rules = ReadingRules()
    odd = read_row(SheetRow(2, ("R1", "x", "Very High", "Severe", "63.71")), mapping, False, rules)
    assert odd.values is not None and odd.values.residual == (5, 5)
    assert any("63.71 is outside 1–25" in warning for warning in odd.warnings)
    differs = read_row(SheetRow(3, ("R2", "y", 3, 3, 12)), mapping, False, rules)
    assert any("differs" in warning and "9" in warning for warning in differs.warnings)
    unscored = read_row(SheetRow(4, ("R3", "z", None, "Minor", None)), mapping, False, rules)
    assert unscored.values is None and "half a score" in unscored.skipped_because
    assert len(columns) == len(mapping)


def test_read_row_title_from_a_long_description() -> None:
    text = "Provider exits the market. Two hundred residents would need new care within weeks."
    row = read_row(SheetRow(2, (text, 2, 2)), (F.DESCRIPTION, F.LIKELIHOOD, F.IMPACT), False,
                   ReadingRules())  # fmt: skip
    assert row.values is not None
    assert row.values.title == text  # short enough to be the title whole
    long_text = "A" * 50 + ". " + "B" * 200
    row = read_row(SheetRow(2, (long_text, 2, 2)), (F.DESCRIPTION, F.LIKELIHOOD, F.IMPACT), False,
                   ReadingRules())  # fmt: skip
    assert row.values is not None
    assert row.values.title == "A" * 50 + "." and row.values.description == long_text
