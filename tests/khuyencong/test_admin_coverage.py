"""Every model has an admin page (read-only for records and evidence) or a reason not to."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from khuyencong.admin_base import ReadOnlyAdmin

PROJECT_APPS = ("khuyencong", "catalogue", "proposals", "budgets", "reports")

# Models shown only inside their parent's page (an inline), and why.
INLINED = {
    "proposals.CostLine": "the proposal's page",
    "proposals.Attachment": "the proposal's page",
    "proposals.Revision": "the proposal's page",
    "proposals.Score": "the score sheet's page",
    "proposals.ProgressSpending": "the progress report's page",
    "proposals.AcceptanceLine": "the acceptance's page",
    "budgets.AppropriationAdjustment": "the appropriation's page",
    "budgets.StatementLine": "the statement import's page",
    "reports.PlanLine": "the plan run's page",
}
EDITABLE = {  # reference data and settings the administrators maintain
    "khuyencong.User", "khuyencong.Locality", "khuyencong.Holiday", "khuyencong.Notification",
    "proposals.Facility", "catalogue.ActivityGroup", "catalogue.ActivityType",
    "proposals.Criterion", "proposals.AppraisalSettings", "proposals.StepDeadline",
    "catalogue.FundSource", "catalogue.SupportRule", "catalogue.CostCategory",
    "catalogue.LegalBasis",
    "reports.PlanDeadline",
    "reports.GeneratedDocument",
}  # fmt: skip


def _models():
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            yield f"{model._meta.app_label}.{model.__name__}", model


@pytest.mark.parametrize(("name", "model"), list(_models()), ids=lambda v: str(v))
def test_every_model_has_an_admin_or_a_reason(name, model):
    if name in INLINED:
        parents = [
            inline.model
            for model_admin in admin.site._registry.values()
            for inline in model_admin.inlines
        ]
        assert model in parents, f"{name} should be an inline on {INLINED[name]}"
        return
    assert model in admin.site._registry, f"{name} has no admin page and no reason"
    if name not in EDITABLE:
        assert isinstance(admin.site._registry[model], ReadOnlyAdmin), f"{name} must be read-only"


MONITORING = [
    "progressreport",
    "siteinspection",
    "changerequest",
    "acceptance",
    "monitoringfile",
    "reportreminder",
    "proposal",
    "appraisal",
    "scoresheet",
]


@pytest.mark.parametrize("model", MONITORING)
def test_an_admin_reads_the_records_but_cannot_add_them(client, world, model):
    client.force_login(world.users["admin"])
    assert client.get(reverse(f"admin:proposals_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:proposals_{model}_add")).status_code == 403


def test_other_roles_do_not_reach_the_records(client, world):
    client.force_login(world.users["dit"])
    response = client.get(reverse("admin:proposals_progressreport_changelist"))
    assert response.status_code == 302
