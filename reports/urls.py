from django.urls import path

from reports import views, views_plan

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("documents/direct/", views.document_direct, name="document_direct"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/mine/", views.my_documents, name="my_documents"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/progress/", views.document_progress, name="document_progress"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("plan/", views.plan, name="plan"),
    path("plan/run/", views.plan_run, name="plan_run"),
    path("plan/submit/", views_plan.plan_submit, name="plan_submit"),
    path("plan/approvals/<int:pk>/approve/", views_plan.plan_approve, name="plan_approve"),
    path("plan/approvals/<int:pk>/return/", views_plan.plan_return, name="plan_return"),
    path("public/approved/", views.public_list, name="public_list"),
    path("public/approved.csv", views.public_list_csv, name="public_list_csv"),
    path("public/approved.json", views.public_list_json, name="public_list_json"),
]
