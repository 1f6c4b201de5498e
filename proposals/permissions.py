"""Permission functions: each returns ``(allowed, reason)`` so a page can say why."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khuyencong.models import Role, User
from proposals.models import Facility

Decision = tuple[bool, str]


def can_review_facility(user: User, facility: Facility) -> Decision:
    if user.role != Role.DISTRICT:
        return False, _("Chỉ cán bộ cấp huyện mới kích hoạt tài khoản cơ sở.")
    if user.locality_id != facility.locality_id:
        return False, _("Cơ sở không thuộc địa bàn của bạn.")
    if facility.status != Facility.Status.PENDING:
        return False, _("Đăng ký này đã được xử lý.")
    return True, ""
