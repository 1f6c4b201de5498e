from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

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


@register.simple_tag
def state_badge(proposal: Proposal, extra: str = "") -> SafeString:
    """A proposal's state as a badge whose colour says its stage.

    Built with ``format_html`` rather than an included template: list pages show fifty."""
    variant = STATE_BADGES.get(proposal.state, "secondary")
    classes = f"badge text-bg-{variant} state-badge" + (f" {extra}" if extra else "")
    return format_html(
        '<span class="{}" data-state="{}">{}</span>',
        classes,
        proposal.state,
        proposal.get_state_display(),
    )
