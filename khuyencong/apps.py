from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KhuyencongConfig(AppConfig):
    name = "khuyencong"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        # Connect the login signals: whether the user has a second factor, and the first
        # renewal of the idle session.
        from khuyencong import form_fields, middleware, search, two_factor  # noqa: F401

        form_fields.install()
        # kc_unaccent on SQLite, and every text field saved in NFC (issue 14).
        search.install()
