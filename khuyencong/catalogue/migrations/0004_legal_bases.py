"""Legal bases as data (Decree 45/2012 and its amendment 235/2025/NĐ-CP, QĐ 2646/QĐ-BCT...)."""

import json
from pathlib import Path

from django.db import migrations, models

# Seed the legal bases (data an admin edits) and link them to every support rule.

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "legal_bases.json"
RULE_BASES = ("45/2012/NĐ-CP", "235/2025/NĐ-CP", "28/2018/TT-BTC", "64/2024/TT-BTC")


def seed(apps, schema_editor):
    LegalBasis = apps.get_model("catalogue", "LegalBasis")
    SupportRule = apps.get_model("catalogue", "SupportRule")
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        number = row.pop("number")
        LegalBasis.objects.update_or_create(number=number, defaults=row)
    bases = list(LegalBasis.objects.filter(number__in=RULE_BASES))
    for rule in SupportRule.objects.all():
        rule.legal_bases.add(*bases)




class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0003_cost_categories'),
    ]

    operations = [
        migrations.CreateModel(
            name='LegalBasis',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=60, unique=True, verbose_name='số, ký hiệu')),
                ('date', models.DateField(blank=True, null=True, verbose_name='ngày ban hành')),
                ('kind', models.CharField(max_length=40, verbose_name='loại văn bản')),
                ('title', models.CharField(max_length=500, verbose_name='trích yếu')),
                ('issuer', models.CharField(max_length=200, verbose_name='cơ quan ban hành')),
                ('verified', models.BooleanField(default=False, help_text='Chưa xác minh: số, ngày hoặc trích yếu chưa đối chiếu với văn bản gốc.', verbose_name='đã xác minh')),
                ('source', models.CharField(blank=True, max_length=300, verbose_name='nguồn đối chiếu')),
                ('cited_in', models.CharField(blank=True, help_text='Các loại văn bản và bước quy trình trích dẫn, dạng |decision|annual-plan|approve|.', max_length=300, verbose_name='được trích dẫn tại')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('is_active', models.BooleanField(default=True, verbose_name='đang áp dụng')),
            ],
            options={
                'verbose_name': 'căn cứ pháp lý',
                'verbose_name_plural': 'căn cứ pháp lý',
                'ordering': ['position', 'date'],
            },
        ),
        migrations.AddField(
            model_name='supportrule',
            name='legal_bases',
            field=models.ManyToManyField(blank=True, related_name='support_rules', to='catalogue.legalbasis', verbose_name='văn bản căn cứ'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
