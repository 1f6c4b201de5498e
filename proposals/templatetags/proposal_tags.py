from django import template

from proposals.timeline import action_label

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    return action_label(action)
