"""Permission functions: each returns ``(allowed, reason)`` so a page can say why."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khuyencong.localities import has_intermediate_review
from khuyencong.models import Role, User
from proposals.models import Appraisal, Facility, Proposal, ScoreSheet, State
from proposals.workflow import EDITABLE_STATES, table

Decision = tuple[bool, str]


def facility_reviewer_role() -> str:
    """Who activates a facility's account: the officer of its commune (or district), or the DIT
    specialist when there is no intermediate level."""
    return Role.DISTRICT if has_intermediate_review() else Role.DIT


def can_review_facility(user: User, facility: Facility) -> Decision:
    if user.role != facility_reviewer_role():
        if has_intermediate_review():
            return False, _("Chỉ cán bộ UBND nơi cơ sở hoạt động mới kích hoạt tài khoản cơ sở.")
        return False, _("Chỉ chuyên viên Sở Công Thương mới kích hoạt tài khoản cơ sở.")
    if user.role == Role.DISTRICT and user.locality_id != facility.locality_id:
        return False, _("Cơ sở không thuộc địa bàn của bạn.")
    if facility.status != Facility.Status.PENDING:
        return False, _("Đăng ký này đã được xử lý.")
    return True, ""


def in_scope(user: User, proposal: Proposal) -> bool:
    """Whether ``user`` may know ``proposal`` exists (mirrors ``Proposal.objects.visible_to``)."""
    return Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists()


def can_take(user: User, proposal: Proposal, action: str) -> Decision:
    """May ``user`` take ``action`` on ``proposal`` now? The reason says why not."""
    t = table().get(action)
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
    if user.role == Role.DISTRICT and user.locality_id != proposal.locality_id:
        return False, _("Đề án không thuộc địa bàn của bạn.")
    return True, ""


def can_edit(user: User, proposal: Proposal) -> Decision:
    if user.role != Role.FACILITY or user.facility_id != proposal.facility_id:
        return False, _("Chỉ cơ sở lập đề án mới được sửa đề án.")
    if proposal.state not in EDITABLE_STATES:
        return False, _("Đề án chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung.")
    return True, ""


# --- Appraisal council -------------------------------------------------------------------


def can_score(user: User, sheet: ScoreSheet) -> Decision:
    """May ``user`` fill in ``sheet`` now?"""
    if sheet.member_id != user.pk:
        return False, _("Đây không phải phiếu chấm của bạn.")
    if not sheet.appraisal.is_open:
        return False, _("Đợt thẩm định đã kết thúc: phiếu chấm đã khóa.")
    if sheet.submitted_at is not None:
        return False, _("Bạn đã nộp phiếu chấm này.")
    return True, ""


def can_view_sheets(user: User, appraisal: Appraisal, own: ScoreSheet | None = None) -> Decision:
    """May ``user`` see every member's sheet and the mean of ``appraisal``?

    A member sees the others' sheets only after submitting its own, so no one scores by
    looking at the others.
    """
    if user.role in (Role.DIT, Role.LEADER, Role.ADMIN):
        return True, ""
    if user.role == Role.COUNCIL and own is not None:
        if own.submitted_at is not None:
            return True, ""
        return False, _("Bạn sẽ xem được phiếu của các thành viên khác sau khi nộp phiếu của mình.")
    return False, _("Chỉ Sở Công Thương và hội đồng thẩm định xem được phiếu chấm.")


def can_delete_draft(user: User, proposal: Proposal) -> Decision:
    """A facility may delete its own draft that was never submitted (no dossier code yet)."""
    if user.role != Role.FACILITY or user.facility_id != proposal.facility_id:
        return False, _("Chỉ cơ sở lập đề án được xóa bản nháp của mình.")
    if proposal.state != State.DRAFT or proposal.code:
        return False, _("Chỉ xóa được bản nháp chưa từng nộp; đề án đã nộp có thể rút (kèm lý do).")
    return True, ""
