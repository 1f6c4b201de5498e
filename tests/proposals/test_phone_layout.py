"""What the phone layout relies on in the HTML (the browser checks are in tests/e2e):
the facility's next action comes before the summary, and line tables label their cells."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from proposals.services.submission import proposal_submit
from tests.factories_submission import complete_draft


def html_for(user, name: str, pk: int) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_owner_sees_the_next_action_before_the_summary(world):
    owner = world.users["facility"]
    page = html_for(owner, "proposals:proposal_detail", complete_draft(owner).pk)
    assert page.index('id="owner-actions"') < page.index('id="summary-h"')
    assert page.index('id="owner-actions"') < page.index('id="costs"')


def test_an_officer_sees_no_owner_card(world):
    owner = world.users["facility"]
    submitted = proposal_submit(actor=owner, proposal=complete_draft(owner))
    page = html_for(world.users["district"], "proposals:proposal_detail", submitted.pk)
    assert 'id="owner-actions"' not in page and 'class="proposal-next"' not in page


def test_each_cost_cell_carries_its_column_name_for_the_stacked_cards(world):
    owner = world.users["facility"]
    page = html_for(owner, "proposals:proposal_edit", complete_draft(owner).pk)
    table = re.search(
        r'<table class="[^"]*table-stack[^"]*" id="cost-table">.*?</table>', page, re.S
    )
    assert table, "the cost table is not stackable"
    row = re.search(r'<tr id="line-\d+">.*?</tr>', table.group(0), re.S).group(0)
    for label in ("Nội dung chi", "Thành tiền", "Khuyến công đề nghị", "Vốn đối ứng"):
        assert f'data-label="{label}"' in row, label
