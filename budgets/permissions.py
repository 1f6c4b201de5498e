"""Permission functions for money pages: each returns ``(allowed, reason)``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from budgets.models import Allocation, Confirmation, Disbursement
from khuyencong.models import Role, User
from proposals.models import Proposal
from proposals.permissions import can_take
from proposals.workflow import Action

Decision = tuple[bool, str]

# Roles that see the province's money pages; district officers see their locality's totals on
# the budget home only, facilities only their own proposal's money history.
BUDGET_ROLES = (Role.FINANCE, Role.DIT, Role.LEADER, Role.ADMIN)
HOME_ROLES = (*BUDGET_ROLES, Role.DISTRICT)


def can_view_budget(user: User) -> Decision:
    if user.role in BUDGET_ROLES:
        return True, ""
    return False, _("Chỉ Sở Công Thương và Sở Tài chính xem được trang kinh phí.")


def can_manage_appropriations(user: User) -> Decision:
    if user.role == Role.FINANCE:
        return True, ""
    return False, _("Chỉ Sở Tài chính nhập và điều chỉnh dự toán.")


def can_propose_allocation(user: User, proposal: Proposal | None = None) -> Decision:
    if user.role != Role.DIT:
        return False, _("Chỉ chuyên viên Sở Công Thương đề xuất phân bổ.")
    return True, ""


def can_decide(user: User, obj: Allocation | Disbursement) -> Decision:
    if user.role != Role.FINANCE:
        return False, _("Chỉ Sở Tài chính xác nhận hoặc từ chối.")
    if obj.status != Confirmation.PROPOSED:
        return False, _("Khoản này đã được xử lý: %(status)s.") % {
            "status": obj.get_status_display()
        }
    return True, ""


def can_record_disbursement(user: User, allocation: Allocation) -> Decision:
    if user.role != Role.DIT:
        return False, _("Chỉ chuyên viên Sở Công Thương ghi nhận giải ngân.")
    if allocation.status != Confirmation.CONFIRMED:
        return False, _("Khoản phân bổ chưa được Sở Tài chính xác nhận.")
    return True, ""


def can_settle(user: User, proposal: Proposal) -> Decision:
    return can_take(user, proposal, Action.SETTLE)


def can_import_statement(user: User) -> Decision:
    if user.role == Role.FINANCE:
        return True, ""
    return False, _("Chỉ Sở Tài chính tải lên bảng kê.")
