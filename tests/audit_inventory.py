"""What the audit-completeness test counts: every public service function of the project, and
the ones that write nothing worth an audit row, with the reason (``NOT_AUDITED``)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

SERVICE_PACKAGES = (
    "budgets",
    "proposals",
    "proposals.monitoring",
    "reports",
    "khuyencong",
    "khuyencong.catalogue",
)
# Modules that hold a writing service without the name: the Finance statement import.
EXTRA_SERVICE_MODULES = ("budgets.statements",)


def public_service_functions() -> set[str]:
    names: set[str] = set()
    for package in SERVICE_PACKAGES:
        module_names = []
        root = importlib.import_module(package)
        for info in pkgutil.iter_modules(root.__path__):
            if info.name == "services" and info.ispkg:
                sub = importlib.import_module(f"{package}.services")
                module_names += [
                    f"{package}.services.{i.name}" for i in pkgutil.iter_modules(sub.__path__)
                ]
            elif info.name.startswith("services"):
                module_names.append(f"{package}.{info.name}")
        module_names += [m for m in EXTRA_SERVICE_MODULES if m.startswith(f"{package}.")]
        for module_name in module_names:
            module = importlib.import_module(module_name)
            for name, value in vars(module).items():
                if (
                    inspect.isfunction(value)
                    and value.__module__ == module.__name__
                    and not name.startswith("_")
                ):
                    names.add(f"{module_name}.{name}")
    return names


NOT_AUDITED: dict[str, str] = {
    "khuyencong.services_otp.otp_device_start": (
        "an unconfirmed device trusted for nothing; its confirmation is audited"
    ),
    "proposals.services.revisions.revision_create": "part of an audited action (its caller)",
    "proposals.monitoring.services.common.attach_files": "part of an audited action (its caller)",
    "proposals.monitoring.services.common.lock_proposal": "takes a row lock, writes nothing",
    "budgets.services.common.finance_decide": (
        "the shared step of allocation_/disbursement_confirm and _refuse, which are audited"
    ),
    "reports.services.documents.document_build": (
        "renders the file of a document whose request is audited; no domain state or money"
    ),
    "reports.services.reminders.plan_deadline_schedule": (
        "mirrors a PlanDeadline into the beat schedule; the deadline itself is data"
    ),
    "reports.services.reminders.plan_deadline_unschedule": "removes that beat mirror",
    **{
        f"{module}.{name}": "reads only"
        for module, names in {
            "budgets.services.disbursements": ["advance_ceiling"],
            "budgets.services.settlement": ["settlement_limits"],
            "budgets.services.recovery": ["paid_figures", "recovery_owed"],
            "budgets.services.vouchers": ["budget_year_end", "check_voucher_date"],
            "budgets.services.common": [
                "lock_proposal",
                "lock_appropriation",
                "effective_amount",
                "committed_amount",
                "proposal_allocated",
                "finance_users",
                "dit_users",
                "positive_amount",
            ],
            "budgets.statements": [
                "parse_amount",
                "parse_date",
                "parse_statement",
                "match_lines",
                "signed_amount",
            ],
            "proposals.services.appraisal": ["current_appraisal", "mean_score"],
            "proposals.services.facilities": ["district_officers"],
            "proposals.monitoring.services.lifecycle": ["support_caps"],
            "proposals.monitoring.services.common": [
                "facility_owners",
                "dit_staff",
                "detail_url",
                "rule_cap",
            ],
            "proposals.services.review": ["approval_maximum"],
            "proposals.services.revisions": ["snapshot"],
            "proposals.services.submission": ["submission_problems"],
            "proposals.services.workflow": ["next_actors"],
            "reports.services.documents": ["describe"],
            "reports.services.plan": [
                "money_subquery",
                "per_proposal_money",
                "plan_rows",
                "plan_rows_of_years",
            ],
            # Reads only: one SELECT (and a SET LOCAL of work_mem for it).
            "reports.services.plan_query": ["plan_figures"],
            "reports.services.reminders": ["due_deadlines", "waiting_by_officer"],
        }.items()
        for name in names
    },
}
