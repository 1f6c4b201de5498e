"""Implementation monitoring pages, included by ``proposals.urls`` (its namespace)."""

from django.urls import path

from proposals.monitoring import views as monitoring

urlpatterns = [
    path("monitoring/", monitoring.monitoring_list, name="monitoring_list"),
    path("monitoring/due/", monitoring.facility_due, name="monitoring_facility_due"),
    path("proposals/<int:pk>/start/", monitoring.start, name="proposal_start"),
    path(
        "proposals/<int:pk>/progress/new/",
        monitoring.progress_report_create,
        name="progress_report_create",
    ),
    path(
        "proposals/<int:pk>/inspections/new/",
        monitoring.inspection_create,
        name="inspection_create",
    ),
    path(
        "proposals/<int:pk>/changes/new/",
        monitoring.change_request_create,
        name="change_request_create",
    ),
    path("changes/<int:pk>/", monitoring.change_request_detail, name="change_request_detail"),
    # Acceptance, cancellation and the decision on a change have a money side: their pages
    # are in the budget app (budgets:acceptance_create, :proposal_cancel,
    # :change_request_decide).
    path("monitoring/files/<int:pk>/", monitoring.monitoring_file, name="monitoring_file"),
]
