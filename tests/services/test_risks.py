"""The RAID log services: scoring history, appetite, movement, filters, paging and sorting."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from commissioner.errors import ValidationError
from commissioner.models import RiskAssessment
from commissioner.models.enums import (
    ActionStatus,
    IssuePriority,
    RaidKind,
    RaidStatus,
    RiskCategoryKind,
)
from commissioner.models.risk_rules import Movement
from commissioner.services import risks
from commissioner.services.projects import restore_records
from commissioner.services.risk_input import ActionInput, RiskInput
from commissioner.services.risk_register import (
    RegisterFilter,
    count_register,
    fetch_register,
    register_owners,
)
from commissioner.services.risk_settings import load_risk_settings
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 6, 1)


def risk_form(**overrides: object) -> RiskInput:
    fields: dict[str, object] = {
        "title": "Too few bidders",
        "event": "Fewer than three compliant bids",
        "cause": "Thin local market",
        "consequence": "Weak competition and higher prices",
        "owner": "Priya Shah",
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "residual_likelihood": 3,
        "residual_impact": 4,
        "target_likelihood": 2,
        "target_impact": 3,
    }
    fields.update(overrides)
    return RiskInput(**fields)  # type: ignore[arg-type]


def category_id(db: Database, kind: RiskCategoryKind) -> int:
    return next(c.id for c in load_risk_settings(db).categories if c.kind is kind)


def assessments(db: Database, item_id: int) -> int:
    with db.session() as session:
        query = select(func.count()).where(RiskAssessment.item_id == item_id)
        return session.scalar(query) or 0


def test_settings_are_the_seeded_defaults(db: Database) -> None:
    settings = load_risk_settings(db)
    assert settings.likelihood_labels[2] == "Possible"
    assert settings.impact_labels[4] == "Catastrophic"
    assert [band.name for band in settings.bands] == ["Low", "Medium", "High", "Critical"]
    assert settings.band(12) is not None and settings.band(12).name == "High"  # type: ignore[union-attr]
    regulatory = category_id(db, RiskCategoryKind.REGULATORY)
    assert settings.is_outside_appetite(9, regulatory)  # tolerance 6
    assert not settings.is_outside_appetite(6, regulatory)


def test_references_run_per_project_and_kind(db: Database, make_project: MakeProject) -> None:
    first, second = make_project(db), make_project(db)
    ids = [risks.add_raid_entry(db, first, risk_form(), today=TODAY) for _ in range(2)]
    issue = risks.add_raid_entry(
        db, first, RiskInput("Bid late", kind=RaidKind.ISSUE, priority=IssuePriority.HIGH)
    )
    other = risks.add_raid_entry(db, second, risk_form(), today=TODAY)
    refs = [risks.get_raid_entry(db, item).reference for item in (*ids, issue, other)]
    assert refs == ["R-001", "R-002", "I-001", "R-001"]


def test_a_new_risk_writes_its_first_assessment(db: Database, make_project: MakeProject) -> None:
    item = risks.add_raid_entry(db, make_project(db), risk_form(), today=TODAY)
    entry = risks.get_raid_entry(db, item)
    assert len(entry.assessments) == 1
    assert entry.assessments[0].levels.residual_score == 12
    assert entry.assessments[0].assessed_by == "tester"
    assert entry.raised_on == TODAY


def test_every_change_of_level_writes_a_rescoring_and_undo_removes_it(
    db: Database, make_project: MakeProject
) -> None:
    item = risks.add_raid_entry(db, make_project(db), risk_form(), today=TODAY)
    plain = risks.update_raid_entry(db, item, risk_form(owner="Tom Brennan"), today=TODAY)
    assert plain.rescoring is None and assessments(db, item) == 1
    later = TODAY + dt.timedelta(days=30)
    change = risks.update_raid_entry(
        db, item, risk_form(target_impact=2, note="Second supplier found"), today=later
    )
    history = risks.get_raid_entry(db, item).assessments
    assert [a.levels.target_score for a in history] == [6, 4]
    assert history[-1].note == "Second supplier found" and history[-1].assessed_on == later
    risks.revert_change(db, change)
    assert assessments(db, item) == 1
    assert risks.get_raid_entry(db, item).levels.target_impact == 3
    risks.reapply_change(db, change)
    assert assessments(db, item) == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"event": ""}, "event"),
        ({"residual_likelihood": None, "residual_impact": None}, "residual"),
        ({"inherent_impact": None}, "inherent"),
        ({"target_likelihood": 5, "target_impact": 5}, "target"),
        ({"next_review_on": "31/02/2026"}, "next_review_on"),
        ({"raised_on": "01/01/2099"}, "raised_on"),
    ],
)
def test_bad_risks_name_the_field(
    db: Database, make_project: MakeProject, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        risks.add_raid_entry(db, make_project(db), risk_form(**overrides), today=TODAY)
    assert field in raised.value.problems


def test_dependencies_need_a_counterparty_and_keep_no_scores(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    with pytest.raises(ValidationError, match="depends on"):
        risks.add_raid_entry(db, project, RiskInput("ICB funding", kind=RaidKind.DEPENDENCY))
    form = risk_form(kind=RaidKind.DEPENDENCY, counterparty="ICB", needed_by="01/09/2026")
    entry = risks.get_raid_entry(db, risks.add_raid_entry(db, project, form, today=TODAY))
    assert entry.reference == "D-001" and entry.needed_by == dt.date(2026, 9, 1)
    assert entry.levels.residual_score is None and not entry.assessments


def test_close_and_undo(db: Database, make_project: MakeProject) -> None:
    item = risks.add_raid_entry(db, make_project(db), risk_form(), today=TODAY)
    change = risks.close_raid_entry(db, item, on=TODAY)
    entry = risks.get_raid_entry(db, item)
    assert entry.status is RaidStatus.CLOSED and entry.closed_on == TODAY
    with pytest.raises(ValidationError, match="already closed"):
        risks.close_raid_entry(db, item, on=TODAY)
    risks.revert_change(db, change)
    entry = risks.get_raid_entry(db, item)
    assert entry.status is RaidStatus.OPEN and entry.closed_on is None


@pytest.mark.parametrize("close_risk", [True, False])
def test_raise_issue_from_a_risk(db: Database, make_project: MakeProject, close_risk: bool) -> None:
    project = make_project(db)
    risk = risks.add_raid_entry(db, project, risk_form(), today=TODAY)
    form = RiskInput("Only two bids", kind=RaidKind.ISSUE, priority=IssuePriority.HIGH)
    raised = risks.raise_issue_from_risk(db, risk, form, close_risk=close_risk, today=TODAY)
    issue = risks.get_raid_entry(db, raised.issue_id)
    assert issue.reference == "I-001" and issue.raised_from == "R-001 Too few bidders"
    status = risks.get_raid_entry(db, risk).status
    assert status is (RaidStatus.CLOSED if close_risk else RaidStatus.OPEN)
    assert (raised.risk_change is not None) is close_risk


def test_actions_add_mark_done_and_undo(db: Database, make_project: MakeProject) -> None:
    item = risks.add_raid_entry(db, make_project(db), risk_form(), today=TODAY)
    with pytest.raises(ValidationError) as raised:
        risks.add_action(db, item, ActionInput("", due_on="soon"))
    assert set(raised.value.problems) == {"description", "due_on"}
    action = risks.add_action(db, item, ActionInput("Market day", "Gareth Lewis", "01/07/2026"))
    before = risks.set_action_status(db, action, ActionStatus.DONE, TODAY)
    assert before.status is ActionStatus.OPEN
    done = risks.get_raid_entry(db, item).actions[0]
    assert done.status is ActionStatus.DONE and done.completed_on == TODAY
    tree = risks.delete_action(db, action)
    assert not risks.get_raid_entry(db, item).actions
    restore_records(db, tree)
    assert risks.get_raid_entry(db, item).actions[0].description == "Market day"


def test_delete_and_restore_keeps_history(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    item = risks.add_raid_entry(db, project, risk_form(), today=TODAY)
    risks.update_raid_entry(db, item, risk_form(residual_impact=5), today=TODAY)
    tree = risks.delete_raid_entry(db, item)
    assert count_register(db, RegisterFilter(project_id=project)) == 0
    restore_records(db, tree)
    assert len(risks.get_raid_entry(db, item).assessments) == 2


# The register: filters, appetite, overdue reviews, movement, paging, sorting.


@pytest.fixture
def register(db: Database, make_project: MakeProject) -> tuple[Database, int, int]:
    """A project with four risks, an issue, and one other project's risk."""
    project, other = make_project(db), make_project(db)
    regulatory = category_id(db, RiskCategoryKind.REGULATORY)
    financial = category_id(db, RiskCategoryKind.FINANCIAL)
    forms = [
        risk_form(title="TUPE costs 100% unknown", category_id=regulatory, owner="Ann"),
        risk_form(title="Data_sharing <delay> & drift", category_id=financial, owner="Ben",
                  residual_likelihood=1, residual_impact=2, target_likelihood=1,
                  target_impact=1, next_review_on="01/05/2026"),
        risk_form(title="Bidder withdraws", owner="Ann", residual_likelihood=5,
                  residual_impact=5, target_likelihood=3),
        risk_form(title="Closed one", status=RaidStatus.CLOSED, next_review_on="01/01/2026"),
        RiskInput("Late bid", kind=RaidKind.ISSUE, priority=IssuePriority.LOW, owner="Cy"),
    ]  # fmt: skip
    for form in forms:
        risks.add_raid_entry(db, project, form, today=dt.date(2026, 1, 10))
    risks.add_raid_entry(db, other, risk_form(title="Elsewhere"), today=TODAY)
    return db, project, other


