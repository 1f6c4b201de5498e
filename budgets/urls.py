from django.urls import path

from budgets.views import (
    allocations,
    appropriations,
    disbursements,
    lifecycle,
    overview,
    statements,
)

app_name = "budgets"

urlpatterns = [
    path("", overview.home, name="home"),
    path("reconciliation/", overview.reconciliation, name="reconciliation"),
    path("proposals/<int:pk>/money/", overview.money_history, name="money_history"),
    path("proposals/<int:pk>/settle/", overview.settlement_create, name="settlement_create"),
    path("proposals/<int:pk>/money-panel/", overview.money_panel, name="money_panel"),
    path("proposals/<int:pk>/accept/", lifecycle.acceptance_create, name="acceptance_create"),
    path("proposals/<int:pk>/cancel/", lifecycle.proposal_cancel, name="proposal_cancel"),
    path("changes/<int:pk>/decide/", lifecycle.change_request_decide, name="change_request_decide"),
    path("appropriations/", appropriations.appropriation_list, name="appropriation_list"),
    path(
        "appropriations/<int:pk>/",
        appropriations.appropriation_detail,
        name="appropriation_detail",
    ),
    path(
        "appropriations/<int:pk>/adjust/",
        appropriations.appropriation_adjust,
        name="appropriation_adjust",
    ),
    path("allocations/", allocations.allocation_board, name="allocation_board"),
    path("allocations/preview/", allocations.allocation_preview, name="allocation_preview"),
    path(
        "allocations/propose/<int:proposal_pk>/",
        allocations.allocation_propose,
        name="allocation_propose",
    ),
    path("allocations/<int:pk>/", allocations.allocation_review, name="allocation_review"),
    path(
        "allocations/<int:pk>/confirm/", allocations.allocation_confirm, name="allocation_confirm"
    ),
    path("allocations/<int:pk>/refuse/", allocations.allocation_refuse, name="allocation_refuse"),
    path(
        "allocations/<int:pk>/disburse/",
        disbursements.disbursement_record,
        name="disbursement_record",
    ),
    path("disbursements/<int:pk>/", disbursements.disbursement_review, name="disbursement_review"),
    path(
        "disbursements/<int:pk>/confirm/",
        disbursements.disbursement_confirm,
        name="disbursement_confirm",
    ),
    path(
        "disbursements/<int:pk>/refuse/",
        disbursements.disbursement_refuse,
        name="disbursement_refuse",
    ),
    path("statements/", statements.statement_list, name="statement_list"),
    path("statements/<int:pk>/", statements.statement_detail, name="statement_detail"),
]
