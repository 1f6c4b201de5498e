"""On PostgreSQL the searches and the audit filters are index scans (issue 14, items 1 and 2).

The planner is told not to scan tables sequentially (``enable_seqscan = off``, inside the test's
transaction): if a query still does not name the index, the expression it filters on does not
match the index's, which is the bug these tests guard against (a ``kc_unaccent`` that is not
IMMUTABLE, an ``UPPER(code)``, a ``LIKE '%…%'``). Skipped on SQLite; CI runs PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from khuyencong.models import AuditLog, User
from khuyencong.search import folded_q
from khuyencong.views_audit import AuditFilterForm, filtered_log, keyset_page
from proposals.forms.dit_list import DitProposalFilter
from proposals.models import Facility, Proposal
from tests.conftest import requires_postgres

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, requires_postgres]


@pytest.fixture
def no_seqscan():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


def _plan(queryset) -> str:
    return queryset.explain()


def test_the_extensions_and_an_immutable_wrapper_are_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm')")
        assert sorted(row[0] for row in cursor.fetchall()) == ["pg_trgm", "unaccent"]
        cursor.execute("SELECT provolatile FROM pg_proc WHERE proname = 'kc_unaccent'")
        assert cursor.fetchall() == [("i",)]


@pytest.mark.parametrize(
    ("table", "index"),
    [
        ("proposals_proposal", "proposals_proposal_title_fold_trgm"),
        ("proposals_facility", "proposals_facility_name_fold_trgm"),
        ("khuyencong_user", "khuyencong_user_first_name_fold_trgm"),
        ("khuyencong_user", "khuyencong_user_last_name_fold_trgm"),
        ("khuyencong_user", "khuyencong_user_username_fold_trgm"),
    ],
)
def test_the_trigram_indexes_are_gin_on_the_folded_text(table, index):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
            [table, index],
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (kc_unaccent(" in definition and "gin_trgm_ops" in definition


def test_the_dit_search_uses_the_title_index_and_the_unique_code_index(no_seqscan, rf):
    request = rf.get("/")
    search = DitProposalFilter({"q": "may say"}, queryset=Proposal.objects.all(), request=request)
    # Unordered: on a near-empty table the planner may otherwise walk an ordering index (the
    # newest first) and filter, which says nothing about whether the filter matches its index.
    plan = _plan(search.qs.order_by())
    assert "proposals_proposal_title_fold_trgm" in plan
    # The code typed is compared as stored (upper case) on an index of the column itself
    # (the unique index or its pattern twin, as the planner likes), never as UPPER(code).
    assert "Index Cond: ((code)::text = 'MAYSAY'::text)" in plan
    assert "UPPER" not in str(search.qs.query)
    exact = DitProposalFilter({"q": " kc-2026-0001 "}, queryset=Proposal.objects.all())
    assert "Index Cond: ((code)::text = 'KC-2026-0001'::text)" in _plan(exact.qs.order_by())


def test_the_facility_and_user_searches_use_their_indexes(no_seqscan):
    plan = _plan(Facility.objects.filter(folded_q(["name"], "tan hanh")))
    assert "proposals_facility_name_fold_trgm" in plan
    users = User.objects.filter(folded_q(["first_name", "last_name", "username"], "huong"))
    plan = _plan(users)
    for column in ("first_name", "last_name", "username"):
        assert f"khuyencong_user_{column}_fold_trgm" in plan


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "audit_keyset"),
        ({"action": "proposal.forward"}, "audit_action_keyset"),
        ({"code": "KC-2026-0001"}, "audit_repr_prefix"),
    ],
)
def test_the_audit_filters_and_pages_are_index_scans(no_seqscan, params, index):
    form = AuditFilterForm(params or None)
    rows = filtered_log(form)
    after = (dt.datetime(2026, 11, 2, tzinfo=dt.UTC), 10)
    assert index in _plan(rows[:51])
    if not params:
        page = keyset_page(rows, after)
        assert page.object_list == []
        limited = rows.filter(created_at__lte=after[0])[:51]
        assert "audit_keyset" in _plan(limited)
    assert " LIKE '%" not in str(rows.query) and "UPPER" not in str(rows.query)


def test_the_audit_actor_filter_uses_its_keyset_index(no_seqscan, world):
    rows = AuditLog.objects.filter(actor=world.users["dit"]).order_by("-created_at", "-id")
    assert "audit_actor_keyset" in _plan(rows[:51])
