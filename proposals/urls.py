from django.urls import include, path

from proposals.monitoring import urls as monitoring_urls
from proposals.views import (
    dit_list,
    drafts,
    facilities,
    identity,
    lookup,
    proposals,
    review,
    submission,
)

app_name = "proposals"

urlpatterns = [
    path("register/", facilities.register, name="register"),
    path("register/done/", facilities.register_done, name="register_done"),
    path("facilities/pending/", facilities.pending_list, name="facility_pending"),
    # Issue 18: legal name, tax number and locality change only when the officer approves.
    path("facility/identity/", identity.facility_identity, name="facility_identity"),
    path("facilities/identity-changes/", identity.identity_changes, name="identity_changes"),
    path(
        "facilities/identity-changes/<int:pk>/decide/",
        identity.identity_change_decide,
        name="identity_change_decide",
    ),
    path("facilities/<int:pk>/", facilities.facility_detail, name="facility_detail"),
    path(
        "facilities/<int:pk>/activate/",
        facilities.facility_activate_view,
        name="facility_activate",
    ),
    path("facilities/<int:pk>/refuse/", facilities.facility_refuse_view, name="facility_refuse"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    # Implementation monitoring: its own sub-package.
    path("", include(monitoring_urls)),
    # Issue 3: the facility writes and submits its proposals; the public lookup.
    path("proposals/mine/", submission.my_proposals, name="my_proposals"),
    path("proposals/new/", submission.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/edit/", submission.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/submit/", submission.proposal_submit_view, name="proposal_submit"),
    path(
        "proposals/<int:pk>/delete/",
        drafts.proposal_draft_delete_view,
        name="proposal_draft_delete",
    ),
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
        "proposals/<int:pk>/attachments/<int:attachment_pk>/remove/",
        submission.attachment_remove_view,
        name="attachment_remove",
    ),
    path(
        "attachments/<int:pk>/download/",
        submission.attachment_download,
        name="attachment_download",
    ),
    path("facility/profile/", submission.facility_profile, name="facility_profile"),
    path("tra-cuu/", lookup.dossier_lookup, name="dossier_lookup"),
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
    # Issue 9: every proposal, filtered, 50 a page
    path("proposals/all/", dit_list.dit_list, name="dit_list"),
]
