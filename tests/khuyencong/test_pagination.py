"""Issue 14 item 3: lists count at most 1,001 rows and page past the cap by a keyset cursor."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from khuyencong import pagination
from khuyencong.pagination import CappedPaginator, capped_count, paginate
from proposals.models import Proposal, State
from tests.factories_review import proposal_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(monkeypatch):
    # Five rows stand for the 1,000 of production: the same code paths, a fast test.
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)


def _proposals(world, n: int) -> list[Proposal]:
    facility = world.users["facility"].facility
    return [proposal_in(State.FORWARDED, facility=facility) for _ in range(n)]


def _ordered():
    return Proposal.objects.order_by("-state_changed_at", "-id")


def test_the_count_is_bounded_by_a_limit_inside_a_subquery(world):
    _proposals(world, 3)
    with CaptureQueriesContext(connection) as captured:
        assert capped_count(Proposal.objects.all(), cap=2) == 3
    (query,) = captured.captured_queries
    sql = query["sql"].upper()
    assert sql.startswith("SELECT COUNT(*) FROM (SELECT")
    assert re.search(r"LIMIT 3\)", sql), sql  # cap + 1 rows, never the whole table


def test_no_page_runs_an_unbounded_count(world, small_cap):
    _proposals(world, 8)
    with CaptureQueriesContext(connection) as captured:
        page = paginate(QueryDict("page=2"), _ordered(), 2)
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 6" in counts[0]
    assert page.capped and page.num_pages is None and page.count == 6


def test_a_small_list_has_numbered_pages_and_its_exact_count(world):
    _proposals(world, 5)
    page = paginate(QueryDict("page=3"), _ordered(), 2)
    assert (page.number, page.num_pages, page.count, page.capped) == (3, 3, 5, False)
    assert len(page.object_list) == 1
    assert page.has_previous and not page.has_next
    assert page.previous_query == "page=2"


def test_past_the_cap_next_follows_a_cursor_and_reaches_every_row_once(world, small_cap):
    made = _proposals(world, 11)
    expected = [p.pk for p in sorted(made, key=lambda p: (p.state_changed_at, p.pk), reverse=True)]
    seen: list[int] = []
    params = QueryDict("state=forwarded")
    for _ in range(10):
        page = paginate(params, _ordered(), 2)
        seen += [p.pk for p in page.object_list]
        if not page.has_next:
            break
        params = QueryDict(page.next_query)
    assert seen == expected
    # Pages 1-3 were numbered (5 rows within the cap, 2 a page); then the cursor took over.
    assert page.number is None
    assert "before=" in page.previous_query and "state=forwarded" in page.previous_query


def test_previous_from_a_cursor_page_shows_the_rows_just_before(world, small_cap):
    made = _proposals(world, 9)
    ordered = [p.pk for p in sorted(made, key=lambda p: (p.state_changed_at, p.pk), reverse=True)]
    page = paginate(QueryDict(""), _ordered(), 3)
    page = paginate(QueryDict(page.next_query), _ordered(), 3)  # page 2 (numbered)
    page = paginate(QueryDict(page.next_query), _ordered(), 3)  # rows 7-9 by cursor
    assert [p.pk for p in page.object_list] == ordered[6:9]
    back = paginate(QueryDict(page.previous_query), _ordered(), 3)
    assert [p.pk for p in back.object_list] == ordered[3:6]
    assert back.has_previous and back.has_next and "after=" in back.next_query


def test_a_forged_cursor_gives_the_first_page_not_an_error(world, small_cap):
    made = _proposals(world, 3)
    page = paginate(QueryDict("after=forged"), _ordered(), 2)
    assert page.number == 1
    assert [p.pk for p in page.object_list] == [made[2].pk, made[1].pk]


def test_a_page_number_that_is_not_a_number_gives_the_first_page(world):
    _proposals(world, 3)
    assert paginate(QueryDict("page=abc"), _ordered(), 2).number == 1
    assert paginate(QueryDict("page=99"), _ordered(), 2).number == 2


def test_the_admin_paginator_caps_its_count(world, small_cap):
    _proposals(world, 8)
    paginator = CappedPaginator(_ordered(), 2)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 6
    assert "LIMIT 6" in captured.captured_queries[0]["sql"]


def test_a_nullable_ordering_keeps_numbered_pages_and_stops_at_the_cap(world, small_cap):
    _proposals(world, 8)
    ordered = Proposal.objects.order_by("district_priority", "id")
    page = paginate(QueryDict("page=3"), ordered, 2)
    assert page.number == 3 and page.capped
    assert not page.has_next  # no cursor over a column that may be NULL


@pytest.mark.parametrize(
    "url",
    [
        "/proposals/all/",
        "/admin/proposals/proposal/",
        "/admin/budgets/allocation/",
    ],
)
def test_the_list_and_the_changelists_never_count_the_whole_table(world, url):
    from django.test import Client
    from django.urls import resolve

    from tests.factories import AdminFactory

    resolve(url)  # the address exists
    _proposals(world, 3)
    client = Client()
    user = world.users["dit"] if url.startswith("/proposals") else None
    client.force_login(user or AdminFactory(is_superuser=True, is_staff=True))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    table_counts = [sql for sql in counts if "notification" not in sql]
    assert table_counts, "the page shows a count"
    assert all("LIMIT 1001" in sql for sql in table_counts), table_counts
