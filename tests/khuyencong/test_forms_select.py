"""FastSelect renders exactly what Django's Select renders (the oracle is Django itself)."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from khuyencong.forms_select import FastSelect


def same_html(a: str, b: str) -> bool:
    """Equal as HTML (Django's assertHTMLEqual): the template's line breaks do not count."""
    from django.test.html import parse_html

    return parse_html(a) == parse_html(b)

CHOICES = [
    ("", "---------"),
    ("submitted", "Đã nộp"),
    ("a&b", 'Tên có "ngoặc" <b>và</b> & ký tự'),
    (2026, "Năm 2026"),
    ("Nhóm xã", [("x1", "Xã Long Hồ"), ("x2", "Phường 1")]),
    ("=cmd", "=CMD|' /C calc'!A0"),
    ("lazy", gettext_lazy("Đã nộp")),
    ("safe", mark_safe("<i>đã</i> an toàn")),  # noqa: S308  # a test of the safe path
]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, None),
        ("submitted", {"class": "form-select"}),
        ("x2", {"class": "form-select", "required": True, "disabled": False, "id": "id_s"}),
        (2026, {"data-x": 'a"b'}),
        ("a&b", {"class": "form-select", "aria-describedby": "help"}),
    ],
)
def test_the_markup_is_djangos(value, attrs):
    django = forms.Select(choices=CHOICES).render("state", value, attrs)
    fast = FastSelect(choices=CHOICES).render("state", value, attrs)
    assert same_html(fast, django)
    assert "&lt;b&gt;" in fast  # labels are escaped, not markup


def test_a_model_choice_filter_renders_the_same(db):
    from khuyencong.catalogue.models import ActivityType
    from tests.factories import ActivityTypeFactory

    ActivityTypeFactory(name="Máy <sấy> & \"lúa\"")
    queryset = ActivityType.objects.all()
    chosen = queryset.first()
    plain = forms.ModelChoiceField(queryset=queryset)
    fast = forms.ModelChoiceField(queryset=queryset, widget=FastSelect)
    assert same_html(fast.widget.render("l", chosen.pk), plain.widget.render("l", chosen.pk))
    assert "selected" in fast.widget.render("l", chosen.pk)


def test_the_dit_list_filter_uses_it(rf):
    from proposals.forms.dit_list import DitProposalFilter
    from proposals.models import Proposal

    form = DitProposalFilter({}, queryset=Proposal.objects.none()).form
    selects = [name for name, f in form.fields.items() if isinstance(f.widget, forms.Select)]
    assert selects and all(isinstance(form.fields[n].widget, FastSelect) for n in selects)
