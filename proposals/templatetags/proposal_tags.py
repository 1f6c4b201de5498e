from django import template

from khuyencong.models import User
from proposals import links
from proposals.models import Proposal, State

register = template.Library()


@register.simple_tag
def related_pages(user: User, proposal: Proposal) -> list[tuple[str, str]]:
    return links.related_pages(user, proposal)


# Badge colours by stage, so states read apart at a glance (the text always names the state):
# waiting on the facility amber, in review blue, funded dark blue, finished green, refused red.
STATE_BADGES = {
    State.DRAFT: "secondary",
    State.SUBMITTED: "info",
    State.RETURNED: "warning",
    State.FORWARDED: "info",
    State.UNDER_APPRAISAL: "info",
    State.APPRAISED: "info",
    State.APPROVED: "primary",
    State.IN_PROGRESS: "primary",
    State.ACCEPTED: "success",
    State.SETTLED: "success",
    State.REJECTED: "danger",
    State.CANCELLED: "danger",
    State.WITHDRAWN: "dark",
}


@register.inclusion_tag("proposals/_state_badge.html")
def state_badge(proposal: Proposal, extra: str = "") -> dict[str, str]:
    """A proposal's state as a badge whose colour says its stage."""
    return {
        "state": proposal.state,
        "label": proposal.get_state_display(),
        "variant": STATE_BADGES.get(proposal.state, "secondary"),
        "extra": extra,
    }
