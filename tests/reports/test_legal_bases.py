"""Legal bases as data: documents cite Decree 45/2012 with its amendment 235/2025/NĐ-CP, the
results report goes to the body QĐ 2646/QĐ-BCT names, and unverified bases say so."""

from __future__ import annotations

import pytest

from khuyencong.catalogue.models import LegalBasis, SupportRule
from reports.documents import annual_plan, decision, results

pytestmark = pytest.mark.django_db

DECREE_235 = (
    "Nghị định số 235/2025/NĐ-CP ngày 27 tháng 8 năm 2025 của Chính phủ sửa đổi, bổ sung một "
    "số điều của Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công"
)


def test_the_seeded_bases_carry_number_date_title_issuer_and_verified_flag():
    decree = LegalBasis.objects.get(number="235/2025/NĐ-CP")
    assert (decree.date.isoformat(), decree.issuer, decree.verified) == (
        "2025-08-27",
        "Chính phủ",
        True,
    )
    assert decree.citation == DECREE_235
    circular = LegalBasis.objects.get(number="64/2024/TT-BTC")
    assert circular.verified is False
    assert circular.citation.endswith("(chưa xác minh)")


@pytest.mark.parametrize("module", [annual_plan, decision])
def test_wherever_decree_45_is_cited_decree_235_is_cited_too(module):
    bases = module.context(year=2026)["bases"]
    assert (
        bases[0]
        == "Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công"
    )
    assert bases[1] == DECREE_235


def test_the_decision_flags_an_unverified_circular():
    bases = decision.context(year=2026)["bases"]
    assert any(
        b.startswith("Thông tư số 28/2018/TT-BTC") and b.endswith("(chưa xác minh)") for b in bases
    )


def test_the_results_report_goes_to_the_department_named_in_qd_2646():
    ctx = results.context(year=2026)
    assert (
        "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công – Bộ Công Thương"
        in ctx["doc"].recipients
    )
    assert not any("Cục Công Thương địa phương" in r for r in ctx["doc"].recipients)
    assert any("2646/QĐ-BCT" in b for b in ctx["bases"])


def test_every_support_rule_references_the_decree_and_its_amendment():
    assert SupportRule.objects.exists()
    for rule in SupportRule.objects.all():
        numbers = set(rule.legal_bases.values_list("number", flat=True))
        assert {"45/2012/NĐ-CP", "235/2025/NĐ-CP"} <= numbers, rule


def test_the_approval_step_cites_its_bases_and_flags_the_unverified_ones(client, world):
    from django.urls import reverse

    from tests.factories_review import appraised

    proposal = appraised(facility=world.users["facility"].facility)
    client.force_login(world.users["leader"])
    html = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    start = html.index("data-legal-bases")
    cited = html[start : html.index("</p>", start)]
    assert "Nghị định số 45/2012/NĐ-CP" in cited and "Nghị định số 235/2025/NĐ-CP" in cited
    assert "Thông tư số 28/2018/TT-BTC" in cited
    assert cited.count("(chưa xác minh)") == 2  # 28/2018/TT-BTC and 64/2024/TT-BTC
