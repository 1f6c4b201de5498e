"""The catalogue is reference data that admins edit: activity groups and types, fund sources and
support rules (regulation as data)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from khuyencong.admin_base import MoneyAdminMixin
from khuyencong.catalogue.models import (
    ActivityGroup,
    ActivityType,
    CostCategory,
    FundSource,
    LegalBasis,
    SupportRule,
)


class ActivityTypeInline(admin.TabularInline):
    model = ActivityType
    extra = 0
    fields = ["code", "name", "required_quotations", "position", "is_active"]


@admin.register(ActivityGroup)
class ActivityGroupAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    inlines = [ActivityTypeInline]


class CostCategoryInline(admin.TabularInline):
    model = CostCategory
    extra = 0
    fields = ["code", "name", "eligible", "legal_basis", "verified", "position"]


@admin.register(CostCategory)
class CostCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "activity_type", "code", "eligible", "verified", "position"]
    list_filter = ["eligible", "verified", "activity_type__group"]
    list_select_related = ["activity_type"]
    search_fields = ["name", "code", "activity_type__name", "legal_basis"]


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "required_quotations", "position", "is_active"]
    list_editable = ["required_quotations", "is_active"]
    list_filter = ["group", "is_active"]
    list_select_related = ["group"]
    search_fields = ["name", "code"]
    inlines = [CostCategoryInline]


@admin.register(FundSource)
class FundSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "kind", "issuer", "title", "verified", "is_active"]
    list_filter = ["verified", "kind", "is_active"]
    search_fields = ["number", "title", "issuer"]


@admin.register(SupportRule)
class SupportRuleAdmin(MoneyAdminMixin, admin.ModelAdmin):
    list_display = [
        "activity_type",
        "fund_source",
        "percent",
        "amount_cap",
        "cap_basis",
        "production_line_multiplier",
        "valid_from",
        "valid_to",
        "verified",
    ]
    list_filter = ["verified", "fund_source", "cap_basis", "activity_type__group"]
    list_select_related = ["activity_type", "fund_source"]
    search_fields = ["activity_type__name", "activity_type__code", "legal_basis"]
    filter_horizontal = ["legal_bases"]
    actions = ["mark_verified"]

    @admin.action(description=_("Đánh dấu đã xác minh"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[SupportRule]) -> None:
        # Through save() one by one so the admin's change history records each rule.
        for rule in queryset.filter(verified=False):
            rule.verified = True
            rule.save(update_fields=["verified"])
            self.log_change(request, rule, "verified")
        self.message_user(request, _("Đã đánh dấu các mức hỗ trợ đã chọn là đã xác minh."))
