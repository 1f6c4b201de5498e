"""Seed Vĩnh Long province and its eight district-level units of 2023 (Directive 14/CT-UBND).

Localities are data: after the 2025 reform an admin adds communes and sets validity dates.
Codes are the national administrative unit codes.
"""

from django.db import migrations

PROVINCE = ("86", "Tỉnh Vĩnh Long")
DISTRICTS = [
    ("855", "Thành phố Vĩnh Long"),
    ("857", "Huyện Long Hồ"),
    ("858", "Huyện Mang Thít"),
    ("859", "Huyện Vũng Liêm"),
    ("860", "Huyện Tam Bình"),
    ("861", "Thị xã Bình Minh"),
    ("862", "Huyện Trà Ôn"),
    ("863", "Huyện Bình Tân"),
]


def seed(apps, schema_editor):
    Locality = apps.get_model("khuyencong", "Locality")
    province, _ = Locality.objects.get_or_create(
        code=PROVINCE[0], defaults={"name": PROVINCE[1], "level": "province"}
    )
    for code, name in DISTRICTS:
        Locality.objects.get_or_create(
            code=code, defaults={"name": name, "level": "district", "parent": province}
        )


class Migration(migrations.Migration):
    dependencies = [("khuyencong", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
