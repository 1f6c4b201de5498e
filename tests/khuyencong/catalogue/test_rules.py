"""Cap arithmetic on the three verified seed rules, and the seed itself."""

from decimal import Decimal

import pytest

from khuyencong.catalogue.models import ActivityGroup, ActivityType, FundSource, SupportRule


def rule(code: str, fund: str = "national") -> SupportRule:
    return SupportRule.objects.get(activity_type__code=code, fund_source__code=fund)


@pytest.mark.django_db
def test_the_seed_has_nine_groups_and_both_funds():
    assert list(ActivityGroup.objects.values_list("number", flat=True)) == list(range(1, 10))
    assert set(FundSource.objects.values_list("code", flat=True)) >= {"national", "provincial"}
    assert ActivityType.objects.get(code="advanced-machinery").required_quotations == 3
    assert ActivityType.objects.get(code="training").required_quotations == 0


@pytest.mark.django_db
@pytest.mark.parametrize("fund", ["national", "provincial"])
def test_only_the_three_documented_rules_are_verified(fund):
    verified = set(
        SupportRule.objects.filter(fund_source__code=fund, verified=True).values_list(
            "activity_type__code", flat=True
        )
    )
    assert verified == {"demonstration-model", "advanced-machinery", "trade-fair-abroad"}
    assert SupportRule.objects.filter(fund_source__code=fund, verified=False).exists()


@pytest.mark.django_db
def test_demonstration_model_is_30_percent_capped_at_one_billion():
    r = rule("demonstration-model")
    assert r.cap(2_000_000_000).maximum == 600_000_000
    assert r.cap(5_000_000_000).maximum == 1_000_000_000
    assert "TT-BTC" in r.legal_basis and r.cap_basis == "model"


@pytest.mark.django_db
def test_advanced_machinery_is_half_capped_at_300_million():
    r = rule("advanced-machinery", "provincial")
    result = r.cap(800_000_000)
    assert (result.by_percent, result.amount_cap, result.maximum) == (
        400_000_000,
        300_000_000,
        300_000_000,
    )
    assert result.explain() == (
        "Mức hỗ trợ tối đa: 50% × 800.000.000 đ = 400.000.000 đ, không quá 300.000.000 đ"
    )


@pytest.mark.django_db
def test_a_complete_production_line_multiplies_the_cap_by_one_and_a_half():
    r = rule("advanced-machinery")
    assert r.production_line_multiplier == Decimal("1.5")
    assert r.cap(2_000_000_000, production_line=True).maximum == 450_000_000
    assert r.cap(800_000_000, production_line=True).maximum == 400_000_000


@pytest.mark.django_db
def test_trade_fair_abroad_is_fully_supported_without_cap():
    r = rule("trade-fair-abroad")
    result = r.cap(7_654_321_987)
    assert result.amount_cap is None and result.maximum == 7_654_321_987
    assert "không quá" not in result.explain()


@pytest.mark.django_db
def test_caps_round_down_to_whole_dong():
    assert rule("demonstration-model").cap(1_000_000_001).maximum == 300_000_000
    assert rule("advanced-machinery").cap(333_333_333).maximum == 166_666_666
    assert isinstance(rule("advanced-machinery").cap(1).maximum, int)


@pytest.mark.django_db
def test_the_seed_migration_is_idempotent():
    from importlib import import_module

    from django.apps import apps

    class MovedCatalogue:
        # The seeds name the models by the apps they were written in; the rows now belong to
        # the catalogue app (same rows, renamed tables).
        def get_model(self, app_label: str, name: str):
            if name in ("ActivityGroup", "ActivityType", "FundSource", "SupportRule"):
                app_label = "catalogue"
            return apps.get_model(app_label, name)

    before = (SupportRule.objects.count(), ActivityType.objects.count())
    state = MovedCatalogue()
    import_module("proposals.migrations.0007_seed_activity_catalogue").seed(state, None)
    import_module("budgets.migrations.0004_seed_fund_sources_and_rules").seed(state, None)
    assert (SupportRule.objects.count(), ActivityType.objects.count()) == before
