"""The home page and the dashboard, at the root of the portal (names without a namespace)."""

from django.urls import path

from reports import home

urlpatterns = [
    path("", home.home, name="home"),
    path("dashboard/", home.dashboard, name="dashboard"),
]
