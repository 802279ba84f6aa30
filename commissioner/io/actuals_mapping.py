"""Read a finance-system export: which column holds what, and what its cells mean.

Finance exports name their columns many ways ("Cost Centre", "CC", "Subjective",
"Amount (£)", "Posting date", "Per") and put title rows above them. The guess reads
the column name first and, for names it does not know, the values underneath.

**Periods.** A cell is read as a calendar month when it says which one: a date
(15/10/2026, 2026-10-15), "Oct-26", "Oct 2026", "October 2026", "2026-10" or "10/2026".
A financial period ("P07", "Period 7", "P07 2026/27", "2026/27 P7") counts from the first
month of the council's financial year: with an April start P01 is April and P10 is the
January of the following calendar year. A period without a year takes the financial
year from the row's year column, else the one chosen for the file. Periods 13 to 16
(year-end and audit adjustments) belong to the last month, P12. "202607" is refused
rather than guessed: it could be October (period 7) or July (calendar month 7).

**Amounts** are pounds with "£", thousands separators, "-" or accounting brackets for a
credit, or a trailing "CR" (credit) or "DR" (debit); credits are negative.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from commissioner.io.register_mapping import normalise_header
from commissioner.io.register_rows import cell_text, read_date
from commissioner.io.spreadsheet import Cell, SheetTable
from commissioner.models.cost_rules import add_months, financial_year_label, month_start
from commissioner.models.money import MoneyFormatError, parse_pounds


class ActualsField(StrEnum):
    """What a column of a finance export can tell us about an actual."""

    FINANCE_CODE = "finance_code"
    COST_CENTRE = "cost_centre"
    ACCOUNT = "account"
    LINE_NAME = "line_name"
    DESCRIPTION = "description"
    PERIOD = "period"
    POSTING_DATE = "posting_date"
    FINANCIAL_YEAR = "financial_year"
    AMOUNT = "amount"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]


FIELD_LABELS = {
    ActualsField.FINANCE_CODE: "Finance code",
    ActualsField.COST_CENTRE: "Cost centre",
    ActualsField.ACCOUNT: "Account",
    ActualsField.LINE_NAME: "Cost line name",
    ActualsField.DESCRIPTION: "Description",
    ActualsField.PERIOD: "Period or month",
    ActualsField.POSTING_DATE: "Posting date",
    ActualsField.FINANCIAL_YEAR: "Financial year",
    ActualsField.AMOUNT: "Amount",
}
#: The fields that say which cost line a row belongs to.
LINE_FIELDS = (
    ActualsField.FINANCE_CODE,
    ActualsField.ACCOUNT,
    ActualsField.COST_CENTRE,
    ActualsField.LINE_NAME,
)

#: Which column (by position) each field is read from; a field left out is not read.
ColumnChoice = dict[ActualsField, int]

A = ActualsField
_VARIANTS: dict[ActualsField, str] = {
    A.FINANCE_CODE: (
        "finance code, code, gl code, ledger code, cost code, budget code, full code, "
        "coding, charge code, code combination, project code, finance ref"
    ),
    A.COST_CENTRE: (
        "cost centre, cost center, cc, cost centre code, cost center code, cost ctr, "
        "cost centre no, responsibility centre, department code, cost centre name"
    ),
    A.ACCOUNT: (
        "account, account code, acct, acc, acc code, acct code, nominal, nominal code, "
        "subjective, subjective code, expense code, expenditure code, gl account, "
        "ledger account, account no, account number, detail code"
    ),
    A.LINE_NAME: "cost line, line, budget line, line name, cost line name, budget heading",
    A.DESCRIPTION: (
        "description, narrative, details, detail, transaction description, "
        "line description, memo, text, comment, comments, transaction text"
    ),
    A.PERIOD: (
        "period, accounting period, acct period, fin period, financial period, period no, "
        "posting period, fiscal period, per, month, accounting month, period name"
    ),
    A.POSTING_DATE: (
        "date, posting date, transaction date, gl date, invoice date, document date, "
        "posted, posted on, payment date, trans date, effective date, journal date"
    ),
    A.FINANCIAL_YEAR: "year, financial year, fin year, fiscal year, fy, accounting year",
    A.AMOUNT: (
        "amount, value, net, net amount, actual, actuals, actual amount, amount gbp, "
        "value gbp, gbp, net value, spend, transaction amount, base amount, "
        "actual spend, expenditure, total amount, amount inc credits"
    ),
}
HEADER_VARIANTS: dict[str, ActualsField] = {
    name: field for field, names in _VARIANTS.items() for name in names.split(", ")
}


def _key(text: str) -> str:
    key = normalise_header(text)
    # "£" alone, or "Amount £", is money: the symbol is punctuation to normalise_header.
    return key or ("gbp" if "£" in text else "")


def is_known_header(text: str) -> bool:
    """Whether ``text`` is a column name the guess knows (finds the header row)."""
    return _key(text) in HEADER_VARIANTS


def guess_columns(table: SheetTable) -> ColumnChoice:
    """Each field's column, guessed from the names and then the values; one column each."""
    choice: ColumnChoice = {}
    for index, name in enumerate(table.columns):
        field = HEADER_VARIANTS.get(_key(name))
        if field is not None and field not in choice:
            choice[field] = index
    taken = set(choice.values())
    for index in range(len(table.columns)):
        if index in taken:
            continue
        field = _guess_by_values(table.column_values(index), choice)
        if field is not None:
            choice[field] = index
    return choice


