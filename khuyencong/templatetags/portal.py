from __future__ import annotations

from datetime import timedelta

from django import template

from khuyencong.audit_labels import action_label
from khuyencong.lib.money import amount_in_words, format_vnd

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)


@register.filter
def vnd_words(amount: int | None) -> str:
    return "" if amount is None else amount_in_words(amount)


@register.simple_tag(takes_context=True)
def active_if(context: template.Context, url_name: str) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    return "active" if match is not None and match.view_name == url_name else ""


@register.filter
def total_minutes(delta: timedelta | None) -> int:
    """Whole minutes of a duration, rounded up (a lockout of 90 seconds reads "2 minutes")."""
    if delta is None:
        return 0
    return -(-int(delta.total_seconds()) // 60)


@register.filter
def audit_label(action: str) -> str:
    """The Vietnamese name of an audit action (``khuyencong.audit_labels``)."""
    return action_label(action)