def titles(db: Database, register: RegisterFilter) -> list[str]:
    rows = fetch_register(db, replace(register, today=TODAY), offset=0, limit=100)
    return [row.title for row in rows]


def test_register_is_one_project_in_reference_order(register: tuple[Database, int, int]) -> None:
    db, project, _ = register
    rows = fetch_register(db, RegisterFilter(project_id=project), offset=0, limit=100)
    assert [row.reference for row in rows] == ["R-001", "R-002", "R-003", "R-004", "I-001"]
    assert count_register(db, RegisterFilter(project_id=project)) == 5
    assert count_register(db, RegisterFilter()) == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100%", ["TUPE costs 100% unknown"]),
        ("%", ["TUPE costs 100% unknown"]),
        ("_", ["Data_sharing <delay> & drift"]),
        ("<delay>", ["Data_sharing <delay> & drift"]),
        ("& drift", ["Data_sharing <delay> & drift"]),
        ("r-003", ["Bidder withdraws"]),
        ("cy", ["Late bid"]),
        ("'; drop table raid_items; --", []),
    ],
)
def test_text_filter_matches_literally(
    register: tuple[Database, int, int], text: str, expected: list[str]
) -> None:
    db, project, _ = register
    assert titles(db, RegisterFilter(project_id=project, text=text)) == expected


