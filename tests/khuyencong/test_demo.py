"""The demo data of `make run`: one user per role, and one plan year told through the services."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from budgets.models import Allocation, Appropriation, Disbursement, Settlement
from khuyencong.models import AuditLog, Notification, Role, User
from khuyencong.seed import demo
from proposals.models import (
    Acceptance,
    Attachment,
    ChangeRequest,
    CostLine,
    DossierSequence,
    Facility,
    MonitoringFile,
    ProgressReport,
    Proposal,
    Revision,
    ScoreSheet,
    SiteInspection,
    State,
)
from reports.models import PlanLine, PlanRun

pytestmark = pytest.mark.django_db

EXPECTED = {
    "facility1": Role.FACILITY,
    "facility2": Role.FACILITY,
    "facility3": Role.FACILITY,
    "facility4": Role.FACILITY,
    "district1": Role.DISTRICT,
    "district2": Role.DISTRICT,
    "dit1": Role.DIT,
    "ditlead1": Role.LEADER,
    "council1": Role.COUNCIL,
    "council2": Role.COUNCIL,
    "finance1": Role.FINANCE,
    "admin": Role.ADMIN,
}
COUNTED = [
    User, Facility, Proposal, CostLine, Attachment, Revision, AuditLog, Notification,
    ScoreSheet, ProgressReport, SiteInspection, ChangeRequest, Acceptance, MonitoringFile,
    Appropriation, Allocation, Disbursement, Settlement, PlanRun, PlanLine,
]  # fmt: skip


def state() -> list[tuple]:
    users = User.objects.order_by("username").values_list(
        "username", "role", "password", "facility__tax_code", "locality__code", "is_active"
    )
    facilities = Facility.objects.order_by("tax_code").values_list("tax_code", "status", "name")
    proposals = Proposal.objects.order_by("pk").values_list("code", "state", "title")
    counts = [(model.__name__, model.objects.count()) for model in COUNTED]
    return [*users, *facilities, *proposals, *counts]


def load(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_prints_the_logins_and_twice_changes_nothing(
    django_capture_on_commit_callbacks,
):
    started = time.monotonic()
    printed = load(django_capture_on_commit_callbacks)
    if connection.vendor == "sqlite":  # `make run`'s database: the demo must stay quick
        assert time.monotonic() - started < 30
    assert f"password for all: {demo.DEMO_PASSWORD}" in printed
    for username in EXPECTED:
        assert f"  {username} " in printed
    first = state()
    load(django_capture_on_commit_callbacks)
    assert state() == first


def test_the_story_covers_every_state_with_real_dossier_codes(django_capture_on_commit_callbacks):
    load(django_capture_on_commit_callbacks)
    year = demo.plan_year()
    assert set(Proposal.objects.values_list("state", flat=True)) == set(State.values)
    story = Proposal.objects.filter(plan_year=year)
    codes = sorted(story.exclude(code=None).values_list("code", flat=True))
    # Codes come from the dossier sequence: gap-free, in the plan year, nothing hand-made.
    assert codes == [f"KC-{year}-{n:04d}" for n in range(1, len(codes) + 1)]
    assert DossierSequence.objects.get(year=year).last == len(codes)
    assert not Proposal.objects.filter(state=State.DRAFT).exclude(code=None).exists()
    # Every proposal went through the services: created, and (but drafts) submitted, audited.
    for proposal in story:
        actions = set(AuditLog.objects.for_object(proposal).values_list("action", flat=True))
        assert "proposal.create" in actions, proposal
        if proposal.state != State.DRAFT:
            assert "proposal.submit" in actions, proposal
    # Each commune has more than one facility with dossiers in its inbox.
    for code in ("29611", "29623"):
        facilities = (
            Proposal.objects.filter(locality__code=code, state=State.SUBMITTED)
            .values("facility")
            .distinct()
        )
        assert facilities.count() >= 2, code
    assert PlanRun.objects.filter(year=year, status=PlanRun.Status.DONE).exists()


def test_demo_users_have_their_roles_and_organisations():
    demo.load_core()
    users = {u.username: u for u in User.objects.select_related("facility", "locality")}
    assert {name: users[name].role for name in EXPECTED} == EXPECTED
    # Commune officers since 1/7/2025: UBND xã Phú Quới and UBND xã Nhơn Phú.
    assert users["facility1"].facility.locality.code == users["district1"].locality.code == "29611"
    assert users["facility2"].facility.locality.code == users["district2"].locality.code == "29623"
    assert users["facility3"].facility.locality.code == "29611"
    assert users["facility4"].facility.locality.code == "29623"
    assert users["district1"].role_title == "Cán bộ UBND xã Phú Quới"
    assert users["facility1"].facility.status == Facility.Status.ACTIVE


@pytest.mark.parametrize("username", EXPECTED)
def test_every_demo_user_logs_in_with_the_shared_password(username):
    demo.load_core()
    response = Client().post(
        reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302, username


# serialized_rollback: the flush after a transactional test would take the seed data with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_load_demo_prints_each_account_with_its_office_and_no_email(settings, capsys):
    # `make run` prints on the console what the console e-mail backend sends: the demo must not
    # bury its logins under thousands of lines of notification e-mails. Real commits here, as
    # in `make run`, so the e-mails are sent (or not) while the demo loads.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    console = capsys.readouterr().out
    assert "Subject:" not in console
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    lines = {line.split()[0]: line for line in printed.splitlines() if line.startswith("  ")}
    facility = Facility.objects.get(users__username="facility1")
    assert facility.name in lines["facility1"]
    assert facility.locality.name in lines["facility1"]
    officer = User.objects.get(username="district1")
    assert officer.locality.name in lines["district1"]
    assert settings.DEPARTMENT_NAME in lines["dit1"]


def test_make_run_serves_on_the_port_it_is_given():
    import subprocess

    out = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], capture_output=True, text=True, check=True
    ).stdout
    assert "runserver 127.0.0.1:8123" in out
    assert "http://127.0.0.1:8123/" in out


def test_the_earlier_plan_year_stays_with_the_old_districts(django_capture_on_commit_callbacks):
    load(django_capture_on_commit_callbacks)
    history = Proposal.objects.filter(plan_year=2025).select_related("locality", "facility")
    assert {(p.code, p.locality.name, p.state) for p in history} == {
        ("KC-2025-0001", "Huyện Long Hồ", State.ACCEPTED),
        ("KC-2025-0002", "Huyện Mang Thít", State.ACCEPTED),
        ("KC-2025-0003", "Huyện Mang Thít", State.REJECTED),
    }
    # The facilities themselves are in the communes now.
    assert {p.facility.locality.name for p in history} == {"Xã Phú Quới", "Xã Nhơn Phú"}


def test_no_decision_is_dated_before_the_submissions_it_approves(
    django_capture_on_commit_callbacks,
):
    load(django_capture_on_commit_callbacks)
    decided = Proposal.objects.exclude(decision_date=None)
    assert decided.filter(plan_year=demo.plan_year()).exists()
    assert decided.filter(plan_year=2025).exists()
    for proposal in decided:
        submitted = timezone.localdate(proposal.submitted_at)
        assert proposal.decision_date >= submitted, proposal.code
