from __future__ import annotations

from django import template

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
