"""Vietnamese names of every audit action: one registry for the proposal timeline, the money
journals, the audit log and its action filter, and the public lookup.

The workflow's transitions (``proposal.<action>``) are named by the workflow table: the
proposals app registers them when it is ready (``ProposalsConfig.ready``), so the core names
every action without importing a domain app. A test reads every ``audit.record`` call in the
code and fails when an action has no name here.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise | str] = {
    # submission
    "proposal.create": _("Lập đề án"),
    "proposal.update": _("Cập nhật nội dung đề án"),
    "proposal.costline_add": _("Thêm dòng dự toán"),
    "proposal.costline_update": _("Sửa dòng dự toán"),
    "proposal.costline_remove": _("Xóa dòng dự toán"),
    "proposal.attachment_upload": _("Tải lên tài liệu"),
    "proposal.attachment_replace": _("Thay tài liệu"),
    "proposal.attachment_remove": _("Gỡ tài liệu"),
    "proposal.draft_delete": _("Xóa bản nháp chưa nộp"),
    # facilities
    "facility.register": _("Đăng ký cơ sở"),
    "facility.activate": _("Kích hoạt tài khoản cơ sở"),
    "facility.refuse": _("Từ chối đăng ký cơ sở"),
    "facility.profile_update": _("Cập nhật hồ sơ cơ sở"),
    "facility.identity_request": _("Cơ sở đề nghị đổi tên, mã số thuế hoặc địa bàn"),
    "facility.identity_approve": _("Chấp thuận đổi tên, mã số thuế hoặc địa bàn của cơ sở"),
    "facility.identity_refuse": _("Không chấp thuận đổi tên, mã số thuế hoặc địa bàn"),
    "facility.relocate": _("Chuyển cơ sở sang đơn vị hành chính mới"),
    # second factor
    "otp.enrol": _("Đăng ký xác thực hai lớp"),
    "otp.reset": _("Đặt lại xác thực hai lớp"),
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
    "plan.deadline_save": _("Lưu hạn chót kế hoạch"),
    "plan.deadline_delete": _("Xóa hạn chót kế hoạch"),
    "plan.submit": _("Trình phê duyệt kế hoạch năm"),
    "plan.approve": _("Phê duyệt kế hoạch năm"),
    "plan.return": _("Trả lại kế hoạch năm"),
}



def register(labels: Mapping[str, Promise | str]) -> None:
    """Add the names of a domain app's actions (called from its ``AppConfig.ready``)."""
    LABELS.update(labels)


def action_label(action: str) -> str:
    """The Vietnamese name of ``action``; the raw action only for one nobody registered."""
    label = LABELS.get(action)
    return str(label) if label is not None else action


def action_choices() -> list[tuple[str, str]]:
    """Every named action as (action, name), sorted by name: the audit log's filter."""
    return sorted(((action, str(label)) for action, label in LABELS.items()), key=lambda c: c[1])
