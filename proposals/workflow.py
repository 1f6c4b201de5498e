"""The proposal workflow: one declarative table, read top to bottom.

Services, permissions, the action buttons a page shows, the timeline and the tests all read
this table; nothing else decides which action may move a proposal from which state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khuyencong.localities import has_intermediate_review
from khuyencong.models import Role
from proposals.models import State


class Action:
    SUBMIT = "submit"
    RETURN = "return"
    FORWARD = "forward"
    REJECT = "reject"
    REQUEST_INFO = "request_info"
    START_APPRAISAL = "start_appraisal"
    CONCLUDE_APPRAISAL = "conclude_appraisal"
    APPROVE = "approve"
    START = "start"
    ACCEPT = "accept"
    SETTLE = "settle"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    # Which role may take the action from which source state.
    roles: dict[str, frozenset[str]]
    label: Promise
    requires: Promise

    def allowed_roles(self, source: str) -> frozenset[str]:
        return self.roles.get(source, frozenset())


def _t(
    action: str,
    sources: tuple[str, ...],
    target: str,
    roles: tuple[str, ...] | dict[str, tuple[str, ...]],
    label: Promise,
    requires: Promise,
) -> Transition:
    by_source = (
        {s: frozenset(r) for s, r in roles.items()}
        if isinstance(roles, dict)
        else {s: frozenset(roles) for s in sources}
    )
    return Transition(action, frozenset(sources), target, by_source, label, requires)


S = State
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t(Action.SUBMIT, (S.DRAFT, S.RETURNED), S.SUBMITTED, (Role.FACILITY,),
           _("Nộp đề án"),
           _("đủ nội dung, đủ tài liệu bắt buộc, kinh phí đề nghị trong mức hỗ trợ")),
        _t(Action.RETURN, (S.SUBMITTED,), S.RETURNED, (Role.DISTRICT,),
           _("Trả lại để bổ sung"), _("lý do")),
        _t(Action.FORWARD, (S.SUBMITTED,), S.FORWARDED, (Role.DISTRICT,),
           _("Chuyển Sở Công Thương"), _("ý kiến và thứ tự ưu tiên trong địa bàn")),
        _t(Action.REJECT, (S.SUBMITTED, S.FORWARDED, S.APPRAISED), S.REJECTED,
           {S.SUBMITTED: (Role.DISTRICT,), S.FORWARDED: (Role.DIT,),
            S.APPRAISED: (Role.LEADER,)},
           _("Không chấp thuận"), _("lý do")),
        _t(Action.REQUEST_INFO, (S.FORWARDED, S.UNDER_APPRAISAL), S.RETURNED, (Role.DIT,),
           _("Yêu cầu bổ sung thông tin"), _("lý do")),
        _t(Action.START_APPRAISAL, (S.FORWARDED,), S.UNDER_APPRAISAL, (Role.DIT,),
           _("Đưa ra hội đồng thẩm định"), _("thành viên hội đồng")),
        _t(Action.CONCLUDE_APPRAISAL, (S.UNDER_APPRAISAL,), S.APPRAISED, (Role.DIT,),
           _("Kết thúc thẩm định"),
           _("phiếu chấm của mọi thành viên, kinh phí hội đồng đề nghị")),
        _t(Action.APPROVE, (S.APPRAISED,), S.APPROVED, (Role.LEADER,),
           _("Phê duyệt"),
           _("kinh phí phê duyệt trong mức hỗ trợ, năm kế hoạch, số và ngày quyết định")),
        _t(Action.START, (S.APPROVED,), S.IN_PROGRESS, (Role.DIT,),
           _("Bắt đầu thực hiện"), _("số và ngày hợp đồng")),
        _t(Action.ACCEPT, (S.IN_PROGRESS,), S.ACCEPTED, (Role.DIT,),
           _("Nghiệm thu"),
           _("biên bản nghiệm thu: ngày, thành phần, kết quả, kinh phí được nghiệm thu")),
        _t(Action.SETTLE, (S.ACCEPTED,), S.SETTLED, (Role.FINANCE,),
           _("Quyết toán"), _("số tiền quyết toán, các khoản thanh toán đã đối chiếu")),
        _t(Action.WITHDRAW, (S.DRAFT, S.SUBMITTED, S.RETURNED, S.FORWARDED), S.WITHDRAWN,
           (Role.FACILITY,), _("Rút đề án"), _("lý do")),
        _t(Action.CANCEL, (S.APPROVED, S.IN_PROGRESS), S.CANCELLED, (Role.LEADER,),
           _("Hủy đề án"), _("lý do; giải phóng phần kinh phí phân bổ chưa sử dụng")),
    ]
}  # fmt: skip

# Without an intermediate level (INTERMEDIATE_LEVEL = "none", Must-show 2 of issue 16) a
# facility submits straight to the DIT: submit leads to "forwarded", and the intermediate
# officer's actions (return, forward, reject a submitted proposal) do not exist. A proposal
# left in "submitted" by an earlier level can still be withdrawn by its facility.
DIRECT_TRANSITIONS: dict[str, Transition] = {
    **{a: t for a, t in TRANSITIONS.items() if a not in (Action.RETURN, Action.FORWARD)},
    Action.SUBMIT: replace(TRANSITIONS[Action.SUBMIT], target=S.FORWARDED),
    Action.REJECT: _t(Action.REJECT, (S.FORWARDED, S.APPRAISED), S.REJECTED,
                      {S.FORWARDED: (Role.DIT,), S.APPRAISED: (Role.LEADER,)},
                      TRANSITIONS[Action.REJECT].label, TRANSITIONS[Action.REJECT].requires),
}  # fmt: skip

# States in which the facility may edit its proposal.
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# States where nothing moves any more.
FINAL_STATES = frozenset({S.SETTLED, S.REJECTED, S.WITHDRAWN, S.CANCELLED})


def table() -> dict[str, Transition]:
    """The transitions of the configured intermediate level (read at call time)."""
    return TRANSITIONS if has_intermediate_review() else DIRECT_TRANSITIONS


def transition(action: str) -> Transition:
    return table()[action]


def actions_from(state: str) -> list[Transition]:
    return [t for t in table().values() if state in t.sources]


def role_may(role: str, action: str, state: str) -> bool:
    t = table().get(action)
    return t is not None and role in t.allowed_roles(state)
