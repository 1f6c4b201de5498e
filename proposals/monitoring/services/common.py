"""Helpers shared by the monitoring services (not for views)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.exceptions import ServiceError
from khuyencong.models import Role, User
from proposals.caps import applicable_rule
from proposals.models import (
    MonitoringFile,
    Proposal,
)
from proposals.uploads import clean_filename

Files = Iterable[tuple[UploadedFile, str]]  # (file, content type sniffed from its bytes)


def lock_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("facility")
        .get(pk=proposal.pk)
    )


def attach_files(
    *, proposal: Proposal, actor: User, files: Files, kind: str, **owner: object
) -> list[MonitoringFile]:
    stored = []
    for upload, mime in files:
        stored.append(
            MonitoringFile.objects.create(
                proposal=proposal,
                kind=kind,
                file=upload,
                original_name=clean_filename(upload.name or ""),
                content_type=mime,
                size=upload.size,
                uploaded_by=actor,
                **owner,
            )
        )
    return stored


def facility_owners(proposal: Proposal) -> list[User]:
    return list(User.objects.filter(role=Role.FACILITY, facility_id=proposal.facility_id))


def dit_staff() -> list[User]:
    return list(User.objects.filter(role=Role.DIT, is_active=True))


def detail_url(proposal: Proposal) -> str:
    return reverse("proposals:proposal_detail", args=[proposal.pk])


def rule_cap(proposal: Proposal, eligible_cost: int) -> tuple[int, str]:
    """The support rule's maximum for ``eligible_cost`` (VND) and its explanation.

    The rule is the one in force on the first submission date (``proposals.caps.rule_day``),
    as at appraisal and approval: a later rule change does not move the cap under it.
    """
    rule = applicable_rule(proposal)
    if rule is None:
        raise ServiceError(
            _("Chưa có mức hỗ trợ áp dụng cho nội dung hoạt động và nguồn kinh phí của đề án.")
        )
    cap = rule.cap(eligible_cost, production_line=proposal.is_production_line)
    return cap.maximum, cap.explain()
