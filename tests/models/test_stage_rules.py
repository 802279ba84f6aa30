"""Stage and gate rules: order, progress, dates, slippage and frozen checklists."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from commissioner.models.enums import GateDecision, Rag, StageKind
from commissioner.models.stage_rules import (
    GATEWAY_REVIEWS,
    RED_SLIP_DAYS,
    SnapshotLine,
    can_advance,
    clean_template_lines,
    date_order_problem,
    decode_checklist_snapshot,
    done_count,
    encode_checklist_snapshot,
    future_date_problem,
    next_stage,
    refusal_reason,
    slip_band,
    slip_days,
    slip_text,
    template_problem,
)

D = dt.date


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (StageKind.NEEDS_ASSESSMENT, StageKind.SERVICE_DESIGN),
        (StageKind.SERVICE_DESIGN, StageKind.PROCUREMENT),
        (StageKind.PROCUREMENT, StageKind.CONTRACTING),
        (StageKind.CONTRACTING, StageKind.DELIVERY),
        (StageKind.DELIVERY, None),
    ],
)
def test_next_stage_follows_the_five_stages_and_stops_at_delivery(
    kind: StageKind, expected: StageKind | None
) -> None:
    assert next_stage(kind) is expected


@pytest.mark.parametrize(
    ("decision", "allowed"),
    [
        (None, False),
        (GateDecision.APPROVED, True),
        (GateDecision.APPROVED_WITH_CONDITIONS, True),
        (GateDecision.DEFERRED, False),
        (GateDecision.REJECTED, False),
    ],
)
def test_only_an_approving_gate_lets_a_project_move_on(
    decision: GateDecision | None, allowed: bool
) -> None:
    assert can_advance(decision) is allowed


def test_refusal_reason_names_the_stage_and_the_blocking_decision() -> None:
    assert refusal_reason(StageKind.PROCUREMENT, None, None) == (
        "Procurement has no approving gate yet."
    )
    assert refusal_reason(StageKind.CONTRACTING, GateDecision.DEFERRED, D(2026, 3, 12)) == (
        "The latest gate on Contracting was deferred on 12/03/2026."
    )


def test_date_order_allows_same_day_and_open_ends() -> None:
    assert date_order_problem(D(2026, 4, 1), D(2026, 4, 1), "planned") is None
    assert date_order_problem(None, D(2026, 4, 1), "planned") is None
    assert date_order_problem(D(2026, 4, 1), None, "actual") is None


def test_date_order_refuses_an_end_before_its_start() -> None:
    message = date_order_problem(D(2026, 4, 2), D(2026, 4, 1), "actual")
    assert message == "The actual end (01/04/2026) is before the actual start (02/04/2026)."


def test_future_dates_are_refused_but_today_is_fine() -> None:
    today = D(2026, 5, 10)
    assert future_date_problem(today, today, "decision date") is None
    assert future_date_problem(None, today, "decision date") is None
    assert "in the future" in (future_date_problem(D(2026, 5, 11), today, "decision date") or "")


@pytest.mark.parametrize(
    ("planned", "actual", "days"),
    [
        (D(2026, 3, 31), D(2026, 3, 31), 0),
        (D(2026, 3, 31), D(2026, 4, 12), 12),
        (D(2026, 3, 31), D(2026, 3, 21), -10),
        (D(2024, 2, 28), D(2024, 3, 1), 2),  # across a leap day
        (None, D(2026, 3, 31), None),
        (D(2026, 3, 31), None, None),
    ],
)
def test_slip_days_counts_days_late(
    planned: dt.date | None, actual: dt.date | None, days: int | None
) -> None:
    assert slip_days(planned, actual) == days


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (None, None),
        (-5, Rag.GREEN),
        (0, Rag.GREEN),
        (1, Rag.AMBER),
        (RED_SLIP_DAYS, Rag.AMBER),
        (RED_SLIP_DAYS + 1, Rag.RED),
    ],
)
def test_slip_band_turns_amber_then_red(days: int | None, band: Rag | None) -> None:
    assert slip_band(days) is band


def test_slip_text_says_it_in_words() -> None:
    assert [slip_text(days) for days in (None, 0, 1, 12, -1, -3)] == [
        "",
        "on time",
        "1 day late",
        "12 days late",
        "1 day early",
        "3 days early",
    ]


def test_checklist_snapshot_round_trips_including_unicode() -> None:
    items = [("Service users consulted", True), ("Équality impact “assessed”", False)]
    encoded = encode_checklist_snapshot(items)
    assert json.loads(encoded) == [
        {"text": "Service users consulted", "done": True},
        {"text": "Équality impact “assessed”", "done": False},
    ]
    assert decode_checklist_snapshot(encoded) == (
        SnapshotLine("Service users consulted", True),
        SnapshotLine("Équality impact “assessed”", False),
    )


@pytest.mark.parametrize("text", ["", None, "[]", "not json", "{}", '"x"', "[1, {}, {}]"])
def test_unreadable_or_empty_snapshots_give_an_empty_checklist(text: str | None) -> None:
    assert decode_checklist_snapshot(text) == ()


def test_snapshot_lines_without_done_count_as_not_done() -> None:
    assert decode_checklist_snapshot('[{"text": "Tender issued"}]') == (
        SnapshotLine("Tender issued", False),
    )


def test_done_count() -> None:
    assert done_count([SnapshotLine("a", True), SnapshotLine("b", False)]) == "1 of 2 done"
    assert done_count([]) == "0 of 0 done"


def test_template_lines_are_tidied_and_blank_lines_dropped() -> None:
    assert clean_template_lines(["  Tender   issued ", "", "   ", "Bids\tevaluated"]) == [
        "Tender issued",
        "Bids evaluated",
    ]


def test_template_problems_catch_repeats_and_overlong_lines() -> None:
    assert template_problem(["Tender issued", "Bids evaluated"]) is None
    assert template_problem([]) is None
    assert "appears twice" in (template_problem(["Tender issued", "tender ISSUED"]) or "")
    assert "longer than 300" in (template_problem(["x" * 301]) or "")
    assert template_problem(["x" * 300]) is None


def test_gateway_reviews_run_from_gate_0_to_gate_5() -> None:
    assert [review.split(":")[0] for review in GATEWAY_REVIEWS] == [
        f"Gate {number}" for number in range(6)
    ]
