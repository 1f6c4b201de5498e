"""Notifications and their e-mails are in the portal's official language (Vietnamese), even
when the person whose action sends them reads the portal in English; what that person is told
(flash messages, refusals) stays in English."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from budgets.services import allocation_confirm, disbursement_record
from khuyencong.exceptions import ServiceError
from khuyencong.lib.dates import short_date
from khuyencong.models import Notification
from khuyencong.notifications import notify
from proposals.models import Facility
from proposals.services.review import proposal_approve
from reports.models import GeneratedDocument
from tests.factories import DitFactory, FacilityFactory, FacilityOwnerFactory
from tests.factories_budget import AllocationFactory, AppropriationFactory, ApprovedProposalFactory
from tests.factories_reports import YEAR, GeneratedDocumentFactory, plan_dataset
from tests.factories_review import appraised

ROOT = Path(__file__).resolve().parents[1]
APPS = ("khuyencong", "proposals", "budgets", "reports")

# Vouchers are dated in plan year 2027 (see the ``budget_day`` fixture).
pytestmark = pytest.mark.usefixtures("budget_day")


def english_client(user) -> Client:
    """A client whose language cookie chose English, as the switcher sets it."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def flashes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- through the language cookie: the request is in English -------------------------------


def test_an_english_officer_activates_and_the_facility_is_told_in_vietnamese(
    world, django_capture_on_commit_callbacks
):
    facility = FacilityFactory(locality=world.l1, status="pending", name="Cơ sở mộc Tân Hạnh")
    FacilityOwnerFactory(username="moc", facility=facility, is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client(world.users["district"]).post(
            reverse("proposals:facility_activate", args=[facility.pk]), follow=True
        )
    assert flashes(response) == ["The account of facility Cơ sở mộc Tân Hạnh is activated."]
    assert Facility.objects.get(pk=facility.pk).status == Facility.Status.ACTIVE
    note = Notification.objects.get(recipient__username="moc")
    assert note.subject == "Tài khoản cơ sở Cơ sở mộc Tân Hạnh đã được kích hoạt"
    assert note.body == "Cơ sở có thể đăng nhập và lập đề án khuyến công."
    (message,) = mail.outbox
    assert message.to == ["moc@example.vn"]
    assert message.subject == note.subject
    assert message.body.startswith("Cơ sở có thể đăng nhập và lập đề án khuyến công.")


def test_an_english_dit_user_requests_a_document_and_is_told_in_vietnamese(
    world, django_capture_on_commit_callbacks
):
    plan_dataset(world)
    dit = world.users["dit"]
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client(dit).post(
            reverse("reports:document_create"),
            {"kind": "results", "year": YEAR, "format": "pdf"},
            follow=True,
        )
    assert "The document has been queued. You may leave this page." in flashes(response)
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.DONE
    note = Notification.objects.get(recipient=dit)
    assert note.subject == f"Văn bản đã sẵn sàng: {document.title}"
    assert note.subject.startswith("Văn bản đã sẵn sàng: Báo cáo kết quả")


def test_an_english_finance_officer_confirms_and_dit_is_told_in_vietnamese(
    world, django_capture_on_commit_callbacks
):
    allocation = AllocationFactory(status="proposed", amount=250_000_000)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client(world.users["finance"]).post(
            reverse("budgets:allocation_confirm", args=[allocation.pk]), follow=True
        )
    assert "Allocation confirmed." in flashes(response)
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert subjects == {"Sở Tài chính đã xác nhận phân bổ 250.000.000 đ"}
    assert mail.outbox
    assert {m.subject for m in mail.outbox} == subjects


# --- services called with English active ---------------------------------------------------


def test_an_english_leader_approves_and_everyone_is_told_in_vietnamese(
    world, django_capture_on_commit_callbacks
):
    proposal = appraised(facility=world.users["facility"].facility)
    day = timezone.localdate()
    mail.outbox.clear()
    with translation.override("en"):
        with pytest.raises(ServiceError, match="exceeds the funding requested") as refused:
            proposal_approve(
                proposal=proposal,
                actor=world.users["leader"],
                approved_amount=300_000_001,
                plan_year=2027,
                decision_number="25/QĐ-SCT",
                decision_date=day,
            )
        with django_capture_on_commit_callbacks(execute=True):
            proposal_approve(
                proposal=proposal,
                actor=world.users["leader"],
                approved_amount=250_000_000,
                plan_year=2027,
                decision_number="25/QĐ-SCT",
                decision_date=day,
            )
    # The leader's own refusal stays in the leader's language.
    assert "exceeds" in refused.value.message and "vượt" not in refused.value.message
    note = Notification.objects.get(recipient=world.users["facility"])
    # The action, the state label and the decision note, all Vietnamese.
    assert note.subject == f"Đề án {proposal.code}: phê duyệt"
    assert note.body == (
        "Trạng thái mới: Đã phê duyệt.\n"
        f"Quyết định số 25/QĐ-SCT ngày {short_date(day)}, kinh phí 250.000.000 đ"
    )
    mine = [m for m in mail.outbox if m.to == [world.users["facility"].email]]
    assert [m.subject for m in mine] == [note.subject]
    assert mine[0].body.startswith(note.body)
    # The dossier's history, read by every role, keeps the portal's note in Vietnamese too.
    from khuyencong.models import AuditLog

    row = AuditLog.objects.filter(action="proposal.approve").latest("pk")
    assert row.note == f"Quyết định số 25/QĐ-SCT ngày {short_date(day)}, kinh phí 250.000.000 đ"


def test_a_disbursement_recorded_in_english_tells_finance_in_vietnamese(
    world, django_capture_on_commit_callbacks
):
    allocation = AllocationFactory(amount=300_000_000)
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        disbursement_record(
            allocation=allocation,
            kind="advance",
            amount=100_000_000,
            voucher_number="UNC-01",
            voucher_date=dt.date(2027, 4, 1),
            actor=world.users["dit"],
        )
    note = Notification.objects.get(recipient=world.users["finance"])
    assert note.subject == f"Giải ngân chờ xác nhận: {allocation.proposal.code}"
    # The kind is a choice label: Vietnamese too.
    assert note.body == "Tạm ứng 100.000.000 đ, chứng từ UNC-01."
    (message,) = [m for m in mail.outbox if m.to == [world.users["finance"].email]]
    assert message.subject == note.subject
    assert message.body.startswith(note.body)


def test_a_confirmation_in_english_is_stored_in_vietnamese_without_a_request(world):
    appropriation = AppropriationFactory(amount=1_000_000_000)
    proposal = ApprovedProposalFactory(
        plan_year=appropriation.plan_year, fund_source=appropriation.fund_source
    )
    allocation = AllocationFactory(
        appropriation=appropriation, proposal=proposal, status="proposed", amount=120_000_000
    )
    with translation.override("en"):
        allocation_confirm(allocation=allocation, actor=world.users["finance"])
    assert Notification.objects.get(recipient=world.users["dit"]).subject == (
        "Sở Tài chính đã xác nhận phân bổ 120.000.000 đ"
    )


def test_a_document_that_fails_in_an_english_run_is_explained_in_vietnamese(world):
    # The message comes from deep inside the render; an eager run inherits the requester's
    # language, a worker has none: both must store and notify the Vietnamese text.
    from reports.documents import dossier
    from reports.services.documents import document_build

    document = GeneratedDocumentFactory(
        owner=world.users["dit"], kind=dossier.KIND, params={"proposal": 999_999}
    )
    with translation.override("en"):
        document_build(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error == "Không tìm thấy đề án."
    note = Notification.objects.get(recipient=world.users["dit"])
    assert note.subject == f"Không tạo được văn bản: {document.title}"
    assert note.body == "Không tìm thấy đề án."


# --- notify() itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Đã dịch sẵn", gettext_lazy("Phê duyệt")], ids=["str", "lazy string"]
)
def test_notify_refuses_text_that_is_not_a_callable(db, text):
    with pytest.raises(TypeError, match="callable"):
        notify(recipients=[DitFactory()], subject=text)
    with pytest.raises(TypeError, match="callable"):
        notify(recipients=[DitFactory()], subject=lambda: "Tiêu đề", body=text)
    assert not Notification.objects.exists()


def test_notify_evaluates_the_text_in_the_official_language(db):
    user = DitFactory()
    with translation.override("en"):
        notify(
            recipients=[user],
            subject=lambda: str(gettext_lazy("Phê duyệt")),
            body=lambda: translation.get_language(),
            email=False,
        )
        assert translation.get_language() == "en"  # and the actor's language is left alone
    note = Notification.objects.get()
    assert (note.subject, note.body) == ("Phê duyệt", settings.LANGUAGE_CODE)


# --- every call site uses the mechanism ----------------------------------------------------


def _calls(name: str) -> list[tuple[str, ast.Call]]:
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == name
                ):
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def test_the_scan_finds_the_notify_calls_of_every_area():
    places = {where.split("/")[0] for where, _call in _calls("notify")}
    assert places == {"proposals", "budgets", "reports"}
    assert len(_calls("notify")) >= 19


@pytest.mark.parametrize(("where", "call"), _calls("notify"), ids=[w for w, _c in _calls("notify")])
def test_every_notify_call_passes_its_text_as_a_lambda(where, call):
    keywords = {k.arg: k.value for k in call.keywords}
    assert "subject" in keywords, f"{where}: notify() without subject=..."
    for name in ("subject", "body"):
        if name in keywords:
            assert isinstance(keywords[name], ast.Lambda), (
                f"{where}: pass {name}=lambda: ..., so that it is written in the official language"
            )


@pytest.mark.parametrize(
    ("where", "call"), _calls("run_transition"), ids=[w for w, _c in _calls("run_transition")]
)
def test_every_transition_note_the_portal_writes_is_a_lambda(where, call):
    # The note ends up in the notification: a note built here (a call, a formatted string)
    # must be deferred; a variable holding the person's own words may be passed as it is.
    note = next((k.value for k in call.keywords if k.arg == "note"), None)
    if note is None:
        return
    assert isinstance(note, ast.Lambda | ast.Name | ast.Attribute), (
        f"{where}: pass note=lambda: _(...) so that the notification is in the official language"
    )
