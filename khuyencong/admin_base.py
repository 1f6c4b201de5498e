"""Read-only admin for records and evidence: every change goes through a service, which locks,
checks the invariants and audits; the admin only lets an administrator look."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from khuyencong.forms_money import MoneyField, MoneyInput
from khuyencong.pagination import CappedPaginator

# Money is a BigIntegerField of whole VND; a PositiveBigIntegerField (a file size) is not money.
MONEY_FORMFIELD_OVERRIDES: dict[type[models.Field], dict[str, Any]] = {
    models.PositiveBigIntegerField: {},
    models.BigIntegerField: {"form_class": MoneyField, "widget": MoneyInput},
}


class MoneyAdminMixin:
    """Money fields in the admin read and show amounts like every other money input."""

    formfield_overrides = MONEY_FORMFIELD_OVERRIDES

    class Media:
        js = ["vendor/autonumeric/autoNumeric.min.js", "js/money.js"]


class ReadOnlyAdmin(MoneyAdminMixin, admin.ModelAdmin):
    # The records and evidence are the large tables (proposals, audit rows, money): no full
    # COUNT(*) per changelist page, and page numbers that stop at the count's cap (issue 14).
    paginator = CappedPaginator
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(MoneyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
