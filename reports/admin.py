from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from khuyencong.admin_base import ReadOnlyAdmin, ReadOnlyInline
from reports.models import GeneratedDocument, PlanApproval, PlanDeadline, PlanLine, PlanRun
from reports.services.reminders import plan_deadline_schedule, plan_deadline_unschedule


@admin.register(PlanDeadline)
class PlanDeadlineAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "date", "reminder_days_before", "reminded_on"]
    list_filter = ["year"]

    def save_model(self, request: HttpRequest, obj: PlanDeadline, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Each deadline has its own one-off aggregation in the beat schedule.
        plan_deadline_schedule(deadline=obj)

    def delete_model(self, request: HttpRequest, obj: PlanDeadline) -> None:
        deadline_id = obj.pk
        super().delete_model(request, obj)
        plan_deadline_unschedule(deadline_id=deadline_id)


class PlanLineInline(ReadOnlyInline):
    model = PlanLine


@admin.register(PlanRun)
class PlanRunAdmin(ReadOnlyAdmin):
    list_display = ["year", "status", "started_at", "finished_at", "trigger", "triggered_by"]
    list_filter = ["year", "status"]
    readonly_fields = [f.name for f in PlanRun._meta.fields]
    inlines = [PlanLineInline]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "format", "status", "progress", "created_at"]
    list_filter = ["status", "kind", "format"]
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PlanApproval)
class PlanApprovalAdmin(ReadOnlyAdmin):
    """Submissions and decisions go through reports.services.plan_approval (audited)."""

    list_display = ["year", "status", "decision_number", "decision_date", "submitted_by"]
    list_filter = ["year", "status"]
    list_select_related = ["submitted_by"]
    readonly_fields = [f.name for f in PlanApproval._meta.fields]
