"""Who may build which document, and which objects are in their scope.

Role checks answer 403 with a reason; an object outside the user's scope (another facility's
dossier, another district's list) answers 404, like every other object of the portal.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from khuyencong.models import Role, User
from proposals.models import Proposal

PROVINCIAL = (Role.DIT, Role.LEADER, Role.FINANCE)

ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    "dossier": (Role.FACILITY, Role.DISTRICT, *PROVINCIAL),
    "district-list": (Role.DISTRICT, *PROVINCIAL),
    "annual-plan": PROVINCIAL,
    "decision": PROVINCIAL,
    "results": PROVINCIAL,
    "reconciliation": (Role.FINANCE, Role.DIT, Role.LEADER),
}


def can_build(user: User, kind: str) -> tuple[bool, str]:
    """May ``user``'s role build documents of ``kind`` at all?"""
    if not user.is_authenticated:
        return False, _("Cần đăng nhập.")
    roles = ROLES_BY_KIND.get(kind)
    if roles is None:
        return False, _("Loại văn bản không tồn tại.")
    if user.role not in roles:
        return False, _("Vai trò của bạn không được tạo văn bản này.")
    return True, ""


def in_scope(user: User, kind: str, params: dict[str, Any]) -> bool:
    """Is the object the document is about visible to ``user``? (False answers 404.)"""
    if kind == "dossier":
        return Proposal.objects.visible_to(user).filter(pk=params.get("proposal")).exists()
    if kind == "district-list" and user.role == Role.DISTRICT:
        return bool(user.locality_id) and params.get("locality") == user.locality_id
    return True


def can_view_plan(user: User) -> tuple[bool, str]:
    if user.is_authenticated and user.role in PROVINCIAL:
        return True, ""
    return False, _("Chỉ Sở Công Thương và Sở Tài chính xem được kế hoạch tổng hợp.")


def can_run_plan(user: User) -> tuple[bool, str]:
    """The "run now" button: DIT specialists only."""
    if user.is_authenticated and user.role == Role.DIT:
        return True, ""
    return False, _("Chỉ chuyên viên Sở Công Thương được chạy tổng hợp ngay.")


def kinds_for(user: User) -> list[str]:
    return [kind for kind in ROLES_BY_KIND if can_build(user, kind)[0]]


def can_submit_plan(user: User) -> tuple[bool, str]:
    """Putting a year's aggregated plan to the leader: DIT specialists only."""
    if user.is_authenticated and user.role == Role.DIT:
        return True, ""
    return False, _("Chỉ chuyên viên Sở Công Thương được trình kế hoạch năm.")


def can_decide_plan(user: User) -> tuple[bool, str]:
    """Approving or returning the annual plan: the DIT leader only."""
    if user.is_authenticated and user.role == Role.LEADER:
        return True, ""
    return False, _("Chỉ lãnh đạo Sở Công Thương được phê duyệt hoặc trả lại kế hoạch năm.")
