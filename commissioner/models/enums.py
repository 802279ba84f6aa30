"""Enumerations of the commissioning domain, in the domain's words."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class DomainEnum(StrEnum):
    """A choice stored as its value and shown to people as a word."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class StageKind(DomainEnum):
    """The five stages every commissioning project moves through, in order."""

    NEEDS_ASSESSMENT = "needs_assessment"
    SERVICE_DESIGN = "service_design"
    PROCUREMENT = "procurement"
    CONTRACTING = "contracting"
    DELIVERY = "delivery"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def sequence(self) -> int:
        """1 for needs assessment … 5 for delivery and monitoring."""
        return list(StageKind).index(self) + 1


STAGE_LABELS = {
    StageKind.NEEDS_ASSESSMENT: "Needs assessment",
    StageKind.SERVICE_DESIGN: "Service design",
    StageKind.PROCUREMENT: "Procurement",
    StageKind.CONTRACTING: "Contracting",
    StageKind.DELIVERY: "Delivery and monitoring",
}


class StageStatus(DomainEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class GateDecision(DomainEnum):
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    DEFERRED = "deferred"
    REJECTED = "rejected"

    @property
    def allows_progress(self) -> bool:
        """Whether the project may move on to the next stage."""
        return self in (GateDecision.APPROVED, GateDecision.APPROVED_WITH_CONDITIONS)


class ProjectStatus(DomainEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


class DeliveryModel(DomainEnum):
    IN_HOUSE = "in_house"
    SHARED_SERVICE = "shared_service"
    EXTERNAL_PROVIDER = "external_provider"
    MIXED = "mixed"
    UNDECIDED = "undecided"

    @property
    def label(self) -> str:
        return {
            DeliveryModel.IN_HOUSE: "In-house",
            DeliveryModel.SHARED_SERVICE: "Shared service",
            DeliveryModel.EXTERNAL_PROVIDER: "External provider",
            DeliveryModel.MIXED: "Mixed economy",
            DeliveryModel.UNDECIDED: "Not yet decided",
        }[self]


class SupplierCategory(DomainEnum):
    GENERAL = "general"
    EXPERT = "expert"
    STRATEGIC_PARTNER = "strategic_partner"

    @property
    def label(self) -> str:
        return {
            SupplierCategory.GENERAL: "General supplier",
            SupplierCategory.EXPERT: "Expert supplier",
            SupplierCategory.STRATEGIC_PARTNER: "Strategic partner",
        }[self]

    @property
    def carries_duty_to_warn(self) -> bool:
        """Expert suppliers and strategic partners take on a duty to warn."""
        return self is not SupplierCategory.GENERAL


class OrganisationType(DomainEnum):
    PRIVATE_COMPANY = "private_company"
    CHARITY = "charity"
    PUBLIC_BODY = "public_body"
    IN_HOUSE = "in_house"

    @property
    def label(self) -> str:
        return {
            OrganisationType.PRIVATE_COMPANY: "Private company",
            OrganisationType.CHARITY: "Charity or voluntary organisation",
            OrganisationType.PUBLIC_BODY: "Public body or shared service",
            OrganisationType.IN_HOUSE: "In-house",
        }[self]


class ProtectiveMarking(DomainEnum):
    NONE = "none"
    OFFICIAL = "official"
    OFFICIAL_SENSITIVE = "official_sensitive"

    @property
    def label(self) -> str:
        return {
            ProtectiveMarking.NONE: "No marking",
            ProtectiveMarking.OFFICIAL: "OFFICIAL",
            ProtectiveMarking.OFFICIAL_SENSITIVE: "OFFICIAL-SENSITIVE",
        }[self]


class ConfidenceRating(DomainEnum):
    """Delivery confidence: the IPA five-point scale (three-point uses a subset)."""

    GREEN = "green"
    AMBER_GREEN = "amber_green"
    AMBER = "amber"
    AMBER_RED = "amber_red"
    RED = "red"

    @property
    def label(self) -> str:
        return {
            ConfidenceRating.GREEN: "Green",
            ConfidenceRating.AMBER_GREEN: "Amber/Green",
            ConfidenceRating.AMBER: "Amber",
            ConfidenceRating.AMBER_RED: "Amber/Red",
            ConfidenceRating.RED: "Red",
        }[self]

    @property
    def rank(self) -> int:
        """5 for Green down to 1 for Red: higher is more confident."""
        return 5 - list(ConfidenceRating).index(self)


class ConfidenceScale(DomainEnum):
    FIVE_POINT = "five_point"
    THREE_POINT = "three_point"


class AuditAction(DomainEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"

    @property
    def label(self) -> str:
        return {"insert": "Created", "update": "Changed", "delete": "Deleted"}[self.value]


class Rag(DomainEnum):
    """Red, amber or green: always shown with its word, never colour alone."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class ConditionStatus(DomainEnum):
    OPEN = "open"
    MET = "met"
    WAIVED = "waived"


class KpiDirection(DomainEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"

    @property
    def label(self) -> str:
        return "Higher is better" if self is KpiDirection.HIGHER_IS_BETTER else "Lower is better"


class MeasurementFrequency(DomainEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"
    ANNUALLY = "annually"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()

    @property
    def months(self) -> int:
        """How many months one reporting period spans."""
        return {"monthly": 1, "quarterly": 3, "six_monthly": 6, "annually": 12}[self.value]


class BenefitKind(DomainEnum):
    BENEFIT = "benefit"
    DIS_BENEFIT = "dis_benefit"

    @property
    def label(self) -> str:
        return "Benefit" if self is BenefitKind.BENEFIT else "Dis-benefit"


class RaidKind(DomainEnum):
    """What a RAID log entry is: a risk, an assumption, an issue or a dependency."""

    RISK = "risk"
    ASSUMPTION = "assumption"
    ISSUE = "issue"
    DEPENDENCY = "dependency"

    @property
    def prefix(self) -> str:
        """The letter that starts this kind's references: R-001, A-001, I-001, D-001."""
        return self.value[0].upper()


class RiskCategoryKind(DomainEnum):
    """The first classification of a risk (the council's own register headings)."""

    REGULATORY = "regulatory"
    FINANCIAL = "financial"
    REPUTATIONAL = "reputational"
    OPERATIONAL = "operational"
    CONTRACTUAL = "contractual"
    PARTNERSHIP = "partnership"

    @property
    def label(self) -> str:
        return {
            "regulatory": "Regulatory and compliance",
            "financial": "Financial",
            "reputational": "Reputational",
            "operational": "Operational and service delivery",
            "contractual": "Contractual",
            "partnership": "Partnership",
        }[self.value]


class CommissioningChallenge(DomainEnum):
    """The eight recurring ways commissioning goes wrong: a second risk classification."""

    SPECIFICATION_AMBIGUITY = "specification_ambiguity"
    PROVIDER_IDENTIFICATION = "provider_identification"
    CONTRACT_INTERPRETATION = "contract_interpretation"
    COMMUNICATION = "communication"
    COST_OVERRUN = "cost_overrun"
    PARTNERSHIP_MANAGEMENT = "partnership_management"
    RISK_MANAGEMENT = "risk_management"
    OUTCOME_EVALUATION = "outcome_evaluation"


class RiskAppetite(DomainEnum):
    AVERSE = "averse"
    MINIMAL = "minimal"
    CAUTIOUS = "cautious"
    OPEN = "open"
    EAGER = "eager"


class RiskResponse(DomainEnum):
    TOLERATE = "tolerate"
    TREAT = "treat"
    TRANSFER = "transfer"
    TERMINATE = "terminate"


class RaidStatus(DomainEnum):
    DRAFT = "draft"
    OPEN = "open"
    ESCALATED = "escalated"
    CLOSED = "closed"


class IssuePriority(DomainEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ActionStatus(DomainEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class MatrixAxis(DomainEnum):
    LIKELIHOOD = "likelihood"
    IMPACT = "impact"


class StakeholderType(DomainEnum):
    SERVICE_USER_REPRESENTATIVE = "service_user_representative"
    ELECTED_MEMBER = "elected_member"
    INTERNAL_OFFICER = "internal_officer"
    SUPPLIER = "supplier"
    PARTNER_BODY = "partner_body"
    REGULATOR = "regulator"
    TRADE_UNION = "trade_union"
    COMMUNITY_GROUP = "community_group"


class Channel(DomainEnum):
    """How a stakeholder prefers to be reached."""

    EMAIL = "email"
    PHONE = "phone"
    MEETING = "meeting"
    LETTER = "letter"
    NEWSLETTER = "newsletter"
    BRIEFING = "briefing"


class CommunicationType(DomainEnum):
    MEETING = "meeting"
    EMAIL = "email"
    LETTER = "letter"
    CALL = "call"
    WORKSHOP = "workshop"
    CONSULTATION_EVENT = "consultation_event"
    REPORT = "report"
    SITE_VISIT = "site_visit"


class Direction(DomainEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    TWO_WAY = "two_way"

    @property
    def label(self) -> str:
        return {"inbound": "Received", "outbound": "Sent", "two_way": "Two-way"}[self.value]


class UnderstandingSubject(DomainEnum):
    """What a confirmation of understanding is about."""

    REQUIREMENT = "requirement"
    SPECIFICATION = "specification"
    TIMETABLE = "timetable"
    DELIVERABLE = "deliverable"


class SupplierRole(DomainEnum):
    """Where a supplier stands with a project."""

    BIDDER = "bidder"
    SHORTLISTED = "shortlisted"
    CONTRACTED = "contracted"

    @property
    def label(self) -> str:
        return {
            "bidder": "Bidder",
            "shortlisted": "Shortlisted",
            "contracted": "Contracted provider",
        }[self.value]


class WarningStatus(DomainEnum):
    OPEN = "open"
    RESPONDED = "responded"
    CLOSED = "closed"


class SelfRating(DomainEnum):
    """The council's view of itself on a cultural dimension."""

    STRENGTH = "strength"
    NEUTRAL = "neutral"
    WEAKNESS = "weakness"


class ChangeRequestStatus(DomainEnum):
    """Where a change request stands; only approved ones move the current budget."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class TeamRole(DomainEnum):
    """The roles a great client commissioning team covers; one person may hold several."""

    PROJECT_MANAGEMENT = "project_management"
    NEEDS_ASSESSMENT = "needs_assessment"
    SERVICE_DESIGN = "service_design"
    PROCUREMENT = "procurement"
    MARKET_ENGAGEMENT = "market_engagement"
    CONTRACT_MANAGEMENT = "contract_management"
    PERFORMANCE_MANAGEMENT = "performance_management"
    STAKEHOLDER_ENGAGEMENT = "stakeholder_engagement"

    @property
    def label(self) -> str:
        if self is TeamRole.MARKET_ENGAGEMENT:
            return "Market research and early market engagement"
        return super().label


class SkillLevel(IntEnum):
    """How well someone can do what a competency asks, from none to expert."""

    NONE = 0
    AWARENESS = 1
    PRACTITIONER = 2
    EXPERT = 3

    @property
    def label(self) -> str:
        return self.name.capitalize()


class DevelopmentKind(DomainEnum):
    """How a skills gap is closed, chosen on appropriateness and cost."""

    INTERNAL_TRAINING = "internal_training"
    EXTERNAL_COURSE = "external_course"
    MENTORING = "mentoring"
    EXTERNAL_SUPPORT = "external_support"
    RECRUITMENT = "recruitment"

    @property
    def label(self) -> str:
        return {
            "internal_training": "Internal training",
            "external_course": "External course",
            "mentoring": "Mentoring or coaching",
            "external_support": "External support (consultant or trainer)",
            "recruitment": "Recruitment",
        }[self.value]


class TrainingStatus(DomainEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"
