"""Notifications: in-portal rows, e-mail only after commit, list, unread count, mark read."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from khuyencong.models import Notification
from khuyencong.notifications import notify
from tests.factories import DitFactory

pytestmark = pytest.mark.django_db


def test_the_email_is_queued_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    user = DitFactory(username="dit")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            notify(
                recipients=[user],
                subject=lambda: "Hồ sơ mới",
                body=lambda: "Nội dung",
                url="/dashboard/",
            )
        assert mail.outbox == []  # nothing sent inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hồ sơ mới"
    assert message.to == ["dit@example.vn"]
    assert "Nội dung" in message.body
    assert "http://127.0.0.1:8000/dashboard/" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    user = DitFactory(username="dit")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[user], subject=lambda: "Không xảy ra")
        raise RuntimeError("the action failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_email_task_is_idempotent(django_capture_on_commit_callbacks):
    from khuyencong.tasks import send_notification_emails

    user = DitFactory(username="dit")
    with django_capture_on_commit_callbacks(execute=True):
        notes = notify(recipients=[user, user], subject=lambda: "Một lần")
    assert len(notes) == 1  # the same recipient twice gets one notification
    assert send_notification_emails([notes[0].pk]) == 0
    assert len(mail.outbox) == 1


def test_inactive_accounts_are_skipped_unless_asked(django_capture_on_commit_callbacks):
    inactive = DitFactory(username="old", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(recipients=[inactive], subject=lambda: "Bỏ qua") == []
        assert len(notify(recipients=[inactive], subject=lambda: "Gửi", include_inactive=True)) == 1
    assert [m.subject for m in mail.outbox] == ["Gửi"]


def test_email_false_keeps_the_notification_in_the_portal_only(
    django_capture_on_commit_callbacks,
):
    user = DitFactory(username="dit")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[user], subject=lambda: "Chỉ trên cổng", email=False)
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=user).count() == 1


def _notes(user, count: int, **extra) -> list[Notification]:
    return Notification.objects.bulk_create(
        Notification(recipient=user, subject=f"Thông báo {i}", **extra) for i in range(count)
    )


def test_the_list_shows_own_notifications_and_the_unread_count():
    user, other = DitFactory(username="dit"), DitFactory(username="dit2")
    _notes(user, 2)
    Notification.objects.create(recipient=user, subject="Đã đọc rồi", read_at="2026-01-01T00:00Z")
    Notification.objects.create(recipient=other, subject="Của người khác")
    client = Client()
    client.force_login(user)
    body = client.get(reverse("notifications")).content.decode()
    assert "Thông báo 0" in body and "Đã đọc rồi" in body
    assert "Của người khác" not in body
    assert '<span class="badge text-bg-warning" id="unread-count">2</span>' in body


def test_the_list_has_an_empty_state():
    client = Client()
    client.force_login(DitFactory(username="dit"))
    body = client.get(reverse("notifications")).content.decode()
    assert "Bạn chưa có thông báo nào." in body
    assert 'id="unread-count"' not in body


def test_mark_read_marks_one_and_follows_its_link():
    user = DitFactory(username="dit")
    first, second = _notes(user, 2, url="/dashboard/")
    client = Client()
    client.force_login(user)
    response = client.post(reverse("notification_read", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


@pytest.mark.parametrize("url", ["//evil.example/phish", "https://evil.example/", ""])
def test_mark_read_never_redirects_outside_the_portal(url):
    user = DitFactory(username="dit")
    (note,) = _notes(user, 1, url=url)
    client = Client()
    client.force_login(user)
    response = client.post(reverse("notification_read", args=[note.pk]))
    assert response["Location"] == reverse("notifications")


def test_mark_read_refuses_another_users_notification():
    user, other = DitFactory(username="dit"), DitFactory(username="dit2")
    (theirs,) = _notes(other, 1)
    client = Client()
    client.force_login(user)
    assert client.post(reverse("notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_is_post_only():
    user = DitFactory(username="dit")
    (note,) = _notes(user, 1)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("notification_read", args=[note.pk])).status_code == 405


def test_mark_all_read_touches_only_own_notifications():
    user, other = DitFactory(username="dit"), DitFactory(username="dit2")
    _notes(user, 3)
    _notes(other, 2)
    client = Client()
    client.force_login(user)
    assert client.post(reverse("notifications_read_all")).status_code == 302
    assert not Notification.objects.filter(recipient=user).unread().exists()
    assert Notification.objects.filter(recipient=other).unread().count() == 2


def test_the_list_does_not_grow_queries_with_rows(django_assert_max_num_queries):
    user = DitFactory(username="dit")
    client = Client()
    client.force_login(user)
    _notes(user, 2)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("notifications"))
    _notes(user, 18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("notifications"))
    assert "Thông báo 17" in response.content.decode()
