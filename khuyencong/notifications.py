"""Notifications: a row in the portal for each recipient, and an e-mail sent after commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from khuyencong.models import Notification, User


def notify(
    *,
    recipients: Iterable[User],
    subject: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    include_inactive: bool = False,
) -> list[Notification]:
    """Create in-portal notifications and queue their e-mails once the transaction commits.

    Queued with ``on_commit`` so that a rolled-back action never mails anybody about a change
    that did not happen. Deactivated accounts are skipped unless ``include_inactive``: a
    refused registration must still reach the applicant, whose account was never activated.
    """
    unique = {user.pk: user for user in recipients if include_inactive or user.is_active}
    notes = Notification.objects.bulk_create(
        Notification(recipient=user, subject=subject[:200], body=body, url=url)
        for user in unique.values()
    )
    ids = [n.pk for n in notes if n.pk is not None]
    if email and ids:
        from khuyencong.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return notes


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without ``notification_id``, every) unread notification of ``user`` read."""
    qs = Notification.objects.filter(recipient=user).unread()
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
