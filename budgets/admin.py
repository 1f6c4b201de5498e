"""Money rows are read-only in the admin: every change goes through a service, which locks,
checks the invariants and audits."""

from __future__ import annotations

from django.contrib import admin

from budgets.models import (
    Allocation,
    Appropriation,
    AppropriationAdjustment,
    Disbursement,
    Settlement,
    StatementImport,
    StatementLine,
)
from khuyencong.admin_base import ReadOnlyAdmin, ReadOnlyInline


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
