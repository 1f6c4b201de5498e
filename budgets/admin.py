"""Money rows are read-only in the admin: every change goes through a service, which locks,
checks the invariants and audits. Fund sources and support rules are reference data that
admins edit."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from budgets.models import (
    Allocation,
    Appropriation,
    AppropriationAdjustment,
    Disbursement,
    FundSource,
    Settlement,
    StatementImport,
    StatementLine,
    SupportRule,
)
from khuyencong.admin_base import MoneyAdminMixin, ReadOnlyAdmin, ReadOnlyInline


class AdjustmentInline(ReadOnlyInline):
    model = AppropriationAdjustment
    readonly_fields = ["delta", "reason", "decision_number", "decision_date", "created_by"]


@admin.register(Appropriation)
class AppropriationAdmin(ReadOnlyAdmin):
    list_display = ["plan_year", "fund_source", "amount", "decision_number", "decision_date"]
    list_filter = ["plan_year", "fund_source"]
    list_select_related = ["fund_source"]
    inlines = [AdjustmentInline]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "appropriation", "amount", "released", "status", "proposed_at"]
    list_filter = ["status", "appropriation__plan_year"]
    list_select_related = ["proposal", "appropriation__fund_source"]
    search_fields = ["proposal__code"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ["voucher_number", "kind", "amount", "voucher_date", "status", "allocation"]
    list_filter = ["status", "kind"]
    list_select_related = ["allocation__proposal", "allocation__appropriation__fund_source"]
    search_fields = ["voucher_number", "allocation__proposal__code"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "amount", "returned", "settled_by", "settled_at"]
    list_select_related = ["proposal", "settled_by"]


class StatementLineInline(ReadOnlyInline):
    model = StatementLine
    fields = ["line_number", "dossier_code", "voucher_number", "amount", "outcome"]
    readonly_fields = fields


@admin.register(StatementImport)
class StatementImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "plan_year", "line_count", "uploaded_by", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    inlines = [StatementLineInline]


@admin.register(FundSource)
class FundSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


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
    actions = ["mark_verified"]

    @admin.action(description=_("Đánh dấu đã xác minh"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[SupportRule]) -> None:
        # Through save() one by one so the admin's change history records each rule.
        for rule in queryset.filter(verified=False):
            rule.verified = True
            rule.save(update_fields=["verified"])
            self.log_change(request, rule, "verified")
        self.message_user(request, _("Đã đánh dấu các mức hỗ trợ đã chọn là đã xác minh."))
