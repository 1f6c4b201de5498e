"""The DIT's list of every proposal past the draft, with filters, 50 a page (issue 9).

Built to stay flat at national scale: a count capped at 1,001 rows and one page of rows joined
to the facility, its locality and the activity type (``select_related``), reading only the
columns shown, ordered on an index; pages past the cap follow a keyset cursor instead of an
OFFSET (``khuyencong.pagination``), so the work per page does not grow with the table.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from khuyencong.decorators import role_required
from khuyencong.models import Role
from khuyencong.pagination import paginate
from proposals.forms.dit_list import DitProposalFilter
from proposals.models import Proposal

PAGE_SIZE = 50
# The columns of the page and of the admin changelist it is benchmarked against.
COLUMNS = (
    "code",
    "title",
    "facility__name",
    "facility__locality__name",
    "activity_type__name",
    "plan_year",
    "requested_support",
    "state",
    "state_changed_at",
)


@role_required(Role.DIT, Role.LEADER)
def dit_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Proposal.objects.visible_to(request.user)
        .select_related("facility__locality", "activity_type")
        .only(*COLUMNS)
    )
    data = request.GET.copy()
    data.setdefault("sort", "-changed")
    filterset = DitProposalFilter(data, queryset=qs, request=request)
    if not filterset.is_valid():
        return render(
            request, "proposals/list/dit_list.html", {"filter": filterset, "page": None}, status=400
        )
    page = paginate(request.GET, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "proposals/list/dit_list.html",
        {"filter": filterset, "page": page, "detail_prefix": detail_prefix()},
    )


def detail_prefix() -> str:
    """What comes before ``<pk>/`` in a proposal's address: reversed once a page, not fifty
    times (``{{ detail_prefix }}{{ p.pk }}/`` is ``{% url 'proposals:proposal_detail' p.pk %}``,
    which a test checks row by row)."""
    return reverse("proposals:proposal_detail", args=[0]).removesuffix("0/")
