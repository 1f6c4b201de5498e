"""The map of 1 July 2025: the eight districts of 2023 close on 30/06/2025 and the 124 xã and
phường of the new Vĩnh Long (code 86) open on 01/07/2025, from the `vietnam-provinces` package.
`manage.py sync_localities` re-syncs them when the package's data changes.
"""

import datetime as dt

from django.db import migrations

from khuyencong.localities import sync_province_units

DISTRICT_SOURCE = "Chỉ thị 14/CT-UBND (06/11/2023), danh mục đơn vị hành chính năm 2023"


def forward(apps, schema_editor):
    Locality = apps.get_model("khuyencong", "Locality")
    Locality.objects.filter(level="district", valid_to__isnull=True).update(
        valid_to=dt.date(2025, 6, 30), source=DISTRICT_SOURCE
    )
    if Locality.objects.filter(code="86").exists():
        sync_province_units(Locality, province_code=86, today=dt.date(2025, 7, 1))


def backward(apps, schema_editor):
    Locality = apps.get_model("khuyencong", "Locality")
    Locality.objects.filter(level="district", valid_to=dt.date(2025, 6, 30)).update(valid_to=None)


class Migration(migrations.Migration):
    dependencies = [("khuyencong", "0009_locality_source_holiday_kinds")]

    operations = [migrations.RunPython(forward, backward)]
