from tests.matrix import LOGIN, OK, REDIRECT, Case, everyone, logged_in, only

CASES = [
    Case("home", everyone(REDIRECT, anon=OK)),
    Case("dashboard", logged_in(OK, finance=REDIRECT)),  # Finance: the budget home
    Case("notifications", logged_in(OK)),
    Case("notifications_read_all", logged_in(REDIRECT), method="post"),
    Case(
        "notification_read",
        logged_in(404),
        kwargs=lambda w: {"pk": 999999},
        method="post",
        label="unknown",
    ),
    Case("healthz", everyone(OK)),
    Case("readyz", everyone(OK)),
    Case("login", everyone(REDIRECT, anon=OK)),
    Case("logout", everyone(REDIRECT), method="post"),
    # force_login gives officials a verified session (tests/conftest.py): the token page sends
    # them on; facilities and officers without a device are sent to the optional enrolment.
    Case("otp_verify", logged_in(REDIRECT)),
    Case("otp_setup", logged_in(OK)),
    Case("otp_setup_qr", logged_in(OK)),
    Case("otp_backup_codes", logged_in(REDIRECT)),
    Case("password_change", logged_in(OK)),
    Case("password_change_done", logged_in(OK)),
    Case("password_reset", everyone(OK)),
    Case("password_reset_done", everyone(OK)),
    Case(
        "password_reset_confirm",
        everyone(OK),
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
    ),
    Case("password_reset_complete", everyone(OK)),
    Case("set_language", everyone(REDIRECT), method="post", data=lambda w: {"language": "en"}),
    Case("admin:index", only(OK, ("admin",), others=REDIRECT, anon=REDIRECT)),
]

# LOGIN is re-exported for modules that build tables by hand.
__all__ = ["CASES", "LOGIN"]


def _own_notification(w):
    from khuyencong.models import Notification

    note = Notification.objects.create(
        recipient=w.users["facility"], subject="Thông báo thử", url="/dashboard/"
    )
    return {"pk": note.pk}


CASES.append(
    Case(
        "notification_read",
        logged_in(404, facility=REDIRECT),
        kwargs=_own_notification,
        method="post",
        label="owned",
    )
)
