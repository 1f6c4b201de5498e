"""Pages of other areas about one proposal, for the links beside it.

A higher app (reports) offers its pages by registering a provider when it starts
(``AppConfig.ready``), so this module, below it, never imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.models import User
from proposals.models import Proposal, State

# From approval on, a proposal has money: allocations, disbursements, a settlement.
MONEY_STATES = (State.APPROVED, State.IN_PROGRESS, State.ACCEPTED, State.SETTLED, State.CANCELLED)

Provider = Callable[[User, Proposal], list[tuple[str, str]]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add ``provider``'s (label, url) pairs after the money history; registering twice is a
    no-op (``ready`` may run more than once in tests)."""
    if provider not in _providers:
        _providers.append(provider)


def related_pages(user: User, proposal: Proposal) -> list[tuple[str, str]]:
    """(label, url) of the pages ``user`` may open about ``proposal``, which they can see.

    The pages themselves scope by ``Proposal.objects.visible_to`` as the proposal page does, so
    only the role and the proposal's progress decide here.
    """
    links = []
    if proposal.state in MONEY_STATES:
        links.append((_("Lịch sử kinh phí"), reverse("budgets:money_history", args=[proposal.pk])))
    for provider in _providers:
        links.extend(provider(user, proposal))
    return links
