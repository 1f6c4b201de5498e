"""factory_boy factories, one per role, as Hypha does."""

from __future__ import annotations

import factory
from stdnum.vn import mst

from khuyencong.models import Locality, Role, User
from proposals.models import Facility

PASSWORD = "Mat-khau-thu-nghiem-2026"


def valid_tax_code(n: int) -> str:
    """A valid 10-digit tax number built from a sequence number (check digit computed)."""
    base = f"01{n:07d}"
    return base + str(mst.calc_check_digit(base))


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
