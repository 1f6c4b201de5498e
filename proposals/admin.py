from django.contrib import admin

from proposals.models import Facility


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code", "legal_form", "locality", "status", "created_at"]
    list_filter = ["status", "legal_form", "locality"]
    list_select_related = ["locality"]
    search_fields = ["name", "tax_code"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at"]
