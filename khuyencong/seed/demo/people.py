"""Demo people: one user per role, facilities in two communes of the new Vĩnh Long (2025 map),
so scoping shows. Idempotent. ``HISTORY_DISTRICT`` is where each facility was before 1/7/2025."""

from __future__ import annotations

from django.db import transaction

from khuyencong.models import Locality, Role, User
from proposals.models import Facility

# Bandit B105 (hard-coded password) is a false positive: the published password of the
# demo accounts, never used in production.
DEMO_PASSWORD = "KhuyenCong@2026"  # nosec B105

FACILITIES = [
    {
        "key": "facility1",
        "tax_code": "0100233488",
        "name": "Cơ sở chế biến thực phẩm Hoàng Long",
        "legal_form": "household",
        "locality": "29611",  # Xã Phú Quới (Huyện Long Hồ until 30/6/2025)
        "address": "Ấp Phước Yên, xã Phú Quới, tỉnh Vĩnh Long",
        "representative": "Nguyễn Văn Long",
        "representative_title": "Chủ cơ sở",
        "phone": "0270 3820 001",
        "email": "facility1@example.vn",
        "main_products": "Bánh tráng, mứt trái cây",
        "employees": 18,
    },
    {
        "key": "facility2",
        "tax_code": "0314409058",
        "name": "Hợp tác xã gốm đỏ Mang Thít",
        "legal_form": "coop",
        "locality": "29623",  # Xã Nhơn Phú (Huyện Mang Thít until 30/6/2025)
        "address": "Ấp Phú Thạnh, xã Nhơn Phú, tỉnh Vĩnh Long",
        "representative": "Trần Thị Mai",
        "representative_title": "Giám đốc hợp tác xã",
        "phone": "0270 3840 002",
        "email": "facility2@example.vn",
        "main_products": "Gốm đỏ mỹ nghệ, gạch ngói",
        "employees": 45,
    },
    {
        "key": "facility3",
        "tax_code": "1500012340",
        "name": "Cơ sở cơ khí Tân Hạnh",
        "legal_form": "household",
        "locality": "29611",  # Xã Phú Quới (Huyện Long Hồ until 30/6/2025)
        "address": "Ấp Phước Định, xã Phú Quới, tỉnh Vĩnh Long",
        "representative": "Châu Văn Hạnh",
        "representative_title": "Chủ cơ sở",
        "phone": "0270 3820 003",
        "email": "facility3@example.vn",
        "main_products": "Máy nông nghiệp, khung nhà xưởng",
        "employees": 12,
    },
    {
        "key": "facility4",
        "tax_code": "1500045674",
        "name": "Công ty TNHH chiếu cói Nhơn Phú",
        "legal_form": "sme",
        "locality": "29623",  # Xã Nhơn Phú (Huyện Mang Thít until 30/6/2025)
        "address": "Ấp Nhơn Ngãi, xã Nhơn Phú, tỉnh Vĩnh Long",
        "representative": "Lý Thị Cẩm",
        "representative_title": "Giám đốc",
        "phone": "0270 3840 004",
        "email": "facility4@example.vn",
        "main_products": "Chiếu cói, túi xách thủ công",
        "employees": 30,
    },
]

# The district each facility belonged to before the 2025 reform: the earlier plan year of the
# story (``history``) was reviewed there.
HISTORY_DISTRICT = {"facility1": "857", "facility2": "858", "facility3": "857", "facility4": "858"}

STAFF = [
    # Commune officers since 1/7/2025 (the usernames stay those of the district era).
    ("district1", Role.DISTRICT, "Lê Minh Tâm", "29611"),  # UBND xã Phú Quới
    ("district2", Role.DISTRICT, "Phạm Thu Hà", "29623"),  # UBND xã Nhơn Phú
    ("dit1", Role.DIT, "Võ Thành Công", None),
    ("ditlead1", Role.LEADER, "Đặng Quốc Bảo", None),
    ("council1", Role.COUNCIL, "Huỳnh Văn Sơn", None),
    ("council2", Role.COUNCIL, "Ngô Thị Lan", None),
    ("finance1", Role.FINANCE, "Bùi Thanh Tùng", None),
    ("admin", Role.ADMIN, "Quản trị hệ thống", None),
]


def _user(username: str, role: str, full_name: str, **extra: object) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "first_name": full_name,
            "email": f"{username}@example.vn",
            "is_staff": role == Role.ADMIN,
            "is_superuser": role == Role.ADMIN,
            **extra,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_core() -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in FACILITIES:
        data = dict(spec)
        key = data.pop("key")
        data["locality"] = Locality.objects.get(code=data["locality"])
        facility, _ = Facility.objects.get_or_create(
            tax_code=data["tax_code"], defaults={**data, "status": Facility.Status.ACTIVE}
        )
        users[key] = _user(key, Role.FACILITY, data["representative"], facility=facility)
    for username, role, full_name, locality_code in STAFF:
        extra = {"locality": Locality.objects.get(code=locality_code)} if locality_code else {}
        users[username] = _user(username, role, full_name, **extra)
    return users
