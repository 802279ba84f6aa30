"""Reading the audit trail, a page at a time, filtered in SQL."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, func, or_, select

from commissioner.models import AuditEntry, enums
from commissioner.models.dates import format_date
from commissioner.models.enums import AuditAction
from commissioner.models.money import format_pounds
from commissioner.storage import Database

SelectT = TypeVar("SelectT", bound=Select)

#: Friendly names for tables and fields in the trail.
TABLE_LABELS = {
    "projects": "Project",
    "stages": "Stage",
    "gates": "Gate",
    "delivery_confidence_assessments": "Delivery confidence",
    "checklist_items": "Checklist item",
    "checklist_template_items": "Checklist template",
    "gate_conditions": "Gate condition",
    "objectives": "Objective",
    "services": "Service",
    "service_objectives": "Service–objective link",
    "kpis": "KPI",
    "kpi_objectives": "KPI–objective link",
    "kpi_measurements": "KPI measurement",
    "benefits": "Benefit",
    "raid_items": "RAID entry",
    "project_suppliers": "Supplier relationship",
    "due_diligence_items": "Due diligence",
    "alignment_assessments": "Alignment assessment",
    "alignment_scores": "Alignment score",
    "council_self_assessments": "Council self-assessment",
    "duty_to_warn_entries": "Duty to warn",
    "contract_use_cases": "Contract use case",
    "culture_dimensions": "Questionnaire dimension",
    "clarity_phrases": "Clarity lexicon phrase",
    "clarity_acronyms": "Well-known acronym",
    "cost_categories": "Cost category",
    "cost_lines": "Cost line",
    "cost_periods": "Cost figures",
    "project_budgets": "Budget approval",
    "change_requests": "Change request",
    "due_diligence_template_items": "Due diligence template",
    "stakeholders": "Stakeholder",
    "communications": "Communication",
    "communication_participants": "Participant",
    "decisions": "Decision",
    "action_items": "Action",
    "understanding_items": "Item to understand",
    "confirmations": "Confirmation of understanding",
    "risk_actions": "Risk action",
    "risk_assessments": "Risk scoring",
    "risk_categories": "Risk category",
    "score_bands": "Score band",
    "matrix_labels": "Matrix label",
    "people": "Person",
    "suppliers": "Supplier",
    "corporate_outcomes": "Corporate outcome",
    "organisation_settings": "Organisation settings",
    "competencies": "Competency",
    "team_members": "Team member",
    "team_member_roles": "Team role",
    "team_plans": "Team plan",
    "skill_ratings": "Skills rating",
    "gap_reviews": "Gap review",
    "training_actions": "Training action",
    "succession_cover": "Succession cover",
    "development_profiles": "Talent pipeline note",
}


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show: a project's, one record's, and/or matching some text."""

    project_id: int | None = None
    table_name: str | None = None
    record_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: dt.datetime
    actor: str
    action: AuditAction
    table_name: str
    record_id: int
    record_label: str
    field: str
    old_value: str | None
    new_value: str | None

    @property
    def record_kind(self) -> str:
        return TABLE_LABELS.get(self.table_name, self.table_name.replace("_", " ").capitalize())

    @property
    def old_text(self) -> str:
        return display_value(self.field, self.old_value, self.table_name)

    @property
    def new_text(self) -> str:
        return display_value(self.field, self.new_value, self.table_name)

    @property
    def field_label(self) -> str:
        return self.field.removesuffix("_id").removesuffix("_pence").replace("_", " ").capitalize()


