"""Pure rules for stages and gates: order, progress, dates, slippage, frozen checklists.

No database and no Qt: the services apply these rules and the tests check them directly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from commissioner.models.dates import format_date
from commissioner.models.enums import GateDecision, Rag, StageKind

#: IPA Gateway review names a council may attach to a gate, as a label only.
GATEWAY_REVIEWS = (
    "Gate 0: strategic assessment",
    "Gate 1: business justification",
    "Gate 2: delivery strategy",
    "Gate 3: investment decision",
    "Gate 4: readiness for service",
    "Gate 5: operations review and benefits realisation",
)

#: A slip longer than this many days shows red rather than amber.
RED_SLIP_DAYS = 30
#: Longest checklist or template line the database accepts.
CHECKLIST_TEXT_LIMIT = 300


@dataclass(frozen=True)
class SnapshotLine:
    """One evidence item as it stood when a gate decision was made."""

    text: str
    done: bool


def next_stage(kind: StageKind) -> StageKind | None:
    """The stage after ``kind``; None after delivery and monitoring, the last."""
    order = list(StageKind)
    position = order.index(kind)
    return order[position + 1] if position + 1 < len(order) else None


def can_advance(latest_gate_decision: GateDecision | None) -> bool:
    """Whether the latest gate on a stage lets the project move on without an override."""
    return latest_gate_decision is not None and latest_gate_decision.allows_progress


def refusal_reason(
    kind: StageKind, latest_decision: GateDecision | None, decided_on: dt.date | None
) -> str:
    """Why a project may not leave ``kind`` without an override, in the user's words."""
    if latest_decision is None:
        return f"{kind.label} has no approving gate yet."
    when = f" on {format_date(decided_on)}" if decided_on else ""
    return f"The latest gate on {kind.label} was {latest_decision.label.lower()}{when}."


def date_order_problem(start: dt.date | None, end: dt.date | None, what: str) -> str | None:
    """A message when ``end`` falls before ``start`` (``what`` is e.g. 'planned')."""
    if start is not None and end is not None and end < start:
        return (
            f"The {what} end ({format_date(end)}) is before the {what} start "
            f"({format_date(start)})."
        )
    return None


def future_date_problem(value: dt.date | None, today: dt.date, what: str) -> str | None:
    """Things that have happened (actual dates, decisions) cannot be dated after today."""
    if value is not None and value > today:
        return f"The {what} ({format_date(value)}) is in the future; use today or earlier."
    return None


def slip_days(planned_end: dt.date | None, actual_end_or_today: dt.date | None) -> int | None:
    """Days later than planned (negative when early); None without both dates."""
    if planned_end is None or actual_end_or_today is None:
        return None
    return (actual_end_or_today - planned_end).days


def slip_band(days: int | None) -> Rag | None:
    """Green when on time or early, amber for a short slip, red past RED_SLIP_DAYS."""
    if days is None:
        return None
    if days <= 0:
        return Rag.GREEN
    return Rag.AMBER if days <= RED_SLIP_DAYS else Rag.RED


def slip_text(days: int | None) -> str:
    """'12 days late', '1 day late', 'on time' or '3 days early'."""
    if days is None:
        return ""
    if days == 0:
        return "on time"
    count = abs(days)
    unit = "day" if count == 1 else "days"
    return f"{count} {unit} {'late' if days > 0 else 'early'}"


def encode_checklist_snapshot(items: Iterable[tuple[str, bool]]) -> str:
    """Freeze a checklist as JSON: a list of {"text": ..., "done": ...}."""
    lines = [{"text": str(text), "done": bool(done)} for text, done in items]
    return json.dumps(lines, ensure_ascii=False)


def decode_checklist_snapshot(text: str | None) -> tuple[SnapshotLine, ...]:
    """Read a frozen checklist back; anything unreadable gives an empty checklist."""
    try:
        lines = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(lines, list):
        return ()
    return tuple(
        SnapshotLine(str(line["text"]), bool(line.get("done", False)))
        for line in lines
        if isinstance(line, dict) and isinstance(line.get("text"), str)
    )


def use_case_evidence(tested: int, outstanding: int) -> SnapshotLine:
    """The contracting gate's evidence from the contract use-case tests.

    Ambiguous wording is the usual root of disputes, so the line counts as done only
    when at least one use case was tested and none is left ambiguous.
    """
    if outstanding:
        noun = "ambiguity" if outstanding == 1 else "ambiguities"
        return SnapshotLine(
            f"Contract use cases: {outstanding} outstanding {noun} of {tested} tested", False
        )
    if not tested:
        return SnapshotLine("Contract use cases: none tested yet", False)
    return SnapshotLine(f"Contract use cases: no outstanding ambiguity ({tested} tested)", True)


class Tickable(Protocol):
    """Anything ticked or not: a checklist item now, or as frozen with a gate."""

    @property
    def done(self) -> bool: ...


def done_count(lines: Sequence[Tickable]) -> str:
    """'3 of 5 done' for a checklist or its frozen snapshot."""
    return f"{sum(line.done for line in lines)} of {len(lines)} done"


def clean_template_lines(lines: Iterable[str]) -> list[str]:
    """Template lines with spaces tidied and blank lines dropped."""
    cleaned = (" ".join(line.split()) for line in lines)
    return [line for line in cleaned if line]


def template_problem(lines: Sequence[str]) -> str | None:
    """A message when cleaned template lines break a rule (too long, repeated)."""
    for line in lines:
        if len(line) > CHECKLIST_TEXT_LIMIT:
            return f"“{line[:40]}…” is longer than {CHECKLIST_TEXT_LIMIT} characters."
    seen: set[str] = set()
    for line in lines:
        if line.casefold() in seen:
            return f"“{line}” appears twice; each item should be listed once."
        seen.add(line.casefold())
    return None


__all__ = [
    "GATEWAY_REVIEWS",
    "RED_SLIP_DAYS",
    "SnapshotLine",
    "can_advance",
    "clean_template_lines",
    "date_order_problem",
    "decode_checklist_snapshot",
    "done_count",
    "encode_checklist_snapshot",
    "future_date_problem",
    "next_stage",
    "refusal_reason",
    "slip_band",
    "slip_days",
    "slip_text",
    "template_problem",
    "use_case_evidence",
]
