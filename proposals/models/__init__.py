from proposals.models.appraisal import (
    Appraisal,
    AppraisalSettings,
    Criterion,
    Score,
    ScoreSheet,
)
from proposals.models.catalogue import ActivityGroup, ActivityType
from proposals.models.deadlines import StepDeadline
from proposals.models.facility import Facility, FacilityQuerySet, LegalForm
from proposals.models.proposal import (
    Attachment,
    CostLine,
    Proposal,
    ProposalQuerySet,
    Revision,
    State,
)

__all__ = [
    "Appraisal",
    "AppraisalSettings",
    "Criterion",
    "Score",
    "ScoreSheet",
    "StepDeadline",
    "ActivityGroup",
    "ActivityType",
    "Attachment",
    "CostLine",
    "Facility",
    "FacilityQuerySet",
    "LegalForm",
    "Proposal",
    "ProposalQuerySet",
    "Revision",
    "State",
]
