from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Đề án khuyến công")

    def ready(self) -> None:
        from khuyencong import audit_labels
        from proposals.workflow import TRANSITIONS

        # The workflow table names its transitions; the audit registry shows those names.
        audit_labels.register({f"proposal.{name}": t.label for name, t in TRANSITIONS.items()})
