from proposals.models.appraisal import (
    Appraisal,
    AppraisalSettings,
    Criterion,
    Score,
    ScoreSheet,
)
from proposals.models.deadlines import StepDeadline
from proposals.models.facility import Facility, FacilityQuerySet, LegalForm
from proposals.models.identity import FacilityIdentityChange
from proposals.models.proposal import (
    CONTENT_FIELDS,
    Attachment,
    AttachmentQuerySet,
    CostLine,
    Proposal,
    ProposalQuerySet,
    Revision,
    State,
)
from proposals.models.sequence import DossierSequence

__all__ = [
    "FacilityIdentityChange",
    "CONTENT_FIELDS",
    "Appraisal",
    "AppraisalSettings",
    "Criterion",
    "Score",
    "ScoreSheet",
    "StepDeadline",
    "Attachment",
    "AttachmentQuerySet",
    "CostLine",
    "DossierSequence",
    "Facility",
    "FacilityQuerySet",
    "LegalForm",
    "Proposal",
    "ProposalQuerySet",
    "Revision",
    "State",
]

# Implementation monitoring (issue 6).
from proposals.monitoring.models import (  # noqa: E402
    Acceptance,
    AcceptanceLine,
    ChangeRequest,
    MonitoringFile,
    ProgressReport,
    ProgressSpending,
    ReportReminder,
    SiteInspection,
)

__all__ += [
    "Acceptance",
    "AcceptanceLine",
    "ChangeRequest",
    "MonitoringFile",
    "ProgressReport",
    "ProgressSpending",
    "ReportReminder",
    "SiteInspection",
]
