"""Human labels for the audit actions a proposal's timeline shows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from proposals.workflow import TRANSITIONS

# Actions that are not workflow transitions; the transitions' labels come from the table.
OTHER_LABELS = {
    "proposal.create": _("Lập đề án"),
    "proposal.update": _("Cập nhật nội dung đề án"),
    "proposal.costline_add": _("Thêm dòng dự toán"),
    "proposal.costline_update": _("Sửa dòng dự toán"),
    "proposal.costline_remove": _("Xóa dòng dự toán"),
    "proposal.attachment_upload": _("Tải lên tài liệu"),
    "proposal.attachment_replace": _("Thay tài liệu"),
}


def action_label(action: str) -> str:
    if action in OTHER_LABELS:
        return str(OTHER_LABELS[action])
    prefix, _sep, name = action.partition(".")
    if prefix == "proposal" and name in TRANSITIONS:
        return str(TRANSITIONS[name].label)
    return action
