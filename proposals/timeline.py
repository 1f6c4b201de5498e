"""Vietnamese labels for every audit action the services write.

The timeline of a proposal, the public lookup and any audit listing show these; a test
(tests/proposals/test_timeline_labels.py) reads every ``audit.record`` call in the code and fails
when an action has no label here or in the workflow table.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from proposals.workflow import TRANSITIONS

# Actions that are not workflow transitions; the transitions' labels come from the table.
OTHER_LABELS = {
    # submission
    "proposal.create": _("Lập đề án"),
    "proposal.update": _("Cập nhật nội dung đề án"),
    "proposal.costline_add": _("Thêm dòng dự toán"),
    "proposal.costline_update": _("Sửa dòng dự toán"),
    "proposal.costline_remove": _("Xóa dòng dự toán"),
    "proposal.attachment_upload": _("Tải lên tài liệu"),
    "proposal.attachment_replace": _("Thay tài liệu"),
    "proposal.attachment_remove": _("Gỡ tài liệu"),
    # facilities
    "facility.register": _("Đăng ký cơ sở"),
    "facility.activate": _("Kích hoạt tài khoản cơ sở"),
    "facility.refuse": _("Từ chối đăng ký cơ sở"),
    "facility.profile_update": _("Cập nhật hồ sơ cơ sở"),
    # appraisal
    "scoresheet.submit": _("Thành viên hội đồng nộp phiếu chấm"),
    "appraisal.conclude": _("Hội đồng kết luận thẩm định"),
    # monitoring
    "proposal.progress_report": _("Báo cáo tiến độ"),
    "proposal.inspection": _("Kiểm tra thực tế"),
    "proposal.change_request": _("Đề nghị điều chỉnh"),
    "proposal.change_approve": _("Chấp thuận điều chỉnh"),
    "proposal.change_refuse": _("Không chấp thuận điều chỉnh"),
    "proposal.acceptance_failed": _("Nghiệm thu không đạt"),
    # money
    "appropriation.create": _("Ghi nhận dự toán kinh phí"),
    "appropriation.adjust": _("Điều chỉnh dự toán kinh phí"),
    "allocation.propose": _("Đề xuất phân bổ kinh phí"),
    "allocation.confirm": _("Sở Tài chính xác nhận phân bổ"),
    "allocation.refuse": _("Sở Tài chính không xác nhận phân bổ"),
    "allocation.release": _("Giải phóng kinh phí phân bổ"),
    "disbursement.record": _("Ghi nhận giải ngân"),
    "disbursement.confirm": _("Sở Tài chính xác nhận giải ngân"),
    "disbursement.refuse": _("Sở Tài chính không xác nhận giải ngân"),
    "settlement.confirm": _("Quyết toán kinh phí"),
    "statement.import": _("Nhập sao kê Kho bạc"),
    # documents and the annual plan
    "document.request": _("Yêu cầu lập văn bản"),
    "plan.aggregate": _("Tổng hợp kế hoạch năm"),
    "plan.deadline_reminder": _("Nhắc hạn gửi danh sách đề án"),
    "plan.submit": _("Trình phê duyệt kế hoạch năm"),
    "plan.approve": _("Phê duyệt kế hoạch năm"),
    "plan.return": _("Trả lại kế hoạch năm"),
}


def action_label(action: str) -> str:
    """The Vietnamese label of ``action``; the raw action only for one the code never writes."""
    if action in OTHER_LABELS:
        return str(OTHER_LABELS[action])
    prefix, _sep, name = action.partition(".")
    if prefix == "proposal" and name in TRANSITIONS:
        return str(TRANSITIONS[name].label)
    return action
