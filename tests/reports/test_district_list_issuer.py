"""The district-list document of a commune: issuer, symbol, signature and place agree, each
naming the unit by its own kind and name, no level word doubled (issue 16, Must-show 2)."""

from __future__ import annotations

import re

from khuyencong.models import Locality
from reports.documents import render
from tests.factories import ProposalFactory
from tests.reports.conftest import pdf_text


def test_a_communes_list_is_issued_signed_and_dated_by_the_commune(commune_world):
    cai_nhum = Locality.objects.get(code="29641")
    ProposalFactory(
        facility=commune_world.users["facility"].facility,
        locality=cai_nhum,
        state="forwarded",
        plan_year=2027,
        code="KC-2027-0001",
        district_priority=1,
    )
    text = pdf_text(render("district-list", {"locality": cai_nhum.pk, "year": 2027}, "pdf").content)
    flat = " ".join(text.split())
    assert "UBND XÃ CÁI NHUM" in flat  # the issuer, in capitals
    assert "/DS-UBND" in flat  # the symbol of a People's Committee list
    assert "TM. ỦY BAN NHÂN DÂN" in flat and "CHỦ TỊCH" in flat  # signed for the committee
    assert re.search(r"Cái Nhum, ngày \d+ tháng \d+ năm \d{4}", flat)  # its own place
    assert "UBND xã Cái Nhum tổng hợp 1 đề án" in flat
    assert "KC-2027-0001" in flat
    for wrong in ("HUYỆN", "huyện", "XÃ XÃ", "xã Xã", "Vĩnh Long, ngày"):
        assert wrong not in flat, wrong
