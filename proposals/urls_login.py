"""The login page (name ``login``, no namespace), with the form that knows facilities."""

from django.contrib.auth import views as auth_views
from django.urls import path

from proposals.forms.login import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
]
