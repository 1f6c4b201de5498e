"""Proposals submitted before the locality was recorded take their facility's locality of today:
the best record there is (facilities had not moved before the field existed)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Facility = apps.get_model("proposals", "Facility")
    Proposal.objects.filter(locality__isnull=True, submitted_at__isnull=False).update(
        locality_id=Subquery(
            Facility.objects.filter(pk=OuterRef("facility_id")).values("locality_id")[:1]
        ),
        review_level="district",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0019_proposal_recorded_locality"),
        ("khuyencong", "0011_calendar_make_up_days"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
