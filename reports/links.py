"""The reports' pages about one proposal, offered to the proposal page (``proposals.links``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.models import User
from proposals.models import Proposal
from reports.permissions import can_build


def dossier_link(user: User, proposal: Proposal) -> list[tuple[str, str]]:
    """The printable dossier, once the proposal has a code and the role may build it."""
    if proposal.code and can_build(user, "dossier")[0]:
        query = urlencode({"kind": "dossier", "proposal": proposal.pk, "format": "pdf"})
        return [(_("Hồ sơ đề án (PDF để in)"), f"{reverse('reports:document_direct')}?{query}")]
    return []
