"""The areas linked into one portal: dashboards, the proposal page, the landing page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Facility
from reports.services.plan import plan_aggregate
from tests.factories import FacilityFactory, ProposalFactory


@pytest.mark.parametrize("persona", ["dit", "leader"])
def test_the_provincial_dashboards_show_the_plan_snapshot(client, world, persona):
    client.force_login(world.users[persona])
    year = timezone.localdate().year
    body = client.get(reverse("dashboard")).content.decode()
    assert f"Chưa có số liệu tổng hợp cho năm {year}." in body
    plan_aggregate(year=year, trigger="manual")
    body = client.get(reverse("dashboard")).content.decode()
    assert "Số liệu tổng hợp lúc" in body
    assert f"{reverse('reports:plan')}?year={year}" in body


def test_the_finance_dashboard_is_the_budget_home(client, world):
    client.force_login(world.users["finance"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("budgets:home")


def test_the_admin_dashboard_counts_pending_registrations_and_links_the_settings(client, world):
    FacilityFactory(status=Facility.Status.PENDING)
    FacilityFactory(status=Facility.Status.PENDING)
    client.force_login(world.users["admin"])
    body = client.get(reverse("dashboard")).content.decode()
    assert 'id="pending-facilities">2<' in body
    assert "Chưa tổng hợp lần nào." in body
    for name in (
        "admin:catalogue_activitygroup_changelist",
        "admin:catalogue_supportrule_changelist",
        "admin:proposals_criterion_changelist",
        "admin:khuyencong_holiday_changelist",
        "admin:proposals_stepdeadline_changelist",
        "admin:django_celery_beat_periodictask_changelist",
    ):
        assert reverse(name) in body, name
    plan_aggregate(year=2026, trigger="manual")
    body = client.get(reverse("dashboard")).content.decode()
    assert "Năm 2026: Hoàn tất" in body


def test_the_admin_dashboard_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.users["admin"])
    for _ in range(2):
        FacilityFactory(status=Facility.Status.PENDING)
    with django_assert_max_num_queries(8):
        client.get(reverse("dashboard"))
    for _ in range(18):
        FacilityFactory(status=Facility.Status.PENDING)
    with django_assert_max_num_queries(8):
        client.get(reverse("dashboard"))


def test_the_proposal_page_links_its_money_history_and_printable_dossier(client, world):
    approved = ProposalFactory(facility=world.users["facility"].facility, state="approved")
    money = reverse("budgets:money_history", args=[approved.pk])
    dossier = f"{reverse('reports:document_direct')}?kind=dossier&amp;proposal={approved.pk}"
    for persona in ("facility", "district", "dit", "leader"):
        client.force_login(world.users[persona])
        body = client.get(reverse("proposals:proposal_detail", args=[approved.pk])).content
        assert money in body.decode() and dossier in body.decode(), persona
    # Both pages open for the owner.
    client.force_login(world.users["facility"])
    assert client.get(money).status_code == 200
    response = client.get(dossier.replace("&amp;", "&") + "&format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_proposal_without_money_has_no_money_link(client, world):
    submitted = ProposalFactory(facility=world.users["facility"].facility, state="submitted")
    client.force_login(world.users["facility"])
    body = client.get(reverse("proposals:proposal_detail", args=[submitted.pk])).content.decode()
    assert reverse("budgets:money_history", args=[submitted.pk]) not in body
    assert "kind=dossier" in body
