"""An oversized upload stops being stored at the limit and is refused with its real size."""

from __future__ import annotations

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

from proposals.models import Attachment
from tests.factories import ProposalFactory
from tests.factories_submission import PDF_BYTES, upload

LIMIT = 1024 * 1024
CHUNK = FileUploadHandler.chunk_size


class Recording(FileUploadHandler):
    """Stands between the size limit and the storing handlers: records what reaches them."""

    received: list[int] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        Recording.received.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@pytest.fixture
def handlers(settings):
    settings.UPLOAD_MAX_BYTES = LIMIT
    settings.FILE_UPLOAD_HANDLERS = [
        settings.FILE_UPLOAD_HANDLERS[0],
        f"{__name__}.Recording",
        *settings.FILE_UPLOAD_HANDLERS[1:],
    ]
    Recording.received = []
    return settings


def _post(client, world, size: int):
    owner = world.users["facility"]
    draft = ProposalFactory(facility=owner.facility, created_by=owner, state="draft")
    client.force_login(owner)
    response = client.post(
        reverse("proposals:attachment_upload", args=[draft.pk]),
        {"kind": "quotation", "file": upload("lon.pdf", PDF_BYTES + b"0" * size)},
    )
    return draft, response


def test_the_size_limit_handler_comes_first(settings):
    assert settings.FILE_UPLOAD_HANDLERS[0] == "proposals.uploads.SizeLimitUploadHandler"


def test_an_oversized_file_is_not_stored_past_the_limit_and_is_refused(client, world, handlers):
    size = 3 * 1024 * 1024
    draft, response = _post(client, world, size)
    # The storing handlers saw at most the limit and one chunk, not the three megabytes.
    assert sum(Recording.received) <= LIMIT + CHUNK
    body = response.content.decode()
    assert response.status_code == 400
    assert "Tệp quá lớn (3.0 MB); dung lượng tối đa là 1 MB." in body
    assert not Attachment.objects.filter(proposal=draft).exists()


def test_a_file_under_the_limit_is_stored_whole(client, world, handlers):
    draft, response = _post(client, world, 10 * 1024)
    assert response.status_code == 302
    stored = Attachment.objects.get(proposal=draft)
    assert stored.size == len(PDF_BYTES) + 10 * 1024
    assert sum(Recording.received) == stored.size
