"""Money held exactly as integer pence; parsed from and shown as pounds."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Accepts the minus sign we display (U+2212) as well as the keyboard hyphen.
_MONEY_TEXT = re.compile(r"^\s*([-−])?\s*£?\s*([-−])?\s*([0-9][0-9,]*)(\.[0-9]+)?\s*([kKmM])?\s*$")
_MULTIPLIERS = {"k": Decimal(1_000), "m": Decimal(1_000_000)}


class MoneyFormatError(ValueError):
    """Text that is not an amount of money."""


def parse_pounds(text: str) -> int | None:
    """Parse '£1,250,000.50', '1.2m' or '850k' into pence; blank gives None.

    Raises MoneyFormatError with a message a commissioner can act on.
    """
    if not text or not text.strip():
        return None
    match = _MONEY_TEXT.match(text)
    if not match:
        raise MoneyFormatError(f"“{text.strip()}” is not an amount in pounds, e.g. £1,250,000")
    sign_before, sign_after, whole, fraction, suffix = match.groups()
    if "," in whole and not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})*", whole):
        raise MoneyFormatError(f"“{text.strip()}” has misplaced thousands separators")
    try:
        pounds = Decimal(whole.replace(",", "") + (fraction or ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern already guards
        raise MoneyFormatError(f"“{text.strip()}” is not an amount in pounds") from error
    if suffix:
        pounds *= _MULTIPLIERS[suffix.lower()]
    pence_exact = pounds * 100
    if pence_exact != pence_exact.to_integral_value():
        raise MoneyFormatError(f"“{text.strip()}” has more than two decimal places of pence")
    pence = int(pence_exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -pence if (sign_before or sign_after) else pence


def format_pounds(pence: int | None, *, with_pence: bool = False) -> str:
    """Show pence as pounds with thousands separators: 125000049 → '£1,250,000'."""
    if pence is None:
        return ""
    sign = "−" if pence < 0 else ""
    whole, remainder = divmod(abs(pence), 100)
    if with_pence:
        return f"{sign}£{whole:,}.{remainder:02d}"
    rounded = (abs(pence) + 50) // 100
    return f"{sign}£{rounded:,}"


def signed_pounds(pence: int) -> str:
    """'+£40,000', '−£25,000' or '£0': a change or variance always shows its direction."""
    return f"+{format_pounds(pence)}" if pence > 0 else format_pounds(pence)


def short_pounds(pence: float, *, signed: bool = False) -> str:
    """£ with k, m or bn and at most three significant figures: '£250k', '−£1.25m'."""
    pounds = Decimal(abs(round(pence))) / 100
    amount = _three_figures(pounds)
    for size, suffix in ((Decimal(10**9), "bn"), (Decimal(10**6), "m"), (Decimal(10**3), "k")):
        if pounds >= size:
            amount = _three_figures(pounds / size) + suffix
            break
    sign = "−" if pence < 0 else "+" if signed and pence > 0 else ""
    return f"{sign}£{amount}"


def _three_figures(value: Decimal) -> str:
    places = 0 if value >= 100 else 1 if value >= 10 else 2
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
