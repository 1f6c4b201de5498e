from django.core.management import call_command

from khuyencong.seed.demo import plan_year
from proposals.models import Proposal, ScoreSheet, State


def test_demo_covers_every_review_state(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    states = set(Proposal.objects.values_list("state", flat=True))
    assert {
        State.SUBMITTED,
        State.FORWARDED,
        State.UNDER_APPRAISAL,
        State.APPRAISED,
        State.APPROVED,
        State.REJECTED,
    } <= states
    under = Proposal.objects.get(state=State.UNDER_APPRAISAL)
    sheets = ScoreSheet.objects.filter(appraisal__proposal=under)
    assert sheets.filter(submitted_at__isnull=False).count() == 1
    # Forwarded dossiers carry the commune's priority, numbered within each unit and plan year.
    for code in ("29611", "29623"):
        for year in (plan_year(), plan_year() + 1):
            ranks = list(
                Proposal.objects.filter(
                    locality__code=code, plan_year=year, district_priority__isnull=False
                )
                .order_by("district_priority")
                .values_list("district_priority", flat=True)
            )
            assert ranks == list(range(1, len(ranks) + 1)), (code, year)