def _guess_by_values(values: list[Cell], choice: ColumnChoice) -> ActualsField | None:
    """A column we do not know by name: money is the amount, months are the period."""
    if not values:
        return None
    if A.AMOUNT not in choice and _mostly(values, _looks_like_money):
        return A.AMOUNT
    has_period = A.PERIOD in choice or A.POSTING_DATE in choice
    if not has_period and _mostly(values, _looks_like_period):
        return A.POSTING_DATE if all(isinstance(v, dt.date) for v in values) else A.PERIOD
    return None


def _mostly(values: list[Cell], test: Callable[[Cell], bool]) -> bool:
    good = sum(1 for value in values if test(value))
    return good >= 0.8 * len(values)


def _looks_like_period(value: Cell) -> bool:
    # Plain numbers are left alone: a column of 1 to 12 may as well be line numbers.
    if isinstance(value, int | float):
        return False
    return read_period(value, 4, 2026)[0] is not None


def _looks_like_money(value: Cell) -> bool:
    if isinstance(value, float):
        return True
    if not isinstance(value, str):
        return False
    return bool(re.search(r"£|\d,\d{3}|\.\d\d\b|^\(.*\)$|\b(cr|dr)$", value.strip(), re.I)) and (
        read_amount(value)[0] is not None
    )


# --- Amounts -----------------------------------------------------------------------------

_CREDIT_SUFFIX = re.compile(r"^(?P<number>.*?)\s*(?P<mark>cr|dr)\.?$", re.I)


def read_amount(value: Cell) -> tuple[int | None, str]:
    """Pence from a number or text ('£1,234.56', '(300.00)', '45.00 CR'), or the problem."""
    if value is None or value == "":
        return None, "no amount"
    if isinstance(value, dt.date):
        return None, f"the amount {cell_text(value)} is a date, not a number"
    if isinstance(value, int | float):
        # A workbook's float is the decimal it was saved as; pence beyond that are noise.
        pounds = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return int((pounds * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)), ""
    return _amount_text(str(value))


def _amount_text(text: str) -> tuple[int | None, str]:
    cleaned = " ".join(text.split())
    negative = False
    mark = _CREDIT_SUFFIX.match(cleaned)
    if mark:
        cleaned, negative = mark.group("number"), mark.group("mark").lower() == "cr"
    cleaned = cleaned.replace("£ ", "£")
    for opening in ("(", "£(", "-(", "-£("):
        if cleaned.startswith(opening) and cleaned.endswith(")"):
            cleaned = "-" + cleaned[len(opening) : -1].lstrip("£")
            break
    if cleaned in ("-", "£-", "–"):
        return 0, ""  # accounting formats show zero as a dash
    try:
        pence = parse_pounds(cleaned)
    except MoneyFormatError:
        return None, f"the amount “{text.strip()}” is not a number"
    if pence is None:
        return None, "no amount"
    return (-pence if negative else pence), ""


# --- Periods ------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%b").casefold(),
        dt.date(2000, number, 1).strftime("%B").casefold(),
    )
}
_MONTHS["sept"] = 9
_MONTH_NAME = re.compile(r"^(?P<month>[a-z]+)\.?[\s\-/']*(?P<year>\d{4}|\d{2})$")
_YEAR_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(?P<month>\d{1,2})/(?P<year>\d{4})$")
_FINANCIAL_PERIOD = re.compile(r"\b(?:p|per|period|month)\s*\.?\s*0*(?P<period>\d{1,2})\b")
_YEAR_LABEL = re.compile(r"(?<!\d)(?P<first>(?:19|20)?\d{2})\s*[/\-]\s*(?P<second>\d{4}|\d{2})\b")
_LAST_PERIOD = 12
_ADJUSTMENT_PERIODS = range(13, 17)


