from django import template

from khuyencong.models import User
from proposals import links
from proposals.models import Proposal
from proposals.timeline import action_label

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    return action_label(action)


@register.simple_tag
def related_pages(user: User, proposal: Proposal) -> list[tuple[str, str]]:
    return links.related_pages(user, proposal)
