"""Pages of other areas about one proposal, for the links beside it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.models import User
from proposals.models import Proposal, State
from reports.permissions import can_build

# From approval on, a proposal has money: allocations, disbursements, a settlement.
MONEY_STATES = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED, State.SETTLED, State.CANCELLED)


def related_pages(user: User, proposal: Proposal) -> list[tuple[str, str]]:
    """(label, url) of the pages ``user`` may open about ``proposal``, which they can see.

    The pages themselves scope by ``Proposal.objects.visible_to`` as the proposal page does, so
    only the role and the proposal's progress decide here.
    """
    links = []
    if proposal.state in MONEY_STATES:
        links.append((_("Lịch sử kinh phí"), reverse("budgets:money_history", args=[proposal.pk])))
    if proposal.code and can_build(user, "dossier")[0]:
        query = urlencode({"kind": "dossier", "proposal": proposal.pk, "format": "pdf"})
        links.append(
            (_("Hồ sơ đề án (PDF để in)"), f"{reverse('reports:document_direct')}?{query}")
        )
    return links
