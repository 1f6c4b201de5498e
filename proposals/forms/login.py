"""The login form: it tells a facility why its account cannot log in yet."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from khuyencong.localities import has_intermediate_review, intermediate_name
from khuyencong.models import Role, User
from proposals.models import Facility


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này chưa được kích hoạt."),
    }

    def confirm_login_allowed(self, user: User) -> None:
        if user.is_active:
            return
        # Say why: a facility waiting for its district officer should not think its password
        # is wrong. The password was right (AllowAllUsersModelBackend), so this leaks nothing.
        if user.role == Role.FACILITY and user.facility_id:
            facility = user.facility
            if facility.status == Facility.Status.REFUSED:
                raise forms.ValidationError(
                    _("Đăng ký cơ sở đã bị từ chối. Lý do: %(reason)s")
                    % {"reason": facility.refusal_reason},
                    code="refused",
                )
            if facility.status == Facility.Status.PENDING:
                raise forms.ValidationError(
                    _(
                        "Tài khoản cơ sở đang chờ %(level)s kích hoạt. Bạn sẽ nhận e-mail khi "
                        "tài khoản được kích hoạt."
                    )
                    % {
                        "level": facility.locality.committee_name
                        if has_intermediate_review()
                        else intermediate_name()
                    },
                    code="pending",
                )
        raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
