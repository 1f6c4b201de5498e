"""The audit log at millions of rows (issue 14, item 2): keyset pages, indexed filters, the
actor autocomplete, and a number of queries that does not grow with the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khuyencong import audit
from khuyencong.models import AuditLog
from khuyencong.views_audit import decode_cursor, encode_cursor
from tests.factories import AdminFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2026, 11, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)


def test_a_cursor_is_microseconds_and_id_and_a_bad_one_is_none():
    row = AuditLog(pk=42, created_at=dt.datetime(1970, 1, 1, 0, 0, 1, 5, tzinfo=dt.UTC))
    assert encode_cursor(row) == "1000005.42"
    assert decode_cursor("1000005.42") == (dt.datetime(1970, 1, 1, 0, 0, 1, 5, tzinfo=dt.UTC), 42)
    for bad in ("", "x.1", "1.", ".1", "1.2.3", "-1.2", "١.٢", "9" * 30 + ".1"):
        assert decode_cursor(bad) is None, bad


def test_the_pages_walk_every_row_once_even_when_they_share_a_moment(client, world):
    ids = {AuditLog.objects.create(action="x", created_at=MOMENT).pk for _ in range(120)}
    client.force_login(world.users["leader"])
    seen: list[int] = []
    params: dict[str, str] = {}
    for _ in range(5):
        page = client.get(reverse("audit_log"), params).context["page"]
        seen += [row.pk for row in page]
        if not page.next_cursor:
            break
        params = {"after": page.next_cursor}
    assert len(seen) == 120 and set(seen) == ids
    assert seen == sorted(seen, reverse=True)


def test_a_bad_page_position_gives_a_vietnamese_message_and_no_rows(client, world):
    audit.record(actor=world.users["dit"], action="x")
    client.force_login(world.users["leader"])
    response = client.get(reverse("audit_log"), {"after": "abc"})
    assert response.status_code == 200
    assert "Trang không hợp lệ: hãy quay về trang đầu." in response.content.decode()
    assert list(response.context["page"]) == []


def test_the_code_filter_is_a_prefix_in_any_case_never_a_substring(client, world):
    first = ProposalFactory(code="KC-2026-0001", facility=world.users["facility"].facility)
    second = ProposalFactory(code="KC-2026-0002", facility=world.users["facility"].facility)
    other = ProposalFactory(code="KC-2027-0001", facility=world.users["facility"].facility)
    for proposal in (first, second, other):
        audit.record(actor=world.users["dit"], action="proposal.forward", obj=proposal)
    audit.record(actor=world.users["dit"], action="x", note="KC-2026-0001 in a note")
    client.force_login(world.users["leader"])

    def reprs(code: str) -> list[str]:
        page = client.get(reverse("audit_log"), {"code": code}).context["page"]
        return sorted(row.object_repr[:12] for row in page)

    assert reprs("kc-2026-0001") == ["KC-2026-0001"]
    assert reprs("KC-2026") == ["KC-2026-0001", "KC-2026-0002"]
    assert reprs("2026-0001") == []  # a middle part is no prefix: no LIKE '%…%'


def test_the_actor_box_offers_only_the_chosen_user(client, world):
    for index in range(30):
        UserFactory(username=f"many{index}", first_name=f"Người {index}")
    client.force_login(world.users["leader"])
    html = client.get(reverse("audit_log")).content.decode()
    box = html[html.index('name="actor"') : html.index("</select>", html.index('name="actor"'))]
    assert box.count("<option") == 1 and "many1" not in box
    assert 'data-url="/audit/actors.json"' in html or "actors.json" in box
    dit = world.users["dit"]
    html = client.get(reverse("audit_log"), {"actor": dit.pk}).content.decode()
    box = html[html.index('name="actor"') : html.index("</select>", html.index('name="actor"'))]
    assert box.count("<option") == 2 and f'value="{dit.pk}" selected' in box
    response = client.get(reverse("audit_log"), {"actor": 999999})
    assert "Không có người dùng này." in response.content.decode()


def test_the_autocomplete_returns_at_most_twenty_users_by_name_or_username(client, world):
    for index in range(25):
        UserFactory(username=f"nv{index:02d}", first_name="Trần Thị", last_name=f"Hương {index}")
    UserFactory(username="le.van.a", first_name="Lê Văn", last_name="An")
    client.force_login(world.users["admin"])
    url = reverse("audit_actors")
    results = client.get(url, {"q": "tran thi huong"}).json()["results"]
    assert len(results) == 20
    assert results[0] == {"value": results[0]["value"], "text": "Trần Thị Hương 0 (nv00)"}
    assert [r["text"] for r in client.get(url, {"q": "LE.VAN"}).json()["results"]] == [
        "Lê Văn An (le.van.a)"
    ]
    assert client.get(url, {"q": "van an"}).json()["results"][0]["text"].startswith("Lê Văn")
    assert client.get(url, {"q": "x" * 500}).json() == {"results": []}


def test_the_autocomplete_is_refused_to_other_roles(client, world):
    client.force_login(world.users["dit"])
    assert client.get(reverse("audit_actors"), {"q": "a"}).status_code == 403


def _count(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("audit_log"), params).status_code == 200
    return len(queries.captured_queries)


def test_queries_stay_ten_or_fewer_and_the_same_at_five_and_fifty_rows(client, world):
    client.force_login(world.users["leader"])
    dit = world.users["dit"]
    filtered = {"actor": dit.pk, "action": "proposal.forward", "code": "KC-2027"}
    for _ in range(5):
        audit.record(actor=dit, action="proposal.forward", obj=ProposalFactory(plan_year=2027))
    assert len(client.get(reverse("audit_log"), filtered).context["page"]) == 5
    few = (_count(client, {}), _count(client, filtered))
    for _ in range(50):
        audit.record(actor=dit, action="proposal.forward", obj=ProposalFactory(plan_year=2027))
    page = client.get(reverse("audit_log"), filtered).context["page"]
    assert len(page) == 50 and page.next_cursor
    second = {**filtered, "after": page.next_cursor}
    many = (_count(client, {}), _count(client, filtered), _count(client, second))
    assert few == many[:2] and many[2] == many[1]
    assert max(many) <= 10


def test_the_admin_changelist_searches_a_code_prefix_or_an_exact_action(client, world):
    proposal = ProposalFactory(code="KC-2026-0077", facility=world.users["facility"].facility)
    audit.record(actor=world.users["dit"], action="proposal.forward", obj=proposal)
    audit.record(actor=world.users["dit"], action="allocation.confirm", note="KC-2026-0077")
    client.force_login(AdminFactory(username="root", is_superuser=True, is_staff=True))
    url = reverse("admin:khuyencong_auditlog_changelist")

    def actions(term: str) -> list[str]:
        return [row.action for row in client.get(url, {"q": term}).context["cl"].result_list]

    assert actions("kc-2026-00") == ["proposal.forward"]
    assert actions("allocation.confirm") == ["allocation.confirm"]
    assert actions("2026-0077") == []
