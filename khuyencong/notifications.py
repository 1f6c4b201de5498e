"""Notifications: a row in the portal for each recipient, and an e-mail sent after commit.

Notifications are written in the portal's official language (``settings.LANGUAGE_CODE``),
whatever language the person whose action triggers them reads the portal in: the recipients
have no language preference of their own. So ``notify`` takes the subject and body as
zero-argument callables, typically ``lambda: _("...") % {...}``, and calls them inside
``translation.override``: the message, and every translated value put into it (a state label,
a choice label), come out in that language. A plain string would already have been translated
in the actor's language, so it is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone, translation

from khuyencong.lib.controls import one_line
from khuyencong.models import Notification, User

Text = Callable[[], str]


def official(text: Text) -> str:
    """``text()`` in the portal's official language."""
    if not callable(text):
        raise TypeError(
            "Notification text must be a callable such as lambda: _(...), so that it is "
            f"translated into {settings.LANGUAGE_CODE!r}; got {type(text).__name__}."
        )
    with translation.override(settings.LANGUAGE_CODE):
        return str(text())


def notify(
    *,
    recipients: Iterable[User],
    subject: Text,
    body: Text | None = None,
    url: str = "",
    email: bool = True,
    include_inactive: bool = False,
) -> list[Notification]:
    """Create in-portal notifications and queue their e-mails once the transaction commits.

    ``subject`` and ``body`` are evaluated in the official language (see the module
    docstring). Queued with ``on_commit`` so that a rolled-back action never mails anybody
    about a change that did not happen. Deactivated accounts are skipped unless
    ``include_inactive``: a refused registration must still reach the applicant, whose account
    was never activated.
    """
    # An e-mail subject is one header line: a line break from user text (a facility's name)
    # would be refused by the mailer.
    subject_text = one_line(official(subject))
    body_text = official(body) if body is not None else ""
    unique = {user.pk: user for user in recipients if include_inactive or user.is_active}
    notes = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            subject=subject_text[:200],
            body=body_text,
            url=url,
            email_wanted=email and bool(user.email),
        )
        for user in unique.values()
    )
    ids = [n.pk for n in notes if n.pk is not None]
    if email and ids:
        from khuyencong.queue import enqueue_on_commit
        from khuyencong.tasks import send_notification_emails

        enqueue_on_commit(send_notification_emails, ids)
    return notes


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without ``notification_id``, every) unread notification of ``user`` read."""
    qs = Notification.objects.filter(recipient=user).unread()
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
