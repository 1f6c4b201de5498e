from django.contrib import admin

from proposals.models import (
    ActivityGroup,
    ActivityType,
    AppraisalSettings,
    Criterion,
    Facility,
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