def read_period(
    value: Cell, start_month: int, default_year: int | None
) -> tuple[dt.date | None, str]:
    """The month a period cell means, or the problem; see the module's rules.

    ``default_year`` is the starting calendar year of the financial year for periods
    written without one.
    """
    if value is None or value == "":
        return None, "no period or date"
    if isinstance(value, dt.date):
        return month_start(value), ""
    if isinstance(value, int | float):
        return _numbered_period(value, start_month, default_year)
    text = " ".join(str(value).casefold().split())
    if re.fullmatch(r"\d{1,6}", text):
        return _numbered_period(int(text), start_month, default_year)
    for reader in (_calendar_month, _financial_period):
        month, problem = reader(text, start_month, default_year)
        if month is not None or problem:
            return month, problem
    day, _problem = read_date(str(value))
    if day is not None:
        return month_start(day), ""
    return None, f"the period “{str(value).strip()}” is not a month or a financial period"


def _numbered_period(
    value: float, start_month: int, default_year: int | None
) -> tuple[dt.date | None, str]:
    if float(value).is_integer() and 1 <= value <= max(_ADJUSTMENT_PERIODS):
        return _period_month(int(value), default_year, start_month)
    if float(value).is_integer() and 100_000 <= value <= 999_999:
        return None, (
            f"the period {int(value)} could be a financial period or a calendar month; "
            "export periods as “P07 2026/27” or months as “Oct-26”"
        )
    return None, f"the period {cell_text(value)} is not a month or a financial period"


def _calendar_month(
    text: str, start_month: int, default_year: int | None
) -> tuple[dt.date | None, str]:
    match = _MONTH_NAME.match(text)
    if match and match.group("month") in _MONTHS:
        year = int(match.group("year"))
        return dt.date(year + 2000 if year < 100 else year, _MONTHS[match.group("month")], 1), ""
    match = _YEAR_MONTH.match(text) or _MONTH_YEAR.match(text)
    if match and 1 <= int(match.group("month")) <= 12:
        return dt.date(int(match.group("year")), int(match.group("month")), 1), ""
    if text.rstrip(".") in _MONTHS:
        # "October" alone: that month of the financial year chosen for the file.
        if default_year is None:
            return None, f"“{text}” has no year; choose the financial year for the file"
        period = (_MONTHS[text.rstrip(".")] - start_month) % 12 + 1
        return _period_month(period, default_year, start_month)
    return None, ""


def _financial_period(
    text: str, start_month: int, default_year: int | None
) -> tuple[dt.date | None, str]:
    match = _FINANCIAL_PERIOD.search(text)
    if match is None:
        return None, ""
    rest = text[: match.start()] + " " + text[match.end() :]
    year = financial_year_in(rest)
    return _period_month(int(match.group("period")), year or default_year, start_month)


def _period_month(period: int, year: int | None, start_month: int) -> tuple[dt.date | None, str]:
    if not 1 <= period <= max(_ADJUSTMENT_PERIODS):
        return None, f"there is no period {period} in a financial year"
    if year is None:
        return None, f"period {period} has no financial year; choose one for the file"
    return add_months(dt.date(year, start_month, 1), min(period, _LAST_PERIOD) - 1), ""


def financial_year_in(value: Cell) -> int | None:
    """The starting year of a financial year written as '2026/27', '2026-27', 'FY26/27',
    '26/27' or '2026'; None when the text names none."""
    if value is None:
        return None
    if isinstance(value, int) and 1990 <= value <= 2100:
        return value
    text = str(value).casefold()
    match = _YEAR_LABEL.search(text)
    if match:
        first, second = match.group("first"), int(match.group("second")) % 100
        start = int(first) + (2000 if len(first) == 2 else 0)
        if (start + 1) % 100 == second:
            return start
    alone = re.fullmatch(r"\s*(?:fy\s*)?((?:19|20)\d{2})\s*", text)
    return int(alone.group(1)) if alone else None


def year_choice_label(start_year: int, start_month: int) -> str:
    """'2026/27 (P01 = April 2026)', for the financial year chooser."""
    first = dt.date(start_year, start_month, 1)
    return f"{financial_year_label(start_year, start_month)} (P01 = {first:%B %Y})"


# --- Totals -----------------------------------------------------------------------------

_TOTAL_CODE = re.compile(r"\b(grand\s+|sub\s*-?\s*)?totals?\b", re.I)
_TOTAL_TEXT = re.compile(
    r"^\s*((grand|sub\s*-?)\s*)?totals?(\s+(for|of)\b.*)?\s*:?\s*$|\btotals?\s*:?\s*$", re.I
)


def is_total(code_cells: list[Cell], text_cells: list[Cell]) -> bool:
    """A total or subtotal row: "Total" in a code column, or a description that is one.

    A description such as "Total Care Ltd invoice" is a transaction, not a total.
    """
    if any(isinstance(cell, str) and _TOTAL_CODE.search(cell) for cell in code_cells):
        return True
    return any(isinstance(cell, str) and _TOTAL_TEXT.search(cell) for cell in text_cells)
