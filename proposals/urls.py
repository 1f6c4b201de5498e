from django.urls import path

from proposals.views import facilities, proposals

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
]
