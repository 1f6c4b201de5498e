from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from proposals.models import (
    ActivityGroup,
    ActivityType,
    AppraisalSettings,
    Criterion,
    Facility,
    Proposal,
    StepDeadline,
)


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code", "legal_form", "locality", "status", "created_at"]
    list_filter = ["status", "legal_form", "locality"]
    list_select_related = ["locality"]
    search_fields = ["name", "tax_code"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at"]


class ActivityTypeInline(admin.TabularInline):
    model = ActivityType
    extra = 0
    fields = ["code", "name", "required_quotations", "position", "is_active"]


@admin.register(ActivityGroup)
class ActivityGroupAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    inlines = [ActivityTypeInline]


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "required_quotations", "position", "is_active"]
    list_editable = ["required_quotations", "is_active"]
    list_filter = ["group", "is_active"]
    list_select_related = ["group"]
    search_fields = ["name", "code"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "max_score", "weight", "is_active"]
    list_editable = ["max_score", "weight", "is_active"]
    list_display_links = ["name"]


@admin.register(AppraisalSettings)
class AppraisalSettingsAdmin(admin.ModelAdmin):
    list_display = ["pass_mark"]


@admin.register(StepDeadline)
class StepDeadlineAdmin(admin.ModelAdmin):
    list_display = ["state", "working_days", "due_soon_days"]
    list_editable = ["working_days", "due_soon_days"]
    list_display_links = ["state"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-only: every change of a proposal goes through the workflow services.

    Same columns, order and page size as the DIT list (``proposals:dit_list``), which is
    benchmarked against this changelist.
    """

    list_display = [
        "code",
        "title",
        "facility",
        "locality",
        "activity_type",
        "plan_year",
        "requested_support",
        "state",
        "state_changed_at",
    ]
    list_select_related = ["facility__locality", "activity_type"]
    list_filter = ["state", "activity_type", "facility__locality"]
    list_per_page = 50
    ordering = ["-state_changed_at", "-id"]
    search_fields = ["code__iexact", "title"]
    show_full_result_count = False

    @admin.display(description=_("địa bàn"), ordering="facility__locality__name")
    def locality(self, obj: Proposal) -> str:
        return obj.facility.locality.name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Proposal | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Proposal | None = None) -> bool:
        return False
