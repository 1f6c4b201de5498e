"""Who may do what during implementation. Each returns ``(allowed, reason)``.

The workflow actions (start, accept, cancel) go through ``proposals.permissions.can_take``;
these cover the records kept between them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from khuyencong.models import Role, User
from proposals.models import ChangeRequest, Proposal, State

Decision = tuple[bool, str]

# Who may open the monitoring list (each sees it through ``Proposal.objects.visible_to``).
MONITORING_LIST_ROLES = (Role.DIT, Role.LEADER, Role.DISTRICT, Role.FINANCE, Role.ADMIN)


def _owner(user: User, proposal: Proposal) -> Decision:
    if user.role != Role.FACILITY:
        return False, _("Chỉ cơ sở thực hiện đề án mới làm được việc này.")
    if user.facility_id != proposal.facility_id:
        return False, _("Đề án không thuộc cơ sở của bạn.")
    return True, ""


def _in_progress(proposal: Proposal) -> Decision:
    if proposal.state != State.IN_PROGRESS:
        return False, _("Đề án không ở trạng thái đang thực hiện (hiện: “%(state)s”).") % {
            "state": proposal.get_state_display()
        }
    return True, ""


def can_report_progress(user: User, proposal: Proposal) -> Decision:
    allowed, reason = _owner(user, proposal)
    return (allowed, reason) if not allowed else _in_progress(proposal)


def can_inspect(user: User, proposal: Proposal) -> Decision:
    if user.role != Role.DIT:
        return False, _("Chỉ chuyên viên Sở Công Thương ghi nhận kiểm tra thực địa.")
    return _in_progress(proposal)


def can_request_change(user: User, proposal: Proposal, *, has_pending: bool) -> Decision:
    allowed, reason = _owner(user, proposal)
    if allowed:
        allowed, reason = _in_progress(proposal)
    if allowed and has_pending:
        return False, _("Đề án đang có một đề nghị điều chỉnh chờ xem xét.")
    return allowed, reason


def can_decide_change(user: User, change_request: ChangeRequest) -> Decision:
    if user.role != Role.DIT:
        return False, _("Chỉ chuyên viên Sở Công Thương xem xét đề nghị điều chỉnh.")
    if change_request.status != ChangeRequest.Status.PENDING:
        return False, _("Đề nghị điều chỉnh này đã được xem xét.")
    return _in_progress(change_request.proposal)
