"""The demo has a proposal at every monitoring step."""

from django.core.management import call_command

from budgets.models import Allocation
from khuyencong.seed.demo import plan_year
from proposals.models import ChangeRequest, MonitoringFile, ProgressReport, Proposal, SiteInspection


def test_the_demo_covers_every_monitoring_step(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    after_approval = Proposal.objects.filter(contract_number__gt="")
    assert sorted(after_approval.values_list("state", flat=True)) == sorted(
        ["in_progress", "in_progress", "in_progress", "accepted", "settled", "cancelled"]
    )
    assert Proposal.objects.filter(state="approved").exists()  # approved, not started yet
    assert ChangeRequest.objects.filter(status="pending").count() == 1
    assert SiteInspection.objects.count() == 1 and ProgressReport.objects.count() >= 4
    assert MonitoringFile.objects.filter(kind=MonitoringFile.Kind.CONTRACT).count() == 6
    # Started, never reported: what the overdue lists and reminders are for.
    assert Proposal.objects.filter(state="in_progress", progress_reports=None).exists()
    cancelled = Proposal.objects.get(state="cancelled")
    allocation = Allocation.objects.get(proposal=cancelled)
    assert allocation.released == allocation.amount
    accepted = Proposal.objects.get(state="accepted", plan_year=plan_year())  # not 2025's
    assert accepted.accepted_support == 70_000_000
