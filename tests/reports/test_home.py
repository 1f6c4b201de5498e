"""The home page sends each role to its dashboard; the admin site is for admins only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.models import AuditLog, Role, User
from tests.factories import DitFactory, FinanceFactory

# persona → (heading of its dashboard, something the dashboard shows)
DASHBOARDS = {
    "facility": ("Cơ sở: Cơ sở A", "Đề án của tôi"),
    "district": ("Cán bộ UBND huyện Long Hồ", "Đề án chờ xem xét"),
    "dit": ("Chuyên viên Sở Công Thương", "Đề án theo trạng thái"),
    "leader": ("Lãnh đạo Sở Công Thương", "Đề án theo trạng thái"),
    "council": ("Thành viên hội đồng thẩm định", "Đề án được phân công"),
    "finance": ("Kinh phí khuyến công", "Phân bổ chờ Sở Tài chính xác nhận"),
    "admin": ("Quản trị hệ thống", "Trang quản trị"),
}


def test_anonymous_visitors_get_the_landing_page(db):
    response = Client().get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cổng quản lý hoạt động khuyến công" in body
    assert reverse("login") in body
    assert reverse("proposals:register") in body
    assert reverse("proposals:dossier_lookup") in body
    assert reverse("reports:public_list") in body


@pytest.mark.parametrize("persona", DASHBOARDS)
def test_home_sends_each_role_to_its_dashboard(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    response = client.get(reverse("home"), follow=True)
    expected = [(reverse("dashboard"), 302)]
    if persona == "finance":  # Finance's dashboard is the budget home
        expected.append((reverse("budgets:home"), 302))
    assert response.redirect_chain == expected
    heading, promise = DASHBOARDS[persona]
    body = response.content.decode()
    assert heading in body
    assert promise in body


def test_every_role_has_a_dashboard():
    from reports.home import DASHBOARD_REDIRECTS
    from reports.home import DASHBOARDS as TEMPLATES

    assert set(DASHBOARDS) == {role.value for role in Role} == {*TEMPLATES, *DASHBOARD_REDIRECTS}


def test_the_intermediate_dashboard_names_the_officers_own_commune(commune_world):
    client = Client()
    client.force_login(commune_world.users["district"])
    body = client.get(reverse("dashboard")).content.decode()
    assert "Cán bộ UBND xã Cái Nhum" in body
    assert "UBND xã Xã" not in body and "UBND huyện" not in body


def test_the_admin_site_opens_for_admins(world):
    client = Client()
    client.force_login(world.users["admin"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Quản trị cổng khuyến công" in response.content.decode()


def test_the_admin_site_refuses_staff_of_another_role(db):
    staff = DitFactory(username="dit-staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.get(reverse("admin:khuyencong_user_changelist"))
    assert response.status_code == 302


def test_the_admin_menu_link_shows_only_for_admins(world):
    client = Client()
    client.force_login(world.users["dit"])
    assert reverse("admin:index") not in client.get(reverse("dashboard")).content.decode()
    client.force_login(world.users["admin"])
    assert reverse("admin:index") in client.get(reverse("dashboard")).content.decode()


def test_createsuperuser_makes_an_admin_who_can_use_the_admin_site(db):
    user = User.objects.create_superuser("it", "it@example.vn", "Mat-khau-quan-tri-2026")
    assert user.role == Role.ADMIN
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_audit_log_is_read_only_in_the_admin(world):
    row = AuditLog.objects.create(actor=world.users["dit"], action="test.action", note="gốc")
    client = Client()
    client.force_login(world.users["admin"])
    change_url = reverse("admin:khuyencong_auditlog_change", args=[row.pk])
    assert client.get(change_url).status_code == 200  # visible
    assert client.post(change_url, {"action": "sửa", "note": "sửa"}).status_code == 403
    delete_url = reverse("admin:khuyencong_auditlog_delete", args=[row.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:khuyencong_auditlog_add")).status_code == 403
    changelist = reverse("admin:khuyencong_auditlog_changelist")
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [row.pk]})
    assert response.status_code in (200, 302)
    row.refresh_from_db()
    assert (row.action, row.note) == ("test.action", "gốc")
    assert AuditLog.objects.filter(pk=row.pk).exists()


def test_finance_officers_cannot_reach_the_admin_even_if_flagged_staff(db):
    client = Client()
    client.force_login(FinanceFactory(username="fin", is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 302


def test_healthz_answers_ok(db):
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_pages_load_only_vendored_assets_under_a_strict_csp(db):
    import re

    from django.contrib.staticfiles import finders

    response = Client().get(reverse("login"))
    body = response.content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body)
    assert any("vendor/bootstrap" in a for a in assets)
    assert any("vendor/htmx" in a for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset  # no CDN
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "<script>" not in body and "style=" not in body
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
