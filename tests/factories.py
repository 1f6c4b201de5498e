"""factory_boy factories, one per role, as Hypha does."""

from __future__ import annotations

import factory
from stdnum.vn import mst

from khuyencong.models import Locality, Role, User
from proposals.models import Facility

PASSWORD = "Mat-khau-thu-nghiem-2026"


def valid_tax_code(n: int) -> str:
    """The ``n``-th valid 10-digit tax number (check digit computed).

    About one base in eleven has no valid check digit (the computed digit is 10); those are
    skipped, so distinct ``n`` give distinct valid numbers.
    """
    count = -1
    candidate = 0
    while True:
        base = f"01{candidate:07d}"
        digit = mst.calc_check_digit(base)
        if len(digit) == 1:
            count += 1
            if count == n:
                return base + digit
        candidate += 1


def locality(code: str) -> Locality:
    return Locality.objects.get(code=code)


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    tax_code = factory.Sequence(lambda n: valid_tax_code(n + 1000))
    name = factory.Sequence(lambda n: f"Cơ sở sản xuất số {n}")
    legal_form = "household"
    locality = factory.LazyFunction(lambda: locality("857"))
    address = "Ấp 1, xã Phú Quới"
    representative = "Nguyễn Văn A"
    phone = "0909123456"
    email = factory.Sequence(lambda n: f"coso{n}@example.vn")
    status = Facility.Status.ACTIVE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    role = Role.DIT
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class FacilityOwnerFactory(UserFactory):
    role = Role.FACILITY
    facility = factory.SubFactory(FacilityFactory)


class DistrictOfficerFactory(UserFactory):
    role = Role.DISTRICT
    locality = factory.LazyFunction(lambda: locality("857"))


class DitFactory(UserFactory):
    role = Role.DIT


class LeaderFactory(UserFactory):
    role = Role.LEADER


class CouncilFactory(UserFactory):
    role = Role.COUNCIL


class FinanceFactory(UserFactory):
    role = Role.FINANCE


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalogue.ActivityType"
        django_get_or_create = ("code",)

    group = factory.LazyFunction(
        lambda: __import__(
            "khuyencong.catalogue.models", fromlist=["ActivityGroup"]
        ).ActivityGroup.objects.get_or_create(number=3, defaults={"name": "Mô hình trình diễn"})[0]
    )
    code = factory.Sequence(lambda n: f"test-activity-{n}")
    name = factory.Sequence(lambda n: f"Hoạt động thử {n}")
    required_quotations = 0


class FundSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalogue.FundSource"
        django_get_or_create = ("code",)

    code = "provincial"
    name = "Kinh phí khuyến công địa phương"


class ProposalFactory(factory.django.DjangoModelFactory):
    """A complete proposal; pass ``state=`` for a later step (the code is set from submitted on)."""

    class Meta:
        model = "proposals.Proposal"

    facility = factory.SubFactory(FacilityFactory)
    created_by = factory.LazyAttribute(
        lambda p: p.facility.users.first() or FacilityOwnerFactory(facility=p.facility)
    )
    state = "submitted"
    code = factory.LazyAttributeSequence(
        lambda p, n: None if p.state == "draft" else f"KC-{p.plan_year}-{n + 1:04d}"
    )
    locality = factory.LazyAttribute(
        lambda p: None if p.state == "draft" else p.facility.locality
    )
    title = factory.Sequence(lambda n: f"Ứng dụng máy móc tiên tiến trong sản xuất số {n}")
    activity_type = factory.SubFactory(ActivityTypeFactory)
    fund_source = factory.SubFactory(FundSourceFactory)
    plan_year = 2027
    implementing_unit = "Trung tâm Khuyến công"
    location = "Huyện Long Hồ"
    necessity = "Nâng cao năng suất."
    objectives = "Tăng công suất."
    content_scale = "Đầu tư 01 máy."
    implementation_plan = "Quý II."
    expected_results = "Tăng 20% công suất."
    commitments = "Cam kết đối ứng."
    total_cost = 800_000_000
    requested_support = 300_000_000
    counterpart = 500_000_000
    submitted_at = factory.LazyAttribute(
        lambda p: (
            None if p.state == "draft" else __import__("django.utils.timezone").utils.timezone.now()
        )
    )


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.CostLine"

    proposal = factory.SubFactory(ProposalFactory)
    content = "Máy đóng gói tự động"
    unit = "máy"
    quantity = 1
    unit_price = 800_000_000
    amount = 800_000_000
    requested_support = 300_000_000
    counterpart = 500_000_000
