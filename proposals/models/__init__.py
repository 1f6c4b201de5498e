from proposals.models.facility import Facility, FacilityQuerySet, LegalForm

__all__ = ["Facility", "FacilityQuerySet", "LegalForm"]
