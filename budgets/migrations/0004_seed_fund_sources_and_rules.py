"""Seed the fund sources and the support rules of DESIGN §6 from the JSON fixtures.

Idempotent: a fund source is found by code, a rule by (activity code, fund code, valid_from).
An admin's later edits (e.g. marking a rule verified) are never overwritten.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent.parent / "khuyencong" / "catalogue" / "fixtures"


def seed(apps, schema_editor):
    FundSource = apps.get_model("budgets", "FundSource")
    SupportRule = apps.get_model("budgets", "SupportRule")
    ActivityType = apps.get_model("proposals", "ActivityType")
    funds = json.loads((FIXTURES / "fund_sources.json").read_text(encoding="utf-8"))
    for fund in funds["fund_sources"]:
        FundSource.objects.get_or_create(code=fund["code"], defaults={"name": fund["name"]})
    rules = json.loads((FIXTURES / "support_rules.json").read_text(encoding="utf-8"))
    for rule in rules["rules"]:
        activity = ActivityType.objects.filter(code=rule["activity_type"]).first()
        if activity is None:  # an admin removed the type: nothing to attach the rule to
            continue
        multiplier = rule["production_line_multiplier"]
        SupportRule.objects.get_or_create(
            activity_type=activity,
            fund_source=FundSource.objects.get(code=rule["fund_source"]),
            valid_from=rule.get("valid_from"),
            defaults={
                "percent": Decimal(rule["percent"]),
                "amount_cap": rule["amount_cap"],
                "cap_basis": rule["cap_basis"],
                "production_line_multiplier": Decimal(multiplier) if multiplier else None,
                "legal_basis": rule["legal_basis"],
                "verified": rule["verified"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0003_statement_import"),
        ("proposals", "0007_seed_activity_catalogue"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
