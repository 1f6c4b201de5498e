"""Permission functions: each returns ``(allowed, reason)`` so a page can say why."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khuyencong.models import Role, User
from proposals.models import Facility, Proposal
from proposals.workflow import EDITABLE_STATES, TRANSITIONS

Decision = tuple[bool, str]


def can_review_facility(user: User, facility: Facility) -> Decision:
    if user.role != Role.DISTRICT:
        return False, _("Chỉ cán bộ cấp huyện mới kích hoạt tài khoản cơ sở.")
    if user.locality_id != facility.locality_id:
        return False, _("Cơ sở không thuộc địa bàn của bạn.")
    if facility.status != Facility.Status.PENDING:
        return False, _("Đăng ký này đã được xử lý.")
    return True, ""


def in_scope(user: User, proposal: Proposal) -> bool:
    """Whether ``user`` may know ``proposal`` exists (mirrors ``Proposal.objects.visible_to``)."""
    return Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists()


def can_take(user: User, proposal: Proposal, action: str) -> Decision:
    """May ``user`` take ``action`` on ``proposal`` now? The reason says why not."""
    t = TRANSITIONS.get(action)
    if t is None:
        return False, _("Thao tác không tồn tại.")
    if proposal.state not in t.sources:
        return False, _("Không thể %(action)s khi đề án đang ở trạng thái “%(state)s”.") % {
            "action": str(t.label).lower(),
            "state": proposal.get_state_display(),
        }
    if user.role not in t.allowed_roles(proposal.state):
        return False, _("Vai trò của bạn không được %(action)s ở bước này.") % {
            "action": str(t.label).lower()
        }
    if user.role == Role.FACILITY and user.facility_id != proposal.facility_id:
        return False, _("Đề án không thuộc cơ sở của bạn.")
    if user.role == Role.DISTRICT and user.locality_id != proposal.facility.locality_id:
        return False, _("Đề án không thuộc địa bàn của bạn.")
    return True, ""


def can_edit(user: User, proposal: Proposal) -> Decision:
    if user.role != Role.FACILITY or user.facility_id != proposal.facility_id:
        return False, _("Chỉ cơ sở lập đề án mới được sửa đề án.")
    if proposal.state not in EDITABLE_STATES:
        return False, _("Đề án chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung.")
    return True, ""