def test_filters_by_kind_status_category_owner_and_band(
    register: tuple[Database, int, int],
) -> None:
    db, project, _ = register
    base = RegisterFilter(project_id=project, sort="title")
    assert titles(db, replace(base, kinds=(RaidKind.ISSUE,))) == ["Late bid"]
    assert titles(db, replace(base, statuses=(RaidStatus.CLOSED,))) == ["Closed one"]
    financial = category_id(db, RiskCategoryKind.FINANCIAL)
    assert titles(db, replace(base, category_id=financial)) == ["Data_sharing <delay> & drift"]
    assert titles(db, replace(base, owner="Ann")) == ["Bidder withdraws", "TUPE costs 100% unknown"]
    assert titles(db, replace(base, band="Critical")) == ["Bidder withdraws"]
    assert titles(db, replace(base, band="Low")) == ["Data_sharing <delay> & drift"]
    assert titles(db, replace(base, band="No such band")) == []
    assert register_owners(db, project) == ["Ann", "Ben", "Cy", "Priya Shah"]


def test_outside_appetite_is_residual_above_the_category_tolerance(
    register: tuple[Database, int, int],
) -> None:
    db, project, _ = register
    flagged = RegisterFilter(project_id=project, outside_appetite=True)
    # Regulatory tolerates 6: 12 is outside. Uncategorised risks have no appetite to breach.
    assert titles(db, flagged) == ["TUPE costs 100% unknown"]
    rows = fetch_register(db, RegisterFilter(project_id=project), offset=0, limit=10)
    assert [row.outside_appetite for row in rows] == [True, False, False, False, False]


