"""Documents built by a task into a stored file, with progress the page can poll."""

from __future__ import annotations

import logging
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khuyencong import audit
from khuyencong.db_router import reading_from_replica
from khuyencong.models import User
from khuyencong.notifications import notify
from khuyencong.queue import enqueue_on_commit
from reports.documents import DOCUMENTS, DocumentError, render
from reports.models import GeneratedDocument

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status


def document_request(
    *, owner: User, kind: str, params: dict[str, Any], fmt: str
) -> GeneratedDocument:
    """Queue the build of a document for ``owner``; the caller has checked the permission."""
    spec = DOCUMENTS[kind]
    # The stored title names the (Vietnamese) official document, whatever the requester's
    # interface language.
    with translation.override(settings.LANGUAGE_CODE):
        described = describe(params)
        title = f"{spec.title} ({described})" if described else str(spec.title)
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            owner=owner,
            kind=kind,
            params=params,
            format=fmt,
            title=title,
        )
        audit.record(actor=owner, action="document.request", obj=document, after=params)
        from reports.tasks import build_document

        enqueue_on_commit(build_document, document.pk)
    return document


def describe(params: dict[str, Any]) -> str:
    """``{"locality": 3, "year": 2027}`` -> ``"Huyện Long Hồ, năm 2027"`` for titles."""
    from khuyencong.models import Locality
    from proposals.models import Proposal

    parts = []
    if params.get("proposal"):
        code = Proposal.objects.filter(pk=params["proposal"]).values_list("code", flat=True)
        parts.append(code.first() or f"#{params['proposal']}")
    if params.get("locality"):
        name = Locality.objects.filter(pk=params["locality"]).values_list("name", flat=True)
        parts.append(name.first() or "")
    if params.get("year"):
        parts.append(f"năm {params['year']}")
    if params.get("decision_number"):
        parts.append(f"QĐ số {params['decision_number']}")
    return ", ".join(part for part in parts if part)


def _progress(document_id: int, percent: int) -> None:
    # A plain UPDATE outside any transaction: the polling page sees it at once.
    GeneratedDocument.objects.filter(pk=document_id).update(progress=percent)


def document_build(*, document_id: int) -> GeneratedDocument:
    """Render the document and store it. Safe to run twice: a finished document is kept.

    A failure is recorded on the row (the owner sees the message) instead of being raised,
    except database errors, which the task retries.
    """
    document = GeneratedDocument.objects.get(pk=document_id)
    if document.status == Status.DONE:
        return document
    document.status, document.progress, document.error = Status.RUNNING, 5, ""
    document.save(update_fields=["status", "progress", "error"])
    # An official document, and the error stored on it, are in the official language, as a
    # worker (no request, no language) builds them; an eager run must not take the requester's.
    # The rendering only reads: from the replica when there is one (khuyencong/db_router.py).
    with translation.override(settings.LANGUAGE_CODE), reading_from_replica():
        try:
            rendered = render(
                document.kind,
                document.params,
                document.format,
                progress=lambda percent: _progress(document.pk, percent),
            )
        except DocumentError as exc:
            return _fail(document, exc.message)
        except SoftTimeLimitExceeded:
            logger.warning("Building document %s passed its time limit", document.pk)
            return _fail(
                document,
                _("Văn bản quá lớn, không tạo xong trong thời gian cho phép. Vui lòng thu hẹp "
                  "phạm vi hoặc liên hệ quản trị hệ thống."),
            )  # fmt: skip
        except Exception:
            logger.exception("Building document %s failed", document.pk)
            return _fail(document, _("Lỗi hệ thống khi tạo văn bản. Vui lòng thử lại sau."))
    with transaction.atomic():
        document.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        document.filename = rendered.filename
        document.status, document.progress = Status.DONE, 100
        document.finished_at = timezone.now()
        document.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
        notify(
            recipients=[document.owner],
            subject=lambda: _("Văn bản đã sẵn sàng: %(title)s") % {"title": document.title},
            url=reverse("reports:document_detail", args=[document.pk]),
            email=False,
        )
    return document


def _fail(document: GeneratedDocument, message: str) -> GeneratedDocument:
    document.status, document.error = Status.FAILED, message
    document.finished_at = timezone.now()
    document.save(update_fields=["status", "error", "finished_at"])
    notify(
        recipients=[document.owner],
        subject=lambda: _("Không tạo được văn bản: %(title)s") % {"title": document.title},
        body=lambda: message,
        url=reverse("reports:document_detail", args=[document.pk]),
        email=False,
    )
    return document
