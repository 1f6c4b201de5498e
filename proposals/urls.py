from django.urls import path

from proposals.views import facilities, proposals, review

app_name = "proposals"

urlpatterns = [
    path("register/", facilities.register, name="register"),
    path("register/done/", facilities.register_done, name="register_done"),
    path("facilities/pending/", facilities.pending_list, name="facility_pending"),
    path("facilities/<int:pk>/", facilities.facility_detail, name="facility_detail"),
    path(
        "facilities/<int:pk>/activate/",
        facilities.facility_activate_view,
        name="facility_activate",
    ),
    path("facilities/<int:pk>/refuse/", facilities.facility_refuse_view, name="facility_refuse"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    # Review and decision (issue 4)
    path("proposals/<int:pk>/act/<slug:action>/", review.proposal_act, name="proposal_act"),
    path("proposals/<int:pk>/changes/", review.proposal_changes, name="proposal_changes"),
    path("review/district/", review.district_inbox, name="district_inbox"),
    path("review/district/forwarded/", review.district_forwarded, name="district_forwarded"),
    path("review/intake/", review.dit_intake, name="dit_intake"),
    path("review/decisions/", review.leader_decisions, name="leader_decisions"),
    path("review/decisions/approve/", review.leader_bulk_approve, name="leader_bulk_approve"),
    path("appraisal/assigned/", review.council_assigned, name="council_assigned"),
    path("appraisal/sheets/<int:pk>/", review.scoresheet_form, name="scoresheet_form"),
]