#: Which choice list each enumerated column takes its words from.
_CHOICES_BY_FIELD: dict[str, type[enums.DomainEnum]] = {
    "kind": enums.StageKind,
    "current_stage": enums.StageKind,
    "decision": enums.GateDecision,
    "delivery_model": enums.DeliveryModel,
    "supplier_category": enums.SupplierCategory,
    "organisation_type": enums.OrganisationType,
    "protective_marking": enums.ProtectiveMarking,
    "default_marking": enums.ProtectiveMarking,
    "rating": enums.ConfidenceRating,
    "stage_kind": enums.StageKind,
    "frequency": enums.MeasurementFrequency,
    **{
        column: enums.Rag
        for column in (
            "rag_time",
            "rag_cost",
            "rag_scope",
            "rag_quality",
            "rag_benefits",
            "rag_risk",
        )
    },
    "confidence_scale": enums.ConfidenceScale,
    "response": enums.RiskResponse,
    "priority": enums.IssuePriority,
    "challenge": enums.CommissioningChallenge,
    "appetite": enums.RiskAppetite,
    "axis": enums.MatrixAxis,
    "stakeholder_type": enums.StakeholderType,
    "preferred_channel": enums.Channel,
    "communication_type": enums.CommunicationType,
}
#: Fields named alike in several tables: the table decides the choice list.
_CHOICES_BY_TABLE_FIELD: dict[tuple[str, str], type[enums.DomainEnum]] = {
    ("projects", "status"): enums.ProjectStatus,
    ("stages", "status"): enums.StageStatus,
    ("gate_conditions", "status"): enums.ConditionStatus,
    ("benefits", "kind"): enums.BenefitKind,
    ("raid_items", "kind"): enums.RaidKind,
    ("raid_items", "status"): enums.RaidStatus,
    ("risk_actions", "status"): enums.ActionStatus,
    ("action_items", "status"): enums.ActionStatus,
    ("duty_to_warn_entries", "status"): enums.WarningStatus,
    ("contract_use_cases", "status"): enums.WarningStatus,
    ("project_suppliers", "role"): enums.SupplierRole,
    ("project_suppliers", "category"): enums.SupplierCategory,
    ("council_self_assessments", "rating"): enums.SelfRating,
    ("kpis", "direction"): enums.KpiDirection,
    ("communications", "direction"): enums.Direction,
    ("understanding_items", "subject"): enums.UnderstandingSubject,
    ("risk_categories", "kind"): enums.RiskCategoryKind,
    ("change_requests", "status"): enums.ChangeRequestStatus,
    ("competencies", "role"): enums.TeamRole,
    ("team_member_roles", "role"): enums.TeamRole,
    ("succession_cover", "role"): enums.TeamRole,
    ("training_actions", "kind"): enums.DevelopmentKind,
    ("training_actions", "status"): enums.TrainingStatus,
}


def _choice_label(table_name: str, field: str, value: str) -> str | None:
    choices = _CHOICES_BY_TABLE_FIELD.get((table_name, field)) or _CHOICES_BY_FIELD.get(field)
    if choices is None:
        return None
    try:
        return choices(value).label
    except ValueError:
        return None


def display_value(field: str, value: str | None, table_name: str = "") -> str:
    """A stored audit value as a reader expects it: labels, UK dates, pounds.

    Typed text is shown as typed; only enumerated columns get their choice's words.
    """
    if value is None or value == "":
        return ""
    label = _choice_label(table_name, field, value)
    if label is not None:
        return label
    if field.endswith("_pence"):
        try:
            return format_pounds(int(value))
        except ValueError:
            return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return format_date(dt.date.fromisoformat(value))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", value):
        return dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
    return value


def like_escape(text: str) -> str:
    """Make user text match literally inside a LIKE pattern escaped with a backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(query: SelectT, audit_filter: AuditFilter) -> SelectT:
    if audit_filter.project_id is not None:
        query = query.where(AuditEntry.project_id == audit_filter.project_id)
    if audit_filter.table_name is not None:
        query = query.where(AuditEntry.table_name == audit_filter.table_name)
    if audit_filter.record_id is not None:
        query = query.where(AuditEntry.record_id == audit_filter.record_id)
    text = audit_filter.text.strip()
    if text:
        pattern = "%" + like_escape(text) + "%"
        # Fields are stored as column names: "approved budget" should find approved_budget_pence.
        field_pattern = "%" + like_escape("_".join(text.split())) + "%"
        columns = (
            AuditEntry.actor,
            AuditEntry.record_label,
            AuditEntry.old_value,
            AuditEntry.new_value,
        )
        query = query.where(
            or_(
                AuditEntry.field.ilike(field_pattern, escape="\\"),
                *(column.ilike(pattern, escape="\\") for column in columns),
            )
        )
    return query


def count_audit_entries(db: Database, audit_filter: AuditFilter) -> int:
    with db.session() as session:
        return session.scalar(_filtered(select(func.count(AuditEntry.id)), audit_filter)) or 0


def fetch_audit_entries(
    db: Database, audit_filter: AuditFilter, *, offset: int, limit: int
) -> list[AuditRow]:
    """Newest first, ``limit`` rows from ``offset``."""
    query = _filtered(
        select(
            AuditEntry.id,
            AuditEntry.occurred_at,
            AuditEntry.actor,
            AuditEntry.action,
            AuditEntry.table_name,
            AuditEntry.record_id,
            AuditEntry.record_label,
            AuditEntry.field,
            AuditEntry.old_value,
            AuditEntry.new_value,
        ),
        audit_filter,
    )
    query = query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
    with db.session() as session:
        return [AuditRow(**row._asdict()) for row in session.execute(query)]
