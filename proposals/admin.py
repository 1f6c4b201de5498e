from django.contrib import admin

from proposals.models import ActivityGroup, ActivityType, Facility


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
