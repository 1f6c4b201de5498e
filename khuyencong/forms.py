from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from khuyencong.models import Role, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này chưa được kích hoạt."),
    }

    def confirm_login_allowed(self, user: User) -> None:
        if not user.is_active:
            if user.role == Role.FACILITY and user.facility_id:
                facility = user.facility
                if facility.status == "refused":
                    message = _("Đăng ký cơ sở đã bị từ chối. Lý do: %(reason)s") % {
                        "reason": facility.refusal_reason
                    }
                else:
                    message = _(
                        "Tài khoản cơ sở đang chờ %(level)s kích hoạt. Bạn sẽ nhận e-mail khi "
                        "tài khoản được kích hoạt."
                    ) % {"level": settings.INTERMEDIATE_LEVEL_NAME}
                raise forms.ValidationError(message, code="inactive")
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
