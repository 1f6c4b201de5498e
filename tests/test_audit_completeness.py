"""Every service that changes state or money leaves its audit row (issue 8).

``AUDITED`` names every public function of ``*/services*.py`` that writes, with the audit
actions it must leave and a call that runs it; ``NOT_AUDITED`` names the others with the reason.
A new public service function in neither list fails ``test_every_service_function_is_listed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from budgets import services as budget_services
from budgets.models import Allocation, Appropriation, Confirmation, Disbursement
from budgets.services import lifecycle as budget_lifecycle
from budgets.statements import statement_import
from khuyencong import services_otp
from khuyencong.models import AuditLog, Locality
from proposals.models import Appraisal, ChangeRequest, ScoreSheet
from proposals.monitoring.services import changes as monitoring_changes
from proposals.monitoring.services import lifecycle as monitoring_lifecycle
from proposals.monitoring.services import records as monitoring_records
from proposals.monitoring.services.changes import LineChange
from proposals.services import appraisal as appraisal_services
from proposals.services import (
    drafts,
    facilities,
    identity,
    profile,
    relocation,
    review,
    submission,
)
from reports.models import PlanDeadline
from reports.services import documents, plan, plan_approval, reminders
from tests.audit_inventory import NOT_AUDITED, public_service_functions
from tests.factories import CostLineFactory, CouncilFactory, FundSourceFactory, ProposalFactory
from tests.factories_budget import AllocationFactory, AppropriationFactory, DisbursementFactory
from tests.factories_monitoring import approved_proposal, in_progress_proposal, lines_of, pdf
from tests.factories_review import appraised, proposal_in, with_council
from tests.factories_submission import make_attachment, upload
from tests.proposals.test_registration import TAX_10
from tests.test_concurrency_transitions import ROWS

TODAY = timezone.localdate()
# The money services date vouchers against today; these rows live in plan year 2027.
pytestmark = pytest.mark.usefixtures("budget_day")
@dataclass(frozen=True)
class Audited:
    actions: tuple[str, ...]
    run: Callable[[Any], Any]


def _transition(action: str) -> Callable[[Any], Any]:
    row = next(r for r in ROWS if r.action == action)
    return lambda w: row.call(w, row.setup(w))


def _allocation_proposed(w: Any) -> Allocation:
    return AllocationFactory(status=Confirmation.PROPOSED)


def _disbursement_proposed(w: Any) -> Disbursement:
    return DisbursementFactory(status=Confirmation.PROPOSED)


def _plan_submitted(w: Any) -> Any:
    plan.plan_aggregate(year=2027, triggered_by=w.users["dit"])
    return plan_approval.plan_submit(year=2027, actor=w.users["dit"])


def _change_request(w: Any) -> ChangeRequest:
    proposal = in_progress_proposal(w.users["facility"])
    first, _second = lines_of(proposal)
    return monitoring_changes.change_request_submit(
        proposal=proposal,
        actor=w.users["facility"],
        reason="Giá máy giảm.",
        lines={first.pk: LineChange(Decimal(1), 500_000_000, 200_000_000)},
    )


def _accept_without_money_side(w: Any) -> Any:
    from tests.test_concurrency_transitions import _acceptance

    proposal = in_progress_proposal(w.users["facility"])
    return monitoring_lifecycle.proposal_accept(
        proposal=proposal,
        actor=w.users["dit"],
        data=_acceptance(proposal),
        minutes=[(pdf(), "application/pdf")],
    )


def _sheet(w: Any) -> ScoreSheet:
    proposal = proposal_in("under_appraisal", facility=w.users["facility"].facility)
    appraisal: Appraisal = with_council(proposal, [w.users["council"], CouncilFactory()])
    return appraisal.sheets.get(member=w.users["council"])


def _scores() -> dict[int, int]:
    from proposals.models import Criterion

    return {c.pk: c.max_score for c in Criterion.objects.filter(is_active=True)}


def _draft(w: Any):
    return proposal_in("draft", facility=w.users["facility"].facility)


AUDITED: dict[str, Audited] = {
    # --- the workflow: every transition goes through run_transition -------------------------
    "proposals.services.workflow.run_transition": Audited(
        ("proposal.return",), _transition("return")
    ),
    "proposals.services.submission.proposal_submit": Audited(
        ("proposal.submit",), _transition("submit")
    ),
    "proposals.services.submission.proposal_withdraw": Audited(
        ("proposal.withdraw",), _transition("withdraw")
    ),
    "proposals.services.review.proposal_return": Audited(
        ("proposal.return",), _transition("return")
    ),
    "proposals.services.review.proposal_forward": Audited(
        ("proposal.forward",), _transition("forward")
    ),
    "proposals.services.review.proposal_reject": Audited(
        ("proposal.reject",), _transition("reject")
    ),
    "proposals.services.review.proposal_request_info": Audited(
        ("proposal.request_info",), _transition("request_info")
    ),
    "proposals.services.review.proposal_approve": Audited(
        ("proposal.approve",), _transition("approve")
    ),
    "proposals.services.appraisal.appraisal_start": Audited(
        ("proposal.start_appraisal",), _transition("start_appraisal")
    ),
    "proposals.services.appraisal.appraisal_conclude": Audited(
        ("proposal.conclude_appraisal", "appraisal.conclude"), _transition("conclude_appraisal")
    ),
    "proposals.monitoring.services.lifecycle.proposal_start": Audited(
        ("proposal.start",), _transition("start")
    ),
    "proposals.monitoring.services.lifecycle.proposal_accept": Audited(
        ("proposal.accept",),
        lambda w: _accept_without_money_side(w),
    ),
    "proposals.monitoring.services.lifecycle.proposal_cancel": Audited(
        ("proposal.cancel",),
        lambda w: monitoring_lifecycle.proposal_cancel(
            proposal=approved_proposal(w.users["facility"]),
            actor=w.users["leader"],
            reason="Cơ sở ngừng hoạt động.",
        ),
    ),
    "budgets.services.lifecycle.proposal_cancel": Audited(
        ("proposal.cancel", "allocation.release"), _transition("cancel")
    ),
    "budgets.services.lifecycle.proposal_accept": Audited(
        ("proposal.accept",), _transition("accept")
    ),
    "budgets.services.lifecycle.change_request_approve": Audited(
        ("proposal.change_approve", "allocation.release"),
        lambda w: budget_lifecycle.change_request_approve(
            change_request=_change_request(w), actor=w.users["dit"], note="Đồng ý."
        ),
    ),
    "budgets.services.settlement.settlement_confirm": Audited(
        ("proposal.settle", "settlement.confirm"), _transition("settle")
    ),
    "proposals.services.review.proposals_approve_bulk": Audited(
        ("proposal.approve",),
        lambda w: review.proposals_approve_bulk(
            proposals=[appraised(facility=w.users["facility"].facility)],
            actor=w.users["leader"],
            plan_year=TODAY.year + 1,
            decision_number="99/QĐ-SCT",
            decision_date=TODAY,
        ),
    ),
    # --- submission ------------------------------------------------------------------------
    "proposals.services.submission.proposal_create": Audited(
        ("proposal.create",),
        lambda w: submission.proposal_create(actor=w.users["facility"], data={"title": "Máy sấy"}),
    ),
    "proposals.services.submission.proposal_update": Audited(
        ("proposal.update",),
        lambda w: submission.proposal_update(
            actor=w.users["facility"], proposal=_draft(w), data={"title": "Tên mới"}
        ),
    ),
    "proposals.services.submission.costline_add": Audited(
        ("proposal.costline_add",),
        lambda w: submission.costline_add(
            actor=w.users["facility"],
            proposal=_draft(w),
            content="Máy",
            unit="cái",
            quantity=1,
            unit_price=100_000_000,
            requested_support=50_000_000,
        ),
    ),
    "proposals.services.submission.costline_update": Audited(
        ("proposal.costline_update",),
        lambda w: submission.costline_update(
            actor=w.users["facility"],
            line=CostLineFactory(proposal=_draft(w)),
            content="Máy khác",
            unit="cái",
            quantity=2,
            unit_price=100_000_000,
            requested_support=50_000_000,
        ),
    ),
    "proposals.services.submission.costline_remove": Audited(
        ("proposal.costline_remove",),
        lambda w: submission.costline_remove(
            actor=w.users["facility"], line=CostLineFactory(proposal=_draft(w))
        ),
    ),
    "proposals.services.submission.attachment_upload": Audited(
        ("proposal.attachment_upload",),
        lambda w: submission.attachment_upload(
            actor=w.users["facility"], proposal=_draft(w), kind="registration", upload=upload()
        ),
    ),
    "proposals.services.submission.attachment_replace": Audited(
        ("proposal.attachment_replace",),
        lambda w: submission.attachment_replace(
            actor=w.users["facility"], attachment=make_attachment(_draft(w)), upload=upload()
        ),
    ),
    "proposals.services.submission.attachment_remove": Audited(
        ("proposal.attachment_remove",),
        lambda w: submission.attachment_remove(
            actor=w.users["facility"], attachment=make_attachment(_draft(w))
        ),
    ),
    # --- facilities ------------------------------------------------------------------------
    "proposals.services.facilities.facility_register": Audited(
        ("facility.register",),
        lambda w: facilities.facility_register(
            username="newcomer",
            password="KhuyenCong@2026",
            email="n@example.vn",
            full_name="Người mới",
            facility_data={
                "name": "Cơ sở mới",
                "tax_code": TAX_10,
                "legal_form": "sme",
                "locality": w.l1,
                "address": "x",
                "representative": "y",
                "phone": "0909000000",
                "email": "n@example.vn",
            },
        ),
    ),
    "proposals.services.relocation.facility_relocate": Audited(
        ("facility.relocate",),
        lambda w: relocation.facility_relocate(
            actor=w.users["admin"],
            facility=w.users["facility"].facility,
            locality=Locality.objects.get(code="29641"),
        ),
    ),
    "proposals.services.facilities.facility_activate": Audited(
        ("facility.activate",),
        lambda w: facilities.facility_activate(actor=w.users["district"], facility=_pending(w)),
    ),
    "proposals.services.facilities.facility_refuse": Audited(
        ("facility.refuse",),
        lambda w: facilities.facility_refuse(
            actor=w.users["district"], facility=_pending(w), reason="Trùng hồ sơ."
        ),
    ),
    "proposals.services.profile.facility_profile_update": Audited(
        ("facility.profile_update",),
        lambda w: profile.facility_profile_update(
            actor=w.users["facility"], data={"address": "Số 9, đường mới"}
        ),
    ),
    # --- appraisal -------------------------------------------------------------------------
    "proposals.services.appraisal.scoresheet_submit": Audited(
        ("scoresheet.submit",),
        lambda w: appraisal_services.scoresheet_submit(
            sheet=_sheet(w), actor=w.users["council"], scores=_scores()
        ),
    ),
    # --- monitoring ------------------------------------------------------------------------
    "proposals.monitoring.services.changes.change_request_submit": Audited(
        ("proposal.change_request",), _change_request
    ),
    "proposals.monitoring.services.changes.change_request_approve": Audited(
        ("proposal.change_approve",),
        lambda w: monitoring_changes.change_request_approve(
            change_request=_change_request(w), actor=w.users["dit"], note="Đồng ý."
        ),
    ),
    "proposals.monitoring.services.changes.change_request_refuse": Audited(
        ("proposal.change_refuse",),
        lambda w: monitoring_changes.change_request_refuse(
            change_request=_change_request(w), actor=w.users["dit"], note="Không đủ căn cứ."
        ),
    ),
    "proposals.monitoring.services.records.progress_report_submit": Audited(
        ("proposal.progress_report",),
        lambda w: _progress(w),
    ),
    "proposals.monitoring.services.records.inspection_record": Audited(
        ("proposal.inspection",),
        lambda w: monitoring_records.inspection_record(
            proposal=in_progress_proposal(w.users["facility"]),
            actor=w.users["dit"],
            inspected_on=TODAY,
            inspectors="Tổ kiểm tra",
            findings="Đúng tiến độ.",
            follow_up_required=False,
            photos=[(pdf("anh.pdf"), "application/pdf")],
        ),
    ),
    # --- money -----------------------------------------------------------------------------
    "budgets.services.appropriations.appropriation_create": Audited(
        ("appropriation.create",),
        lambda w: budget_services.appropriation_create(
            plan_year=2027,
            fund_source=FundSourceFactory(),
            amount=500_000_000,
            decision_number="7/QĐ-UBND",
            decision_date=dt.date(2027, 1, 2),
            actor=w.users["finance"],
        ),
    ),
    "budgets.services.appropriations.appropriation_adjust": Audited(
        ("appropriation.adjust",),
        lambda w: budget_services.appropriation_adjust(
            appropriation=AppropriationFactory(),
            delta=100_000_000,
            reason="Bổ sung dự toán.",
            decision_number="8/QĐ-UBND",
            decision_date=dt.date(2027, 2, 2),
            actor=w.users["finance"],
        ),
    ),
    "budgets.services.allocations.allocation_propose": Audited(
        ("allocation.propose",),
        lambda w: _allocation_propose(w),
    ),
    "budgets.services.allocations.allocation_confirm": Audited(
        ("allocation.confirm",),
        lambda w: budget_services.allocation_confirm(
            allocation=_allocation_proposed(w), actor=w.users["finance"]
        ),
    ),
    "budgets.services.allocations.allocation_refuse": Audited(
        ("allocation.refuse",),
        lambda w: budget_services.allocation_refuse(
            allocation=_allocation_proposed(w), actor=w.users["finance"], reason="Sai số."
        ),
    ),
    "budgets.services.allocations.allocations_release": Audited(
        ("allocation.release",),
        lambda w: budget_services.allocations_release(
            proposal_id=AllocationFactory().proposal_id,
            amount=None,
            actor=w.users["dit"],
            reason="Giải phóng.",
        ),
    ),
    "budgets.services.disbursements.disbursement_record": Audited(
        ("disbursement.record",),
        lambda w: budget_services.disbursement_record(
            allocation=AllocationFactory(),
            kind=Disbursement.Kind.PAYMENT,
            amount=10_000_000,
            voucher_number="UNC-0999",
            voucher_date=dt.date(2027, 3, 1),
            actor=w.users["dit"],
        ),
    ),
    "budgets.services.disbursements.disbursement_confirm": Audited(
        ("disbursement.confirm",),
        lambda w: budget_services.disbursement_confirm(
            disbursement=_disbursement_proposed(w), actor=w.users["finance"]
        ),
    ),
    "budgets.services.disbursements.disbursement_refuse": Audited(
        ("disbursement.refuse",),
        lambda w: budget_services.disbursement_refuse(
            disbursement=_disbursement_proposed(w), actor=w.users["finance"], reason="Sai."
        ),
    ),
    # --- reports ---------------------------------------------------------------------------
    "reports.services.documents.document_request": Audited(
        ("document.request",),
        lambda w: documents.document_request(
            owner=w.users["dit"], kind="results", params={"year": 2027}, fmt="pdf"
        ),
    ),
    "proposals.services.drafts.proposal_draft_delete": Audited(
        ("proposal.draft_delete",),
        lambda w: drafts.proposal_draft_delete(
            actor=w.users["facility"],
            proposal=ProposalFactory(
                facility=w.users["facility"].facility,
                created_by=w.users["facility"],
                state="draft",
                code=None,
            ),
        ),
    ),
    "reports.services.plan_approval.plan_submit": Audited(
        ("plan.submit",),
        lambda w: _plan_submitted(w),
    ),
    "reports.services.plan_approval.plan_approve": Audited(
        ("plan.approve",),
        lambda w: plan_approval.plan_approve(
            approval_id=_plan_submitted(w).pk,
            actor=w.users["leader"],
            decision_number="12/QĐ-SCT",
            decision_date=timezone.localdate(),
        ),
    ),
    "reports.services.plan_approval.plan_return": Audited(
        ("plan.return",),
        lambda w: plan_approval.plan_return(
            approval_id=_plan_submitted(w).pk, actor=w.users["leader"], reason="Thiếu số liệu."
        ),
    ),
    "budgets.statements.statement_import": Audited(
        ("statement.import",),
        lambda w: _statement(w),
    ),
    "reports.services.plan.plan_aggregate": Audited(
        ("plan.aggregate",),
        lambda w: plan.plan_aggregate(year=2027, triggered_by=w.users["dit"]),
    ),
    "reports.services.reminders.deadline_reminders_send": Audited(
        ("plan.deadline_reminder",),
        lambda w: _reminders(w),
    ),
    "reports.services.reminders.plan_deadline_save": Audited(
        ("plan.deadline_save",),
        lambda w: reminders.plan_deadline_save(
            deadline=PlanDeadline(year=2027, name="Hạn", date=dt.date(2099, 10, 1)),
            actor=w.users["admin"],
        ),
    ),
    "reports.services.reminders.plan_deadline_delete": Audited(
        ("plan.deadline_delete",),
        lambda w: reminders.plan_deadline_delete(
            deadlines=[PlanDeadline.objects.create(year=2027, name="Hạn", date=TODAY)],
            actor=w.users["admin"],
        ),
    ),
    # --- facility identity -----------------------------------------------------------------
    "proposals.services.identity.facility_identity_request": Audited(
        ("facility.identity_request",),
        lambda w: _identity_change(w),
    ),
    "proposals.services.identity.facility_identity_approve": Audited(
        ("facility.identity_approve",),
        lambda w: identity.facility_identity_approve(
            actor=w.users["district"], change=_identity_change(w)
        ),
    ),
    "proposals.services.identity.facility_identity_refuse": Audited(
        ("facility.identity_refuse",),
        lambda w: identity.facility_identity_refuse(
            actor=w.users["district"], change=_identity_change(w), note="Chưa có giấy tờ."
        ),
    ),
    # --- second factor ---------------------------------------------------------------------
    "khuyencong.services_otp.otp_device_confirm": Audited(
        ("otp.enrol",),
        lambda w: _otp_enrolled(w.users["leader"]),
    ),
    "khuyencong.services_otp.otp_device_reset": Audited(
        ("otp.reset",),
        lambda w: services_otp.otp_device_reset(
            actor=w.users["admin"], user=_otp_enrolled(w.users["leader"])
        ),
    ),
}


def _identity_change(w: Any) -> Any:
    return identity.facility_identity_request(
        actor=w.users["facility"],
        name="Cơ sở A (tên mới)",
        tax_code=w.users["facility"].facility.tax_code,
        locality=w.l1,
        reason="Giấy chứng nhận mới.",
    )


def _otp_enrolled(user: Any) -> Any:
    from khuyencong.two_factor import totp_now

    device = services_otp.otp_device_start(user=user)
    services_otp.otp_device_confirm(user=user, token=totp_now(device))
    return user


def _pending(w: Any):
    from tests.factories import FacilityFactory, FacilityOwnerFactory

    facility = FacilityFactory(locality=w.l1, status="pending", name="Cơ sở chờ")
    FacilityOwnerFactory(facility=facility, is_active=False)
    return facility


def _allocation_propose(w: Any) -> Allocation:
    appropriation: Appropriation = AppropriationFactory()
    proposal = proposal_in(
        "approved",
        approved_amount=300_000_000,
        plan_year=appropriation.plan_year,
        fund_source=appropriation.fund_source,
    )
    return budget_services.allocation_propose(
        appropriation=appropriation, proposal=proposal, amount=100_000_000, actor=w.users["dit"]
    )


def _progress(w: Any):
    proposal = in_progress_proposal(w.users["facility"])
    first, second = lines_of(proposal)
    return monitoring_records.progress_report_submit(
        proposal=proposal,
        actor=w.users["facility"],
        percent_done=40,
        work_done="Đã mua máy.",
        spendings={first.pk: (400_000_000, 150_000_000), second.pk: (0, 0)},
    )


def _statement(w: Any):
    paid = DisbursementFactory(allocation__proposal__code="KC-2027-0001")
    content = (
        "Mã hồ sơ,Số chứng từ,Ngày chứng từ,Số tiền\n"
        f"KC-2027-0001,{paid.voucher_number},{paid.voucher_date:%d/%m/%Y},{paid.amount}\n"
    )
    return statement_import(
        plan_year=paid.allocation.appropriation.plan_year,
        file_name="bang-ke.csv",
        content=content.encode(),
        actor=w.users["finance"],
    )


def _reminders(w: Any) -> int:
    from reports.models import PlanDeadline

    proposal_in("submitted", facility=w.users["facility"].facility, plan_year=TODAY.year + 1)
    deadline = PlanDeadline.objects.create(
        year=TODAY.year + 1, name="Hạn tổng hợp", date=TODAY + dt.timedelta(days=3)
    )
    sent = reminders.deadline_reminders_send(today=TODAY)
    assert sent, f"no reminder sent for {deadline}"
    return sent


def test_every_service_function_is_listed():
    found = public_service_functions()
    listed = set(AUDITED) | set(NOT_AUDITED)
    assert found - listed == set(), "new service functions: add them to AUDITED or NOT_AUDITED"
    assert listed - found == set(), "listed functions that no longer exist"
    assert set(AUDITED).isdisjoint(NOT_AUDITED)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(AUDITED), ids=lambda n: n.rsplit(".", 1)[-1])
def test_the_service_leaves_its_audit_row(world, name):
    entry = AUDITED[name]
    before = AuditLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    entry.run(world)
    new = list(AuditLog.objects.filter(id__gt=before))
    actions = {row.action for row in new}
    for action in entry.actions:
        assert action in actions, f"{name} left {sorted(actions)}, expected {action}"
    # Every row says who acted (or is a system action with no actor) and on what.
    for row in new:
        assert row.actor_name or row.actor is None
        assert row.object_repr or row.note, row
