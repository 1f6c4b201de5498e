from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest

from khuyencong.admin_base import FoldedSearchMixin, ReadOnlyAdmin, ReadOnlyInline
from proposals.models import (
    Acceptance,
    AcceptanceLine,
    Appraisal,
    AppraisalSettings,
    Attachment,
    ChangeRequest,
    CostLine,
    Criterion,
    DossierSequence,
    Facility,
    FacilityIdentityChange,
    MonitoringFile,
    ProgressReport,
    ProgressSpending,
    Proposal,
    ReportReminder,
    Revision,
    Score,
    ScoreSheet,
    SiteInspection,
    StepDeadline,
)


@admin.register(Facility)
class FacilityAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "tax_code", "legal_form", "locality", "status", "created_at"]
    list_filter = ["status", "legal_form", "locality"]
    list_select_related = ["locality"]
    search_fields = ["name", "tax_code"]
    folded_search_fields = ("name",)
    exact_search_fields = ("tax_code",)
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at"]


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


# --- Records and evidence: read-only, every change goes through a service --------------------


class CostLineInline(ReadOnlyInline):
    model = CostLine
    fields = ["position", "content", "unit", "quantity", "unit_price", "amount"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["kind", "original_name", "size", "uploaded_by", "uploaded_at", "replaced_by"]
    fields += ["removed_by", "removed_at"]
    readonly_fields = fields


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = ["created_at", "reason", "created_by"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(FoldedSearchMixin, ReadOnlyAdmin):
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
    # "locality" is the unit recorded at submission (the dossier keeps its district after the
    # 2025 reform), a field of the proposal itself.
    list_select_related = ["facility", "locality", "activity_type"]
    list_filter = ["state", "plan_year", "activity_type", "locality"]
    list_per_page = 50
    ordering = ["-state_changed_at", "-id"]
    search_fields = ["code", "title", "facility__name", "facility__tax_code"]
    # Issue 14: an exact code (unique index), the title or the facility's name without
    # diacritics (trigram indexes), the facility's tax code.
    code_search_fields = ("code",)
    folded_search_fields = ("title",)
    related_search = {"facility": (("name",), ("tax_code",))}
    show_full_result_count = False
    inlines = [CostLineInline, AttachmentInline, RevisionInline]

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return OnlyShownColumnsChangeList


class OnlyShownColumnsChangeList(ChangeList):
    """The proposal changelist reads the columns it shows, like the DIT list (issue 14)."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> Any:
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .only(
                "code",
                "title",
                "facility__name",
                "locality__name",
                "activity_type__name",
                "plan_year",
                "requested_support",
                "state",
                "state_changed_at",
            )
        )


@admin.register(DossierSequence)
class DossierSequenceAdmin(ReadOnlyAdmin):
    # Editing the counter would break the gap-free dossier codes: show it only.
    list_display = ["year", "last"]


@admin.register(FacilityIdentityChange)
class FacilityIdentityChangeAdmin(ReadOnlyAdmin):
    # Read-only: a change applies only through the officer's decision (the services).
    list_display = ["facility", "old_name", "name", "tax_code", "locality", "status", "created_at"]
    list_filter = ["status"]


class ScoreInline(ReadOnlyInline):
    model = Score


class ScoreSheetInline(ReadOnlyInline):
    model = ScoreSheet
    fields = ["member", "submitted_at", "total"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "started_at", "concluded_at"]
    list_select_related = ["proposal"]
    search_fields = ["proposal__code"]
    inlines = [ScoreSheetInline]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ["appraisal", "member", "submitted_at"]
    list_select_related = ["appraisal__proposal", "member"]
    inlines = [ScoreInline]


class ProgressSpendingInline(ReadOnlyInline):
    model = ProgressSpending


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "number", "percent_done", "submitted_by", "submitted_at"]
    list_select_related = ["proposal", "submitted_by"]
    search_fields = ["proposal__code"]
    inlines = [ProgressSpendingInline]


@admin.register(SiteInspection)
class SiteInspectionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "inspected_on", "follow_up_required", "recorded_by"]
    list_filter = ["follow_up_required"]
    list_select_related = ["proposal", "recorded_by"]
    search_fields = ["proposal__code"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "status", "support_before", "support_after", "requested_at"]
    list_filter = ["status"]
    list_select_related = ["proposal"]
    search_fields = ["proposal__code"]


class AcceptanceLineInline(ReadOnlyInline):
    model = AcceptanceLine


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "accepted_on", "result", "accepted_cost", "accepted_support"]
    list_filter = ["result"]
    list_select_related = ["proposal"]
    search_fields = ["proposal__code"]
    inlines = [AcceptanceLineInline]


@admin.register(MonitoringFile)
class MonitoringFileAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "kind", "original_name", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["proposal", "uploaded_by"]
    search_fields = ["proposal__code", "original_name"]


@admin.register(ReportReminder)
class ReportReminderAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "due_on", "sent_on"]
    list_select_related = ["proposal"]
