from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("Quản trị cổng khuyến công")
    site_title = _("Quản trị khuyến công")
    index_title = _("Danh mục và người dùng")

    def has_permission(self, request: HttpRequest) -> bool:
        # Only the IT administrators of the DIT; staff flags alone are not enough.
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "role", "") == "admin")


class PortalAdminConfig(AdminConfig):
    default_site = "khuyencong.admin_site.PortalAdminSite"
