"""Issue 18 (3, 4, 9, 10): private pages are not cached, downloads are named by their detected
type and answer 404 when the stored file is gone, and background polls do not keep an idle
session alive."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from khuyencong.middleware import IDLE_RENEW_SECONDS, IDLE_RENEWED_KEY
from proposals.uploads import PDF, PNG, download_name
from tests.factories_reports import GeneratedDocumentFactory
from tests.factories_submission import make_attachment
from tests.matrix import PERSONAS, all_cases
from tests.test_permission_matrix import CASES

pytestmark = pytest.mark.django_db

# Each URL of the matrix, for the first signed-in persona that gets a page (200).
PAGES = [
    (case, next(p for p in PERSONAS if p != "anon" and case.expect[p] == 200))
    for case in CASES
    if any(p != "anon" and case.expect[p] == 200 for p in PERSONAS)
]


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_the_matrix_gives_pages_to_check():
    assert len(PAGES) >= 60
    assert len(all_cases()) == len(CASES)


@pytest.mark.parametrize(("case", "persona"), PAGES, ids=lambda v: getattr(v, "id", v))
def test_every_signed_in_page_and_download_is_private_and_not_stored(world, case, persona):
    client = Client()
    client.force_login(world.users[persona])
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    response = getattr(client, case.method)(url, case.data(world))
    assert response.status_code == 200, (case.id, persona, response.status_code)
    assert {"private", "no-store"} <= directives(response), (case.id, response.get("Cache-Control"))


def test_the_public_csv_download_is_not_stored_either():
    response = Client().get(reverse("reports:public_list_csv"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_an_anonymous_public_page_stays_cacheable():
    response = Client().get(reverse("reports:public_list"))
    assert "no-store" not in directives(response)


def test_a_download_is_named_with_the_extension_of_its_detected_type(client, world):
    assert download_name("x.html", PDF) == "x.pdf"
    assert download_name("ảnh chụp.PDF", PNG) == "ảnh chụp.png"
    assert download_name("biên bản", PDF) == "biên bản.pdf"
    from tests.factories import ProposalFactory

    proposal = ProposalFactory(facility=world.users["facility"].facility, state="submitted")
    attachment = make_attachment(proposal)
    type(attachment).objects.filter(pk=attachment.pk).update(original_name="x.html")
    client.force_login(world.users["dit"])
    response = client.get(reverse("proposals:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert 'filename="x.pdf"' in response["Content-Disposition"]


def test_every_download_path_answers_404_when_the_stored_file_is_gone(world):
    from tests.factories import ProposalFactory
    from tests.matrix.monitoring import stored_file

    proposal = ProposalFactory(facility=world.users["facility"].facility, state="submitted")
    attachment = make_attachment(proposal)
    monitoring = stored_file(world)["pk"]
    from proposals.models import MonitoringFile

    monitoring_file = MonitoringFile.objects.get(pk=monitoring)
    document = GeneratedDocumentFactory(owner=world.users["dit"], status="done")
    document.file.save("ho-so.pdf", ContentFile(b"%PDF-1.4"), save=True)
    for stored in (attachment.file, monitoring_file.file, document.file):
        stored.storage.delete(stored.name)

    client = Client()
    client.force_login(world.users["dit"])
    for url in (
        reverse("proposals:attachment_download", args=[attachment.pk]),
        reverse("proposals:monitoring_file", args=[monitoring_file.pk]),
        reverse("reports:document_download", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url


def _expiry(client: Client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_document_progress_polls_do_not_extend_the_idle_session(world):
    document = GeneratedDocumentFactory(owner=world.users["dit"])
    client = Client()
    client.force_login(world.users["dit"])
    client.get(reverse("notifications"))
    before = _expiry(client)
    for _ in range(3):
        poll = client.get(reverse("reports:document_progress", args=[document.pk]))
        assert poll.status_code == 200
        assert "sessionid" not in poll.cookies  # the cookie's own deadline is not renewed
    assert _expiry(client) == before
    session = client.session  # a minute later, a real visit does extend it
    session[IDLE_RENEWED_KEY] -= IDLE_RENEW_SECONDS
    session.save()
    before = _expiry(client)
    client.get(reverse("notifications"))
    assert _expiry(client) > before


def test_an_idle_tab_still_polling_is_logged_out(world):
    import datetime as dt

    from django.utils import timezone

    document = GeneratedDocumentFactory(owner=world.users["dit"])
    client = Client()
    client.force_login(world.users["dit"])
    key = client.session.session_key
    # The idle deadline has passed while only the poll kept running.
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    poll = client.get(reverse("reports:document_progress", args=[document.pk]))
    assert poll.status_code == 302
    assert poll["Location"].startswith(reverse("login"))
