"""Public dossier lookup: same answer for wrong pairs and unknown codes, rate-limited."""

import pytest
from django.urls import reverse

from proposals.services.submission import proposal_submit
from tests.factories_submission import complete_draft

URL = reverse("proposals:dossier_lookup")


@pytest.fixture
def submitted(world):
    owner = world.users["facility"]
    proposal = complete_draft(owner, necessity="Bí mật kinh doanh")
    proposal_submit(actor=owner, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def _answer(html: str) -> str:
    # What comes after the search form (which echoes the input) and before the footer.
    return html.split("</form>")[-1].split("</main>")[0]


def test_the_right_pair_shows_the_step_and_dates_only(client, submitted):
    response = client.post(URL, {"code": submitted.code, "tax_code": submitted.facility.tax_code})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="lookup-result"' in html
    assert "Đã nộp, chờ UBND địa phương xem xét" in html and "Nộp đề án" in html
    for secret in (submitted.title, submitted.facility.name, "Bí mật kinh doanh", "300.000.000"):
        assert secret not in html


def test_lowercase_code_and_spaced_tax_number_are_accepted(client, submitted):
    response = client.post(
        URL, {"code": submitted.code.lower(), "tax_code": " " + submitted.facility.tax_code}
    )
    assert 'id="lookup-result"' in response.content.decode()


def test_wrong_pair_unknown_code_and_malformed_tax_number_answer_alike(client, world, submitted):
    other_tax = world.users["facility_other"].facility.tax_code
    answers = {
        _answer(client.post(URL, {"code": c, "tax_code": t}).content.decode())
        for c, t in [
            (submitted.code, other_tax),
            ("KC-2099-0001", submitted.facility.tax_code),
            (submitted.code, "12345"),
        ]
    }
    assert len(answers) == 1 and 'id="lookup-none"' in answers.pop()


def test_a_draft_cannot_be_looked_up(client, world):
    owner = world.users["facility"]
    draft = complete_draft(owner, code="KC-2030-0077")
    response = client.post(URL, {"code": draft.code, "tax_code": owner.facility.tax_code})
    assert 'id="lookup-none"' in response.content.decode()


def test_lookup_is_rate_limited(client, settings, submitted):
    settings.LOOKUP_RATE = "3/m"
    data = {"code": submitted.code, "tax_code": submitted.facility.tax_code}
    statuses = [client.post(URL, data).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "quá nhiều lần" in client.post(URL, data).content.decode()


def test_the_landing_page_links_the_lookup(client, db):
    assert URL in client.get(reverse("home")).content.decode()
