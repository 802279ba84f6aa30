"""Tables and pure domain rules. Never imports Qt or the services layer."""

from commissioner.models.audit import AuditEntry
from commissioner.models.base import Base
from commissioner.models.clarity_lexicon import ClarityPhrase, WellKnownAcronym
from commissioner.models.costs import (
    ChangeRequest,
    CostCategory,
    CostLine,
    CostPeriod,
    ProjectBudget,
)
from commissioner.models.engagement import (
    ActionItem,
    CommunicationEntry,
    CommunicationParticipant,
    Confirmation,
    Decision,
    MeetingTemplate,
    Stakeholder,
    UnderstandingItem,
)
from commissioner.models.gates import ChecklistItem, ChecklistTemplateItem, GateCondition
from commissioner.models.golden_thread import (
    Benefit,
    CommissionedService,
    Kpi,
    KpiMeasurement,
    KpiObjective,
    ProjectObjective,
    ServiceObjective,
)
from commissioner.models.organisation import CorporateOutcome, OrganisationSettings
from commissioner.models.packs import GovernancePack
from commissioner.models.people import Person
from commissioner.models.projects import (
    DeliveryConfidenceAssessment,
    Gate,
    Project,
    Stage,
)
from commissioner.models.risks import (
    MatrixLabel,
    RaidItem,
    RiskAction,
    RiskAssessment,
    RiskCategory,
    ScoreBand,
)
from commissioner.models.supplier_relationships import (
    AlignmentAssessment,
    AlignmentScore,
    ContractUseCase,
    CouncilSelfAssessment,
    CultureDimension,
    DueDiligenceItem,
    DueDiligenceTemplateItem,
    DutyToWarnEntry,
    ProjectSupplier,
)
from commissioner.models.suppliers import Supplier
from commissioner.models.team import (
    Competency,
    DevelopmentProfile,
    GapReview,
    SkillRating,
    SuccessionCover,
    TeamMember,
    TeamMemberRole,
    TeamPlan,
    TrainingAction,
)

__all__ = [
    "ActionItem",
    "AlignmentAssessment",
    "AlignmentScore",
    "AuditEntry",
    "Base",
    "Benefit",
    "ChangeRequest",
    "ChecklistItem",
    "ChecklistTemplateItem",
    "ClarityPhrase",
    "CommissionedService",
    "CommunicationEntry",
    "CommunicationParticipant",
    "Competency",
    "Confirmation",
    "ContractUseCase",
    "CorporateOutcome",
    "CostCategory",
    "CostLine",
    "CostPeriod",
    "CouncilSelfAssessment",
    "CultureDimension",
    "Decision",
    "DeliveryConfidenceAssessment",
    "DevelopmentProfile",
    "DueDiligenceItem",
    "DueDiligenceTemplateItem",
    "DutyToWarnEntry",
    "GapReview",
    "Gate",
    "GateCondition",
    "GovernancePack",
    "Kpi",
    "KpiMeasurement",
    "KpiObjective",
    "MatrixLabel",
    "MeetingTemplate",
    "OrganisationSettings",
    "Person",
    "Project",
    "ProjectBudget",
    "ProjectObjective",
    "ProjectSupplier",
    "RaidItem",
    "RiskAction",
    "RiskAssessment",
    "RiskCategory",
    "ScoreBand",
    "ServiceObjective",
    "SkillRating",
    "Stage",
    "Stakeholder",
    "SuccessionCover",
    "Supplier",
    "TeamMember",
    "TeamMemberRole",
    "TeamPlan",
    "TrainingAction",
    "UnderstandingItem",
    "WellKnownAcronym",
]
