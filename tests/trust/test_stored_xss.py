"""Stored XSS attempts are shown as text: in pages, in e-mails and in PDFs (issue 8)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from khuyencong.notifications import notify
from proposals.models import Facility
from reports.documents import render
from tests.factories_reports import plan_dataset
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def _poison(world) -> tuple:
    data = plan_dataset(world)
    proposal = data["p1"]
    proposal.title = f"Máy sấy {SCRIPT}"
    proposal.save(update_fields=["title"])
    Facility.objects.filter(pk=proposal.facility_id).update(name=f"Cơ sở {IMG}")
    return proposal, data


def test_pages_show_the_payload_escaped(client, world):
    proposal, _ = _poison(world)
    client.force_login(world.users["dit"])
    for url in (
        reverse("proposals:proposal_detail", args=[proposal.pk]),
        reverse("proposals:monitoring_list"),
    ):
        body = client.get(url).content.decode()
        assert SCRIPT not in body and "<img src=x" not in body, url
    detail = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "&lt;img src=x onerror=alert(1)&gt;" in detail


def test_notifications_are_escaped_in_the_portal_and_sent_as_plain_text(
    client, world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[world.users["dit"]],
            subject=lambda: f"Đề án {SCRIPT}",
            body=lambda: IMG,
            url="/dashboard/",
        )
    client.force_login(world.users["dit"])
    body = client.get(reverse("notifications")).content.decode()
    assert SCRIPT not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body
    (message,) = mail.outbox
    # Plain text only: no HTML part a mail client could render and run.
    assert message.content_subtype == "plain"
    assert getattr(message, "alternatives", []) == []


def test_pdfs_print_the_payload_as_text(world):
    proposal, _ = _poison(world)
    text = pdf_text(render("dossier", {"proposal": proposal.pk}, "pdf").content)
    # Shown literally: the markup was escaped, not interpreted (an interpreted tag vanishes).
    assert "<script>alert(1)</script>" in text
    assert "onerror=alert(1)>" in text
