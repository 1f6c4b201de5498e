"""Dates are shown and typed as dd/mm/yyyy on every form, whatever the browser's locale
(issue 13, item 4): one field and one widget (khuyencong/forms_date.py), used everywhere."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from budgets.models import Appropriation
from khuyencong.forms_date import DateField, DateInput
from proposals.models import State
from tests.factories import FundSourceFactory
from tests.factories_review import appraised

INVALID = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/12/2026."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/08/2026", dt.date(2026, 8, 12)),  # day 12, month 8: never 8 December
        ("08/12/2026", dt.date(2026, 12, 8)),
        ("1/2/2027", dt.date(2027, 2, 1)),
        ("29/02/2028", dt.date(2028, 2, 29)),
        ("31/12/2026", dt.date(2026, 12, 31)),
        (" 30/11/2026 ", dt.date(2026, 11, 30)),
        ("2026-08-12", dt.date(2026, 8, 12)),  # ISO, the fallback
    ],
)
def test_a_date_is_read_day_first(typed, expected):
    assert DateField().clean(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "31/02/2026",
        "29/02/2027",
        "12/13/2026",
        "08/31/2026",
        "32/01/2026",
        "12-08-2026",
        "12.08.2026",
        "2026/08/12",
        "12/08/26",
        "hôm nay",
        "12/08/2026 10:00",
    ],
)
def test_anything_else_is_refused_in_vietnamese(typed):
    with pytest.raises(forms.ValidationError) as refused:
        DateField().clean(typed)
    assert refused.value.messages == [INVALID]


def test_the_widget_shows_the_date_as_typed_and_marks_it_for_the_picker():
    html = DateField().widget.render("decision_date", dt.date(2026, 11, 30))
    assert 'value="30/11/2026"' in html
    assert 'type="text"' in html and "data-date" in html
    assert 'placeholder="dd/mm/yyyy"' in html
    assert 'type="date"' not in html


def _portal_forms() -> list[type[forms.BaseForm]]:
    """Every form class of the portal's apps (the admin's own forms aside)."""
    for package in ("khuyencong", "proposals", "budgets", "reports"):
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            if not re.search(r"(migrations|management|seed|settings|wsgi|celery)", module.name):
                importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        module = cls.__module__
        ours = module.split(".")[0] in {"khuyencong", "proposals", "budgets", "reports"}
        if ours and ".admin" not in module:
            found.append(cls)
    return found


def test_every_date_field_of_every_form_uses_the_portal_date_input():
    date_fields = {
        f"{form.__module__}.{form.__name__}.{name}": field
        for form in _portal_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    }
    # The forms known to hold dates today (a floor, so the walk cannot silently find none).
    for expected in (
        "proposals.forms.submission.ProposalForm.start_date",
        "proposals.forms.review.ApproveForm.decision_date",
        "budgets.forms.AppropriationForm.decision_date",
        "reports.forms.PlanApproveForm.decision_date",
        "khuyencong.views_audit.AuditFilterForm.start",
        "proposals.monitoring.forms.StartForm.contract_date",
    ):
        assert expected in date_fields
    wrong = [
        name
        for name, field in date_fields.items()
        if not (isinstance(field, DateField) and type(field.widget) is DateInput)
    ]
    assert wrong == []


def test_a_day_first_date_is_stored_as_typed(world):
    client = Client()
    client.force_login(world.users["finance"])
    response = client.post(
        reverse("budgets:appropriation_list"),
        {
            "plan_year": 2027,
            "fund_source": FundSourceFactory().pk,
            "amount": "5.000.000.000",
            "decision_number": "12/QĐ-UBND",
            "decision_date": "12/08/2026",
        },
    )
    assert response.status_code == 302
    assert Appropriation.objects.get().decision_date == dt.date(2026, 8, 12)


@pytest.mark.parametrize("typed", ["31/02/2026", "08/31/2026", "12/08"])
def test_a_bad_date_is_refused_with_its_message_and_nothing_written(world, typed):
    client = Client()
    client.force_login(world.users["finance"])
    response = client.post(
        reverse("budgets:appropriation_list"),
        {
            "plan_year": 2027,
            "fund_source": FundSourceFactory().pk,
            "amount": "5.000.000.000",
            "decision_number": "12/QĐ-UBND",
            "decision_date": typed,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert INVALID in page
    assert f'value="{typed}"' in page  # left as typed, to correct
    assert not Appropriation.objects.exists()


def test_the_leaders_decision_date_is_pre_filled_as_today_day_first(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 11, 30))
    proposal = appraised(facility=world.users["facility"].facility)
    assert proposal.state == State.APPRAISED
    client = Client()
    client.force_login(world.users["leader"])
    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    field = re.search(r'<input[^>]*name="approve-decision_date"[^>]*>', page)
    assert field is not None
    assert 'value="30/11/2026"' in field.group(0)
    assert "data-date" in field.group(0)
