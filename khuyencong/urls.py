from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from khuyencong import views, views_audit, views_otp

auth_patterns = [
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/", views_otp.otp_verify, name="otp_verify"),
    path("2fa/setup/", views_otp.otp_setup, name="otp_setup"),
    path("2fa/setup/qr.svg", views_otp.otp_setup_qr, name="otp_setup_qr"),
    path("2fa/backup-codes/", views_otp.otp_backup_codes, name="otp_backup_codes"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The link in the e-mail is built from PORTAL_BASE_URL, never from the request's Host.
    path(
        "password/reset/",
        views.PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    # The home page and the dashboards belong to reports, above every area they show.
    path("", include("reports.urls_home")),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("audit/", views_audit.audit_log, name="audit_log"),
    path("audit/export.csv", views_audit.audit_log_export, name="audit_log_export"),
    path("audit/actors.json", views_audit.audit_actors, name="audit_actors"),
    # Login explains a facility's pending or refused registration: proposals owns it.
    path("accounts/", include("proposals.urls_login")),
    path("accounts/", include(auth_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("proposals.urls")),
    path("budget/", include("budgets.urls", namespace="budgets")),
    path("reports/", include("reports.urls")),
    path(f"{settings.ADMIN_URL}", admin.site.urls),
]

# Error pages in the portal's layout and language; the 500 page is the static templates/500.html.
handler400 = "khuyencong.views_errors.bad_request"
handler403 = "khuyencong.views_errors.permission_denied"
handler404 = "khuyencong.views_errors.page_not_found"
