"""What a proposal waits for, in words a facility understands."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khuyencong.localities import intermediate_name
from proposals.models import Proposal, State


def current_step(state: str) -> str:
    steps = {
        State.DRAFT: _("Cơ sở đang soạn đề án"),
        State.SUBMITTED: _("%(level)s xem xét hồ sơ") % {"level": intermediate_name()},
        State.RETURNED: _("Cơ sở bổ sung hồ sơ"),
        State.FORWARDED: _("Sở Công Thương tiếp nhận hồ sơ"),
        State.UNDER_APPRAISAL: _("Hội đồng thẩm định chấm điểm"),
        State.APPRAISED: _("Lãnh đạo Sở Công Thương xem xét phê duyệt"),
        State.APPROVED: _("Ký hợp đồng và triển khai"),
        State.IN_PROGRESS: _("Cơ sở thực hiện đề án"),
        State.ACCEPTED: _("Sở Tài chính quyết toán"),
    }
    return steps.get(state, _("Đã kết thúc"))


def asked_of_facility(proposal: Proposal) -> str:
    if proposal.state == State.DRAFT:
        return _("Hoàn thiện nội dung, dự toán, tài liệu và nộp đề án.")
    if proposal.state == State.RETURNED:
        return _("Bổ sung theo yêu cầu: %(reason)s") % {"reason": proposal.last_reason or "—"}
    if proposal.state == State.IN_PROGRESS:
        return _("Thực hiện và báo cáo tiến độ.")
    return ""
