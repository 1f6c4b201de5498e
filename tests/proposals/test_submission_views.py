"""The facility's pages: form validation, cost lines over htmx, escaping, edit rules."""

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal
from tests.factories import ProposalFactory
from tests.factories_submission import complete_draft, machinery, provincial


@pytest.fixture
def owner_client(client, world):
    client.force_login(world.users["facility"])
    return client


def _new(client, **data):
    return client.post(reverse("proposals:proposal_new"), data)


def test_a_draft_saves_with_only_a_title(owner_client, world):
    response = _new(owner_client, title="Máy sấy nông sản")
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:proposal_edit", args=[proposal.pk])
    assert proposal.title == "Máy sấy nông sản" and proposal.state == "draft"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"plan_year": "2020"}, "Năm kế hoạch 2020 đã qua"),
        ({"plan_year": "hai nghìn"}, "Năm kế hoạch phải là một số"),
        ({"revenue_increase": "-5"}, "Số tiền không được âm"),
        ({"revenue_increase": str(10**20)}, "Số tiền quá lớn"),
        ({"revenue_increase": "nhiều"}, "bằng chữ số"),
        ({"jobs_created": "-3"}, "Số lao động không được âm"),
        ({"start_date": "2030-05-01", "end_date": "2030-04-01"}, "kết thúc phải sau"),
        ({"start_date": "31/02/2030"}, "Ngày không hợp lệ"),
    ],
)
def test_bad_form_input_is_refused_with_a_clear_message(owner_client, data, message):
    response = _new(owner_client, title="Đề án", **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_script_in_the_title_is_shown_escaped(owner_client, world):
    _new(owner_client, title="<script>alert(1)</script>", necessity="<b>x</b>")
    proposal = Proposal.objects.get()
    page = owner_client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"quantity": "-1"}, "Số lượng không được âm"),
        ({"quantity": "0"}, "Số lượng phải lớn hơn 0"),
        ({"quantity": "hai"}, "Số lượng phải là một số"),
        ({"unit_price": str(10**20)}, "Số tiền quá lớn"),
        ({"unit_price": "-100"}, "Số tiền không được âm"),
        ({"unit_price": "1tr"}, "bằng chữ số"),
        ({"requested_support": "2000001"}, "không được lớn hơn thành tiền"),
        ({"counterpart": "1"}, "phải bằng thành tiền"),
    ],
)
def test_bad_cost_lines_are_refused_in_place(owner_client, world, line, message):
    proposal = ProposalFactory(
        facility=world.users["facility"].facility, created_by=world.users["facility"], state="draft"
    )
    data = {"content": "Máy", "unit": "máy", "quantity": "2", "unit_price": "1000000"}
    data |= {"requested_support": "500000", **line}
    response = owner_client.post(
        reverse("proposals:costline_add", args=[proposal.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not proposal.lines.exists()


def test_adding_a_line_with_htmx_rerenders_the_table_and_the_rule(owner_client, world):
    owner = world.users["facility"]
    proposal = ProposalFactory(
        facility=owner.facility,
        created_by=owner,
        state="draft",
        activity_type=machinery(),
        fund_source=provincial(),
        total_cost=0,
        requested_support=0,
        counterpart=0,
    )
    response = owner_client.post(
        reverse("proposals:costline_add", args=[proposal.pk]),
        {
            "content": "Máy sấy",
            "unit": "máy",
            "quantity": "1",
            "unit_price": "800000000",
            "requested_support": "400000000",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card mb-3" id="costs"')
    assert "800.000.000 đ" in html and "Máy sấy" in html
    assert "Mức hỗ trợ tối đa: 50% × 800.000.000 đ = 400.000.000 đ, không quá 300.000.000 đ" in html
    assert 'id="over-cap"' in html
    assert "Dây chuyền sản xuất hoàn chỉnh" in html
    response = owner_client.post(
        reverse("proposals:production_line", args=[proposal.pk]),
        {"is_production_line": "on"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "không quá 450.000.000 đ" in html and 'id="over-cap"' not in html


def test_an_unverified_rule_is_flagged(owner_client, world):
    from khuyencong.catalogue.models import ActivityType

    owner = world.users["facility"]
    proposal = complete_draft(owner, activity_type=ActivityType.objects.get(code="training"))
    page = owner_client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    assert 'id="unverified-rule"' in page.content.decode()
    page = owner_client.get(reverse("proposals:proposal_edit", args=[proposal.pk]))
    assert 'id="unverified-rule"' in page.content.decode()


def test_submit_lists_problems_on_the_edit_page(owner_client, world):
    proposal = ProposalFactory(
        facility=world.users["facility"].facility,
        created_by=world.users["facility"],
        state="draft",
        title="",
    )
    response = owner_client.post(reverse("proposals:proposal_submit", args=[proposal.pk]))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="submit-problems"' in html
    assert "Chưa nhập: Tên đề án." in html and "Chưa có dòng dự toán" in html


def test_submit_through_the_page(owner_client, world):
    proposal = complete_draft(world.users["facility"])
    response = owner_client.post(reverse("proposals:proposal_submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert response.status_code == 302 and proposal.code
    page = owner_client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    html = page.content.decode()
    assert "Nộp đề án" in html and "proposal.submit" not in html  # the human label
    assert reverse("proposals:proposal_edit", args=[proposal.pk]) not in html


def test_editing_a_submitted_proposal_is_refused_with_the_reason(owner_client, world):
    proposal = ProposalFactory(
        facility=world.users["facility"].facility, created_by=world.users["facility"]
    )
    response = owner_client.post(
        reverse("proposals:proposal_edit", args=[proposal.pk]), {"title": "Đổi"}
    )
    assert response.status_code == 403
    assert "chỉ sửa được khi đang soạn" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title != "Đổi"


def test_withdraw_with_a_reason_shows_it_in_the_timeline(owner_client, world):
    proposal = ProposalFactory(
        facility=world.users["facility"].facility, created_by=world.users["facility"]
    )
    url = reverse("proposals:proposal_withdraw", args=[proposal.pk])
    assert owner_client.post(url, {"reason": ""}).status_code == 400
    owner_client.post(url, {"reason": "Cơ sở chưa thu xếp đủ vốn đối ứng"})
    page = owner_client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    html = page.content.decode()
    assert "Rút đề án" in html and "Cơ sở chưa thu xếp đủ vốn đối ứng" in html


def test_my_proposals_shows_state_step_and_what_is_asked(owner_client, world):
    owner = world.users["facility"]
    ProposalFactory(
        facility=owner.facility, created_by=owner, state="returned", last_reason="Thiếu báo giá"
    )
    ProposalFactory(facility=world.users["facility_other"].facility, title="Của cơ sở khác")
    html = owner_client.get(reverse("proposals:my_proposals")).content.decode()
    assert "Trả lại để bổ sung" in html and "Thiếu báo giá" in html
    assert "Cơ sở bổ sung hồ sơ" in html and "Của cơ sở khác" not in html


def test_a_new_facility_sees_what_to_do_first(owner_client):
    html = owner_client.get(reverse("proposals:my_proposals")).content.decode()
    assert 'id="my-proposals-empty"' in html and "Lập đề án đầu tiên" in html


def test_the_facility_edits_its_profile(owner_client, world):
    response = owner_client.post(
        reverse("proposals:facility_profile"),
        {
            "name": "Cơ sở A mới",
            "legal_form": "household",
            "address": "Ấp 2",
            "representative": "Trần B",
            "phone": "0909123456",
            "email": "a@example.vn",
        },
    )
    assert response.status_code == 302
    facility = world.users["facility"].facility
    facility.refresh_from_db()
    # The legal name changes only by a request the officer approves (test_identity_change).
    assert (facility.name, facility.address) == ("Cơ sở A", "Ấp 2")


def test_the_nav_links_my_proposals_for_facilities(owner_client):
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert reverse("proposals:my_proposals") in html


def test_the_new_form_is_prefilled_from_the_profile(owner_client, world):
    html = owner_client.get(reverse("proposals:proposal_new")).content.decode()
    assert world.users["facility"].facility.name in html
    assert str(timezone.localdate().year + 1) in html


def test_a_line_is_edited_in_place(owner_client, world):
    owner = world.users["facility"]
    proposal = complete_draft(owner)
    line = proposal.lines.get()
    url = reverse("proposals:costline_edit", args=[proposal.pk, line.pk])
    form = owner_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'class="table-warning"' in form and "Lưu dòng" in form
    response = owner_client.post(
        url,
        {
            "content": "Máy đóng gói (2 đầu)",
            "unit": "máy",
            "quantity": "2",
            "unit_price": "300000000",
            "requested_support": "250000000",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "600.000.000 đ" in html and "350.000.000 đ" in html
    proposal.refresh_from_db()
    assert (proposal.total_cost, proposal.requested_support, proposal.counterpart) == (
        600_000_000,
        250_000_000,
        350_000_000,
    )
    timeline = owner_client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    assert "Sửa dòng dự toán" in timeline.content.decode()


def test_saving_the_form_keeps_the_production_line_choice(owner_client, world):
    owner = world.users["facility"]
    proposal = complete_draft(owner, is_production_line=True)
    response = owner_client.post(
        reverse("proposals:proposal_edit", args=[proposal.pk]), {"title": "Tên mới"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Tên mới" and proposal.is_production_line


def test_the_production_line_option_only_shows_where_the_rule_has_a_multiplier(owner_client, world):
    from khuyencong.catalogue.models import ActivityType

    owner = world.users["facility"]
    machinery_draft = complete_draft(owner)
    model_draft = complete_draft(
        owner, activity_type=ActivityType.objects.get(code="demonstration-model")
    )
    edit = "proposals:proposal_edit"
    html = owner_client.get(reverse(edit, args=[machinery_draft.pk])).content.decode()
    assert 'id="id_production_line"' in html
    html = owner_client.get(reverse(edit, args=[model_draft.pk])).content.decode()
    assert 'id="id_production_line"' not in html


def test_activity_types_are_grouped_with_their_quotations(owner_client):
    html = owner_client.get(reverse("proposals:proposal_new")).content.decode()
    assert '<optgroup label="3. Mô hình trình diễn kỹ thuật' in html
    assert "(cần 3 báo giá)" in html


def test_without_javascript_editing_a_line_opens_the_whole_page(owner_client, world):
    proposal = complete_draft(world.users["facility"])
    line = proposal.lines.get()
    html = owner_client.get(
        reverse("proposals:costline_edit", args=[proposal.pk, line.pk])
    ).content.decode()
    assert "<html" in html and 'class="table-warning"' in html and 'id="proposal-form"' in html


def test_submitting_under_an_unverified_rule_warns(owner_client, world):
    from khuyencong.catalogue.models import ActivityType

    proposal = complete_draft(
        world.users["facility"],
        activity_type=ActivityType.objects.get(code="training"),
        support=200_000_000,
    )
    response = owner_client.post(
        reverse("proposals:proposal_submit", args=[proposal.pk]), follow=True
    )
    html = response.content.decode()
    assert "Đã nộp đề án" in html and "chưa được Sở Công Thương xác minh" in html
