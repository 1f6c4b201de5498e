"""Search without diacritics through every real view (issue 14, item 1).

The cases of ``shared/realworld/text.json`` (real users' searches) and their siblings: NFD
input, upper case, ``đ``/``Đ`` read as ``d``, tone marks on another vowel (``hoà``/``hòa``),
mixed. Each stored text is both a proposal's title and its facility's name, and is looked for
in the DIT list, the admin (proposals, facilities, users), the public list and the audit log's
actor autocomplete. Runs on SQLite (Python ``kc_unaccent``) and PostgreSQL (the SQL one).
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from proposals.models import State
from tests.factories import AdminFactory, FacilityFactory, UserFactory, locality
from tests.factories_review import proposal_in

pytestmark = pytest.mark.django_db

REALWORLD = settings.BASE_DIR.parent / "shared" / "realworld" / "text.json"
NFD = "NFD"
DRYER = "Hỗ trợ ứng dụng máy sấy nông sản"
# (stored, typed query, must find): written by hand, next to the real users' cases.
SIBLINGS = [
    (DRYER, "MÁY SẤY", True),
    (DRYER, "MAY SAY", True),
    (DRYER, "  may   sấy ", True),
    (DRYER, "Máy say NÔNG", True),
    (DRYER, "máy xay", False),
    ("Cơ sở chế biến Đồng Tháp", "dong thap", True),
    ("Cơ sở chế biến Đồng Tháp", "ĐỒNG THÁP", True),
    ("Cơ sở chế biến Đồng Tháp", "đông", True),
    ("Hợp tác xã Hòa Bình", "hoà bình", True),
    ("Hợp tác xã Hoà Bình", "hòa binh", True),
    ("Cơ sở Thủy sản Cửu Long", "thuỷ sản", True),
    ("Cơ sở cơ khí Tân Hạnh", NFD, True),
    ("Cơ sở cơ khí Tân Hạnh", "tân hành", True),
    ("Cơ sở cơ khí Tân Hạnh", "tam hanh", False),
]


def _cases() -> list[tuple[str, str, bool]]:
    data = json.loads(REALWORLD.read_text(encoding="utf-8"))
    cases = []
    for case in data["searches"]:
        query = case["query"]
        if case["query_form"].startswith("NFD"):
            query = unicodedata.normalize("NFD", query)
        cases.append((case["stored"], query, case["must_find"]))
    for stored, query, found in SIBLINGS:
        query = unicodedata.normalize("NFD", stored.split()[-2]) if query == NFD else query
        cases.append((stored, query, found))
    return cases


CASES = _cases()


def test_the_realworld_file_is_loaded_with_its_nfd_case():
    assert len(CASES) == 3 + len(SIBLINGS)
    assert CASES[0][1] != "máy sấy" and unicodedata.normalize("NFC", CASES[0][1]) == "máy sấy"
    assert ("Cơ sở cơ khí Tân Hạnh", "tan hanh", True) in CASES


@pytest.fixture
def stored(request, world):
    """The searched text as the title of an approved 2025 proposal of a facility of that name,
    next to a control proposal that no query of the cases should find."""
    text = request.param

    def make(title: str, name: str):
        facility = FacilityFactory(name=name, locality=locality("857"))
        return proposal_in(State.APPROVED, facility=facility, title=title, plan_year=2025)

    return text, make(text, text), make("Dệt chiếu cói xuất khẩu", "Cơ sở dệt Nhơn Phú")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


ALL = [
    pytest.param(text, query, found, id=f"{index}-{'find' if found else 'miss'}")
    for index, (text, query, found) in enumerate(CASES)
]


@pytest.mark.parametrize(("stored", "query", "found"), ALL, indirect=["stored"])
def test_the_dit_list_finds_the_title(stored, query, found, world):
    _text, proposal, control = stored
    response = _client(world.users["dit"]).get(reverse("proposals:dit_list"), {"q": query})
    assert response.status_code == 200
    codes = [row.code for row in response.context["page"].object_list]
    assert codes == ([proposal.code] if found else [])
    assert control.code not in codes


@pytest.mark.parametrize(("stored", "query", "found"), ALL, indirect=["stored"])
def test_the_admin_finds_the_proposal_and_the_facility(stored, query, found, world):
    _text, proposal, control = stored
    client = _client(AdminFactory(is_superuser=True, is_staff=True))
    for url, expected in (
        ("admin:proposals_proposal_changelist", proposal.pk),
        ("admin:proposals_facility_changelist", proposal.facility_id),
    ):
        response = client.get(reverse(url), {"q": query})
        assert response.status_code == 200
        ids = [row.pk for row in response.context["cl"].result_list]
        assert ids == ([expected] if found else []), url


@pytest.mark.parametrize(("stored", "query", "found"), ALL, indirect=["stored"])
def test_the_public_list_finds_the_facility(stored, query, found, client):
    _text, proposal, control = stored
    response = client.get(reverse("reports:public_list"), {"year": 2025, "q": query})
    assert response.status_code == 200
    codes = [row["code"] for row in response.context["page"].object_list]
    assert codes == ([proposal.code] if found else [])


@pytest.mark.parametrize(("text", "query", "found"), ALL)
def test_the_audit_actor_autocomplete_finds_the_name(text, query, found, world):
    user = UserFactory(username="nguoi.tim", first_name=text, last_name="")
    UserFactory(username="khac", first_name="Dệt chiếu cói", last_name="")
    client = _client(world.users["leader"])
    response = client.get(reverse("audit_actors"), {"q": query})
    assert response.status_code == 200
    values = [row["value"] for row in response.json()["results"]]
    assert values == ([user.pk] if found else [])


def test_an_exact_code_finds_the_proposal_in_any_case_and_with_blanks(world):
    proposal = proposal_in(State.FORWARDED, code="KC-2027-0815")
    other = proposal_in(State.FORWARDED, code="KC-2027-0816")
    client = _client(world.users["dit"])
    for typed in ("KC-2027-0815", "kc-2027-0815", " Kc-2027-0815 ", "ＫＣ-2027-0815"):
        response = client.get(reverse("proposals:dit_list"), {"q": typed})
        codes = [row.code for row in response.context["page"].object_list]
        assert codes == [proposal.code], typed
    assert other.code == "KC-2027-0816"


def test_a_query_of_marks_only_or_blanks_finds_everything_or_nothing_without_error(world):
    proposal_in(State.FORWARDED, title="Máy sấy")
    client = _client(world.users["dit"])
    for typed in ("\u0301\u0300", "   ", "%", "_", "\\"):
        response = client.get(reverse("proposals:dit_list"), {"q": typed})
        assert response.status_code == 200, typed
    response = client.get(reverse("proposals:dit_list"), {"q": "%"})
    assert list(response.context["page"].object_list) == []