def test_overdue_reviews_exclude_closed_entries(register: tuple[Database, int, int]) -> None:
    db, project, _ = register
    overdue = RegisterFilter(project_id=project, overdue_review=True, today=TODAY)
    assert titles(db, overdue) == ["Data_sharing <delay> & drift"]
    rows = fetch_register(db, replace(overdue, overdue_review=False), offset=0, limit=10)
    assert [row.review_overdue for row in rows] == [False, True, False, False, False]


def test_cell_filter_uses_the_chosen_stage(register: tuple[Database, int, int]) -> None:
    db, project, _ = register
    assert titles(db, RegisterFilter(project_id=project, cell=("residual", 5, 5))) == [
        "Bidder withdraws"
    ]
    inherent = RegisterFilter(project_id=project, cell=("inherent", 4, 4), sort="title")
    assert len(titles(db, inherent)) == 4
    with pytest.raises(ValueError, match="heat-map"):
        titles(db, RegisterFilter(cell=("sideways", 1, 1)))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    "sort",
    ["reference", "project", "kind", "title", "category", "owner", "inherent", "residual",
     "target", "appetite", "movement", "status", "next_review", "actions"],
)  # fmt: skip
def test_every_sort_key_runs_in_sql(
    register: tuple[Database, int, int], sort: str, descending: bool
) -> None:
    db, project, _ = register
    order = RegisterFilter(
        project_id=project, sort=sort, descending=descending, movement_since=TODAY
    )
    assert len(titles(db, order)) == 5


def test_sorting_by_residual_puts_blanks_last(register: tuple[Database, int, int]) -> None:
    db, project, _ = register
    down = RegisterFilter(project_id=project, sort="residual", descending=True)
    assert titles(db, down)[0] == "Bidder withdraws" and titles(db, down)[-1] == "Late bid"
    up = replace(down, descending=False)
    assert titles(db, up)[0] == "Data_sharing <delay> & drift" and titles(db, up)[-1] == "Late bid"
    with pytest.raises(ValueError, match="sorted by"):
        titles(db, replace(up, sort="colour"))


def test_paging_returns_each_entry_once(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    for number in range(23):
        risks.add_raid_entry(db, project, risk_form(title=f"Risk {number}"), today=TODAY)
    register = RegisterFilter(project_id=project, sort="residual")
    pages = [fetch_register(db, register, offset=start, limit=10) for start in (0, 10, 20)]
    assert [len(page) for page in pages] == [10, 10, 3]
    assert len({row.id for page in pages for row in page}) == 23


def test_movement_since_a_date_comes_from_the_history(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    january = dt.date(2026, 1, 5)
    up, down, steady, closed = (
        risks.add_raid_entry(db, project, risk_form(title=title), today=january)
        for title in ("Up", "Down", "Steady", "Closed")
    )
    risks.add_raid_entry(db, project, risk_form(title="New"), today=dt.date(2026, 4, 1))
    march = dt.date(2026, 3, 1)
    risks.update_raid_entry(db, up, risk_form(title="Up", residual_impact=5), today=march)
    risks.update_raid_entry(db, down, risk_form(title="Down", residual_impact=3), today=march)
    risks.close_raid_entry(db, closed, on=march)
    since = RegisterFilter(project_id=project, movement_since=dt.date(2026, 2, 1), sort="title")
    rows = {row.title: row for row in fetch_register(db, since, offset=0, limit=10)}
    assert {title: row.movement for title, row in rows.items()} == {
        "Up": Movement.UP,
        "Down": Movement.DOWN,
        "Steady": Movement.STEADY,
        "Closed": Movement.CLOSED,
        "New": Movement.NEW,
    }
    assert rows["Up"].score_before == 12 and rows["Up"].levels.residual_score == 15
    # Measured from before anything existed, everything is new.
    before_all = replace(since, movement_since=dt.date(2025, 12, 1))
    assert {row.movement for row in fetch_register(db, before_all, offset=0, limit=10)} == {
        Movement.NEW,
        Movement.CLOSED,
    }
    assert steady
