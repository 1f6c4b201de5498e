from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """The rules of khuyến công as dated data: activity groups and types, fund sources, support
    rules. It sits above the core and below proposals, budgets and reports."""

    name = "khuyencong.catalogue"
    label = "catalogue"
    verbose_name = _("Danh mục khuyến công")
