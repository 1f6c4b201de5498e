from django import template

from khuyencong.models import User
from proposals import links
from proposals.models import Proposal

register = template.Library()


@register.simple_tag
def related_pages(user: User, proposal: Proposal) -> list[tuple[str, str]]:
    return links.related_pages(user, proposal)
