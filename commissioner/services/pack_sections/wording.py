"""Small pieces of wording every pack section uses, written once."""

from __future__ import annotations

#: Long user text (log summaries, notes) is cut to this in a table cell.
TEXT_LIMIT = 300


def plural(count: int, singular: str, many: str = "") -> str:
    """'1 project', '3 projects', '1,500 communications'."""
    return f"{count:,} {singular if count == 1 else (many or singular + 's')}"


def every(count: int, singular: str, many: str) -> str:
    """'The one decision' or 'All 12 decisions', to open a caption."""
    return f"The one {singular}" if count == 1 else f"All {count:,} {many}"


def first_line(text: str) -> str:
    """The first line of a description, as its title (change requests have no title)."""
    return text.strip().splitlines()[0] if text.strip() else ""


def shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    """Fold line breaks and runs of spaces; cut long text at a word with an ellipsis."""
    # Folding only the head of a long note keeps 2,000 log summaries cheap; the head
    # is enough whenever it alone folds to more than the limit.
    flat = " ".join(text[: 2 * limit].split())
    if len(flat) <= limit:
        flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"
