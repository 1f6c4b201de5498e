"""Issue 17 item 7: each cost line has a category of its activity; the cap is on eligible cost."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khuyencong.catalogue.models import ActivityType, CostCategory, SupportRule
from khuyencong.exceptions import ServiceError
from proposals.models import CostLine, State
from proposals.services.review import approval_maximum, proposal_approve
from proposals.services.submission import costline_add, costline_update, submission_problems
from proposals.support import support_check
from tests.factories import ProposalFactory
from tests.factories_submission import complete_draft, machinery, provincial


def _fair_draft(owner):
    return ProposalFactory(
        facility=owner.facility,
        created_by=owner,
        state="draft",
        activity_type=ActivityType.objects.get(code="trade-fair-abroad"),
        fund_source=provincial(),
        total_cost=0,
        requested_support=0,
        counterpart=0,
    )


def _category(code: str, activity: str = "trade-fair-abroad") -> CostCategory:
    return CostCategory.objects.get(activity_type__code=activity, code=code)


def _add(owner, proposal, content, price, support, category=None):
    return costline_add(
        actor=owner,
        proposal=proposal,
        content=content,
        unit="gói",
        quantity=1,
        unit_price=price,
        requested_support=support,
        category=category,
    )


def test_the_fair_abroad_supports_the_booth_opening_seminars_and_staff_only(db):
    categories = CostCategory.objects.filter(activity_type__code="trade-fair-abroad")
    assert {c.code: c.eligible for c in categories} == {
        "booth-rent": True,
        "booth-setup": True,
        "opening": True,
        "seminar": True,
        "organiser-staff": True,
        "facility-own": False,
    }
    assert not any(c.verified for c in categories)  # the article's text is not verified here


def test_every_activity_type_offers_at_least_one_category(db):
    assert not ActivityType.objects.filter(cost_categories__isnull=True).exists()


def test_the_demonstration_model_at_an_existing_facility_is_its_own_type_with_its_own_rule(db):
    activity = ActivityType.objects.get(code="demonstration-model-existing")
    assert activity.group.number == 3
    rules = SupportRule.objects.filter(activity_type=activity)
    assert {r.fund_source.code for r in rules} == {"national", "provincial"}
    for rule in rules:
        assert rule.cap_basis == SupportRule.CapBasis.MODEL
        assert rule.verified is False
        assert "Điều 8 khoản 2" in rule.legal_basis and rule.legal_basis.startswith("Chưa xác minh")
    new_model = SupportRule.objects.filter(activity_type__code="demonstration-model").first()
    assert new_model.pk not in {r.pk for r in rules}


def test_the_cap_is_computed_on_eligible_lines_only(world):
    owner = world.users["facility"]
    draft = _fair_draft(owner)
    _add(owner, draft, "Thuê gian hàng 9 m²", 100_000_000, 100_000_000, _category("booth-rent"))
    _add(owner, draft, "Vé máy bay của cơ sở", 60_000_000, 0, _category("facility-own"))
    draft.refresh_from_db()
    check = support_check(draft)
    assert draft.total_cost == 160_000_000
    assert check.cap.eligible_cost == 100_000_000
    assert check.cap.maximum == 100_000_000
    assert check.counterpart_only == 60_000_000
    assert draft.counterpart == 60_000_000


def test_an_unsupported_line_cannot_ask_for_support(world):
    owner = world.users["facility"]
    draft = _fair_draft(owner)
    message = (
        "Khoản chi “Chi phí khác của cơ sở (vận chuyển hàng mẫu, vé máy bay, ăn ở của cơ sở…)” "
        "không được hỗ trợ; kinh phí khuyến công đề nghị của dòng này phải là 0 đ và toàn bộ "
        "60.000.000 đ là vốn đối ứng (đã nhập 30.000.000 đ)."
    )
    with pytest.raises(ServiceError, match=re.escape(message)):
        _add(owner, draft, "Vận chuyển hàng mẫu", 60_000_000, 30_000_000, _category("facility-own"))
    assert not CostLine.objects.filter(proposal=draft).exists()


def test_a_line_of_an_activity_with_several_categories_must_choose_one(world):
    owner = world.users["facility"]
    draft = _fair_draft(owner)
    with pytest.raises(ServiceError, match="Vui lòng chọn khoản chi của dòng dự toán."):
        _add(owner, draft, "Thuê gian hàng", 10_000_000, 10_000_000)


def test_a_category_of_another_activity_is_refused(world):
    owner = world.users["facility"]
    draft = _fair_draft(owner)
    other = _category("general", "advanced-machinery")
    with pytest.raises(ServiceError, match="không thuộc nội dung hoạt động của đề án"):
        _add(owner, draft, "Máy", 10_000_000, 10_000_000, other)


def test_a_machinery_line_takes_the_only_category_by_default(world):
    owner = world.users["facility"]
    draft = complete_draft(owner)
    line = _add(owner, draft, "Máy sấy", 100_000_000, 50_000_000)
    assert line.category == _category("general", "advanced-machinery")
    assert line.category.activity_type == machinery()


def test_changing_a_line_to_an_unsupported_category_needs_its_support_moved(world):
    owner = world.users["facility"]
    draft = _fair_draft(owner)
    line = _add(owner, draft, "Khai mạc", 20_000_000, 20_000_000, _category("opening"))
    with pytest.raises(ServiceError, match="không được hỗ trợ"):
        costline_update(
            actor=owner,
            line=line,
            content="Khai mạc",
            unit="gói",
            quantity=1,
            unit_price=20_000_000,
            requested_support=20_000_000,
            category=_category("facility-own"),
        )
    costline_update(
        actor=owner,
        line=line,
        content="Ăn ở của cơ sở",
        unit="gói",
        quantity=1,
        unit_price=20_000_000,
        requested_support=0,
        category=_category("facility-own"),
    )
    draft.refresh_from_db()
    assert support_check(draft).cap.eligible_cost == 0


def test_submission_lists_lines_whose_category_no_longer_fits(world):
    owner = world.users["facility"]
    draft = _fair_draft(owner)
    _add(owner, draft, "Thuê gian hàng", 50_000_000, 50_000_000, _category("booth-rent"))
    draft.activity_type = machinery()
    draft.save(update_fields=["activity_type"])
    problems = submission_problems(draft)
    assert (
        "Dòng dự toán “Thuê gian hàng” có khoản chi không thuộc nội dung hoạt động đã chọn; "
        "vui lòng chọn lại khoản chi."
    ) in problems


def test_approval_is_capped_by_the_eligible_cost(world):
    owner = world.users["facility"]
    proposal = _fair_draft(owner)
    _add(owner, proposal, "Thuê gian hàng", 80_000_000, 80_000_000, _category("booth-rent"))
    _add(owner, proposal, "Vé máy bay", 40_000_000, 0, _category("facility-own"))
    proposal.refresh_from_db()
    proposal.state = State.APPRAISED
    proposal.submitted_at = timezone.now()
    proposal.code = "KC-2027-0777"
    proposal.save()
    assert approval_maximum(proposal)[0] == 80_000_000
    proposal.requested_support = 120_000_000  # as if the facility had asked for everything
    proposal.save(update_fields=["requested_support"])
    with pytest.raises(ServiceError, match=re.escape("vượt mức hỗ trợ tối đa 80.000.000 đ")):
        proposal_approve(
            proposal=proposal,
            actor=world.users["leader"],
            approved_amount=100_000_000,
            plan_year=2027,
            decision_number="60/QĐ-SCT",
            decision_date=timezone.localdate(),
        )


def test_the_cost_line_form_offers_the_categories_and_the_page_shows_the_split(world):
    owner = world.users["facility"]
    draft = _fair_draft(owner)
    _add(owner, draft, "Thuê gian hàng", 100_000_000, 100_000_000, _category("booth-rent"))
    _add(owner, draft, "Vé máy bay", 60_000_000, 0, _category("facility-own"))
    client = Client()
    client.force_login(owner)
    page = client.get(reverse("proposals:proposal_edit", args=[draft.pk])).content.decode()
    select = re.search(r'<select name="category"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert "Thuê mặt bằng, gian hàng" in select and "Tổ chức khai mạc" in select
    assert "Chi phí thực hiện đề án" not in select
    split = re.search(r'id="eligible-split">(.*?)</p>', page, re.S).group(1)
    assert "Chi phí được hỗ trợ theo mức: 100.000.000 đ" in split
    assert "(vốn đối ứng): 60.000.000 đ" in split


def test_the_cost_line_form_posts_a_category(world):
    owner = world.users["facility"]
    draft = _fair_draft(owner)
    client = Client()
    client.force_login(owner)
    response = client.post(
        reverse("proposals:costline_add", args=[draft.pk]),
        {
            "content": "Dàn dựng gian hàng",
            "unit": "gói",
            "quantity": "1",
            "unit_price": "30000000",
            "requested_support": "30000000",
            "category": _category("booth-setup").pk,
        },
    )
    assert response.status_code == 302
    line = CostLine.objects.get(proposal=draft)
    assert (line.category.code, line.amount) == ("booth-setup", 30_000_000)
