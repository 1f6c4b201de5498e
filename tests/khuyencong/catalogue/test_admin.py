"""Admins edit the catalogue and the support rules, and confirm unverified rules."""

from django.urls import reverse

from khuyencong.catalogue.models import SupportRule


def test_admin_pages_of_the_reference_data_open(client, world):
    client.force_login(world.users["admin"])
    for name in (
        "admin:catalogue_activitygroup_changelist",
        "admin:catalogue_activitytype_changelist",
        "admin:catalogue_fundsource_changelist",
        "admin:catalogue_supportrule_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    rule = SupportRule.objects.filter(verified=False).first()
    url = reverse("admin:catalogue_supportrule_change", args=[rule.pk])
    assert client.get(url).status_code == 200


def test_an_admin_marks_rules_verified(client, world):
    client.force_login(world.users["admin"])
    rule = SupportRule.objects.filter(verified=False).first()
    response = client.post(
        reverse("admin:catalogue_supportrule_changelist"),
        {"action": "mark_verified", "_selected_action": [rule.pk]},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.verified


def test_other_roles_do_not_reach_the_rules(client, world):
    client.force_login(world.users["dit"])
    response = client.get(reverse("admin:catalogue_supportrule_changelist"))
    assert response.status_code == 302
