"""Error pages speak Vietnamese, in the portal's layout, with DEBUG off (as production runs)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import FacilityFactory, FacilityOwnerFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_page_answers_404_in_vietnamese_with_the_menu(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Lỗi 404" in page
    assert 'class="portal-header"' in page  # the portal's layout, not Django's bare page
    assert "Đăng nhập" in page  # an anonymous visitor is offered the way in


def test_a_refused_action_answers_403_in_vietnamese_with_the_user_menu(client, settings, world):
    settings.DEBUG = False
    client.force_login(world.users["facility"])
    # The audit log is for the DIT's leaders; a facility owner is refused.
    response = client.get(reverse("audit_log"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không có quyền thực hiện" in page
    assert "403 Forbidden" not in page
    assert "Đăng xuất" in page  # the signed-in menu is there
    assert "Về trang chính" in page


def test_a_form_posted_without_its_csrf_token_answers_a_vietnamese_page(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    owner = FacilityOwnerFactory(facility=FacilityFactory())
    client.force_login(owner)
    response = client.post(reverse("notifications_read_all"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in page
    assert "không có gì thay đổi" in page


def test_the_500_page_is_static_and_vietnamese(client, settings):
    from django.views.defaults import server_error

    settings.DEBUG = False
    from django.test import RequestFactory

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Máy chủ gặp sự cố" in page
    assert "{{" not in page and "{%" not in page


def test_a_bad_request_answers_400_in_vietnamese(client, settings):
    settings.DEBUG = False
    # A Host header Django refuses raises SuspiciousOperation: a 400.
    response = client.get("/", HTTP_HOST="bad host")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
