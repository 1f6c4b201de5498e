from django.urls import path

from proposals.views import facilities, lookup, proposals, submission

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
    # Issue 3: the facility writes and submits its proposals; the public lookup.
    path("proposals/mine/", submission.my_proposals, name="my_proposals"),
    path("proposals/new/", submission.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/edit/", submission.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/submit/", submission.proposal_submit_view, name="proposal_submit"),
    path(
        "proposals/<int:pk>/withdraw/", submission.proposal_withdraw_view, name="proposal_withdraw"
    ),
    path("proposals/<int:pk>/lines/add/", submission.costline_add_view, name="costline_add"),
    path(
        "proposals/<int:pk>/lines/<int:line_pk>/edit/",
        submission.costline_edit_view,
        name="costline_edit",
    ),
    path(
        "proposals/<int:pk>/lines/<int:line_pk>/remove/",
        submission.costline_remove_view,
        name="costline_remove",
    ),
    path(
        "proposals/<int:pk>/production-line/",
        submission.production_line_view,
        name="production_line",
    ),
    path(
        "proposals/<int:pk>/attachments/",
        submission.attachment_upload_view,
        name="attachment_upload",
    ),
    path(
        "proposals/<int:pk>/attachments/<int:attachment_pk>/replace/",
        submission.attachment_replace_view,
        name="attachment_replace",
    ),
    path(
        "attachments/<int:pk>/download/",
        submission.attachment_download,
        name="attachment_download",
    ),
    path("facility/profile/", submission.facility_profile, name="facility_profile"),
    path("tra-cuu/", lookup.dossier_lookup, name="dossier_lookup"),
]
