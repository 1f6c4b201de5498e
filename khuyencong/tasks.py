from __future__ import annotations

import datetime as dt
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from khuyencong.lib.controls import one_line
from khuyencong.models import Notification
from khuyencong.task_retry import RETRY, TRANSIENT_ERRORS, TRANSIENT_MAIL_ERRORS

logger = logging.getLogger(__name__)
# SMTP refusals of one message (its recipient, its content): the server is up, so the batch
# goes on without it. They are OSErrors, which would otherwise retry the whole batch.
PER_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, max_retries=5, **RETRY)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the notifications that have not been e-mailed yet. Safe to run twice, and to run
    two at once (the sweep overlapping the normal path, two workers): each row is claimed by one
    conditional UPDATE before its e-mail goes out, so only one run sends it. A send that fails
    gives the claim back and the task retries."""
    sent = 0
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient")
    for note in pending:
        if not note.recipient.email:
            continue
        claimed_at = timezone.now()
        claimed = Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(
            emailed_at=claimed_at
        )
        if not claimed:
            continue  # another run took it between our read and our claim
        link = f"{settings.PORTAL_BASE_URL}{note.url}" if note.url else ""
        try:
            send_mail(
                subject=one_line(note.subject),
                message="\n\n".join(part for part in (note.body, link) if part),
                from_email=None,
                recipient_list=[note.recipient.email],
            )
        except Exception as error:
            # Give the claim back: the message stays unsent (the sweep tries it again later).
            Notification.objects.filter(pk=note.pk, emailed_at=claimed_at).update(emailed_at=None)
            if isinstance(error, TRANSIENT_MAIL_ERRORS) and not isinstance(
                error, PER_MESSAGE_ERRORS
            ):
                raise  # the server is unreachable: retry the batch (sent ones are skipped)
            # This one message is bad (an address or header the mailer refuses): it must not
            # stop the others. It is logged.
            logger.exception("Notification %s could not be e-mailed", note.pk)
            continue
        except BaseException:
            Notification.objects.filter(pk=note.pk, emailed_at=claimed_at).update(emailed_at=None)
            raise
        sent += 1
    return sent


# Older than the normal path takes (seconds after the commit), younger than worth mailing.
SWEEP_AFTER = dt.timedelta(minutes=15)
SWEEP_WITHIN = dt.timedelta(days=3)
SWEEP_BATCH = 500


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=3, **RETRY)
def send_pending_notification_emails() -> int:
    """E-mail the notifications whose e-mail was never queued (the broker was unreachable when
    the action committed: ``khuyencong.queue``). Runs every 15 minutes (beat)."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(
            email_wanted=True,
            emailed_at__isnull=True,
            created_at__lt=now - SWEEP_AFTER,
            created_at__gte=now - SWEEP_WITHIN,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return send_notification_emails(ids) if ids else 0


# The one task whose result somebody reads (the smoke test, an operator checking a worker).
@shared_task(ignore_result=False)
def ping(value: str = "pong", database: bool = False) -> str:
    """Echo ``value``: lets the smoke test (and an operator) see a worker execute a task;
    with ``database``, after a query (the worker reaches PostgreSQL too)."""
    if database:
        Notification.objects.exists()
    return value
