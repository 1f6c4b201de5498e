"""The shape of the synthetic history: volumes, state mixes by age of the plan year, texts."""

from __future__ import annotations

from proposals.models import (
    State,
)

SCALE_DOMAIN = "scale.invalid"
USER_PREFIX = "scale-"
SHARED_FILE = "scale/shared-attachment.pdf"
# A minimal, valid one-page PDF: every seeded attachment row points at this one file.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PROPOSALS_PER_FACILITY = 5
YEARS = 10
BATCH = 2000

# How far along a plan year's proposals are, by age of the year (0 = the current year).
OLD_YEAR_STATES: list[tuple[str, int]] = [
    (State.SETTLED, 50),
    (State.REJECTED, 14),
    (State.WITHDRAWN, 6),
    (State.CANCELLED, 4),
    (State.ACCEPTED, 4),
    (State.IN_PROGRESS, 2),
]
LAST_YEAR_STATES: list[tuple[str, int]] = [
    (State.SETTLED, 20),
    (State.ACCEPTED, 20),
    (State.IN_PROGRESS, 25),
    (State.APPROVED, 5),
    (State.REJECTED, 15),
    (State.WITHDRAWN, 5),
    (State.CANCELLED, 5),
]
CURRENT_YEAR_STATES: list[tuple[str, int]] = [
    (State.DRAFT, 8),
    (State.SUBMITTED, 14),
    (State.RETURNED, 6),
    (State.FORWARDED, 14),
    (State.UNDER_APPRAISAL, 10),
    (State.APPRAISED, 8),
    (State.APPROVED, 12),
    (State.IN_PROGRESS, 12),
    (State.ACCEPTED, 4),
    (State.REJECTED, 8),
    (State.WITHDRAWN, 4),
]
FIRST_STATES = [
    State.FORWARDED,
    State.APPRAISED,
    State.SUBMITTED,
    State.UNDER_APPRAISAL,
    State.ACCEPTED,
    State.IN_PROGRESS,
    State.APPROVED,
    State.RETURNED,
    State.SETTLED,
    State.DRAFT,
    State.REJECTED,
    State.WITHDRAWN,
    State.CANCELLED,
]
APPRAISED = {
    State.UNDER_APPRAISAL,
    State.APPRAISED,
    State.APPROVED,
    State.IN_PROGRESS,
    State.ACCEPTED,
    State.SETTLED,
    State.CANCELLED,
}
FUNDED = {State.APPROVED, State.IN_PROGRESS, State.ACCEPTED, State.SETTLED, State.CANCELLED}
STARTED = {State.IN_PROGRESS, State.ACCEPTED, State.SETTLED}
DONE = {State.ACCEPTED, State.SETTLED}
SUBJECTS = [
    "máy sấy nông sản",
    "dây chuyền chế biến trái cây",
    "máy đóng gói chân không",
    "lò sấy gạch tiết kiệm năng lượng",
    "hệ thống xử lý nước thải",
    "máy ép dầu dừa",
    "thiết bị chế biến thủy sản",
    "máy dệt chiếu cói",
    "bao bì và nhãn hiệu sản phẩm OCOP",
    "mô hình trình diễn sản xuất bánh tráng",
]
COST_ITEMS = [
    ("Máy chính", "cái"),
    ("Thiết bị phụ trợ", "bộ"),
    ("Lắp đặt, chạy thử", "gói"),
    ("Đào tạo vận hành", "lớp"),
]
PLACES = ["ấp Phước Yên", "ấp Tân Hưng", "ấp Hòa Lợi", "khóm 2", "ấp An Thạnh", "ấp Bình Hòa"]
