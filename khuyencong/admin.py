from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from khuyencong.admin_base import FoldedSearchMixin, ReadOnlyAdmin
from khuyencong.models import AuditLog, Holiday, Locality, Notification, User
from khuyencong.services_otp import otp_device_reset
from khuyencong.views_audit import code_or_action


@admin.register(User)
class UserAdmin(FoldedSearchMixin, DjangoUserAdmin):
    list_display = ["username", "get_full_name", "role", "facility", "locality", "is_active"]
    list_filter = ["role", "is_active", "locality"]
    list_select_related = ["facility", "locality"]
    search_fields = ["username", "first_name", "last_name", "email"]
    folded_search_fields = ("username", "first_name", "last_name")
    exact_search_fields = ("email",)
    autocomplete_fields = ["facility", "locality"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Vai trò và đơn vị"), {"fields": ("role", "facility", "locality", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Vai trò và đơn vị"), {"fields": ("email", "role", "facility", "locality")}),
    )
    actions = ["reset_second_factor"]

    @admin.action(description=_("Đặt lại xác thực hai lớp (mất điện thoại)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            otp_device_reset(actor=request.user, user=user)
        self.message_user(
            request,
            _("Đã đặt lại xác thực hai lớp của %(count)d tài khoản; họ đăng ký lại khi đăng nhập.")
            % {"count": len(queryset)},
        )


@admin.register(Locality)
class LocalityAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "code"]
    folded_search_fields = ("name",)
    exact_search_fields = ("code",)


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AuditLog], search_term: str
    ) -> tuple[QuerySet[AuditLog], bool]:
        """A dossier code's prefix (index range on the object's name) or an exact action."""
        return code_or_action(queryset, search_term), False

    date_hierarchy = "created_at"  # read-only: the audit log is evidence


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "read_at", "emailed_at"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind", "provisional", "source"]
    list_filter = ["kind", "provisional"]
    date_hierarchy = "date"
    search_fields = ["name"]
