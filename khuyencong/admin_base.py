"""Read-only admin for records and evidence: every change goes through a service, which locks,
checks the invariants and audits; the admin only lets an administrator look."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from khuyencong.forms_money import MoneyField, MoneyInput
from khuyencong.lib.text import dossier_code, nfc
from khuyencong.pagination import CappedPaginator
from khuyencong.search import folded_q

# At most this many related rows (facilities by name) widen an admin search.
RELATED_CAP = 500

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


class FoldedSearchMixin:
    """The admin's search box without diacritics, and exact codes through their index.

    Replaces Django's ``search_fields`` lookups (``icontains`` on every field, ``UPPER``): a
    term matches ``folded_search_fields`` without diacritics or case (``kc_unaccent`` and its
    trigram index), equals one of ``exact_search_fields`` (codes are stored upper case; tax
    codes and e-mails as typed), or names a related row through ``related_search``
    (``{"facility": (folded fields, exact fields)}``, resolved first to at most
    ``RELATED_CAP`` ids so each arm stays an index scan). ``search_fields`` only shows the box.
    """

    folded_search_fields: tuple[str, ...] = ()
    exact_search_fields: tuple[str, ...] = ()
    code_search_fields: tuple[str, ...] = ()
    related_search: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        term = nfc(search_term or "").strip()
        if not term:
            return queryset, False
        condition = folded_q(self.folded_search_fields, term)
        condition = condition if self.folded_search_fields else Q(pk__in=[])
        for name in self.code_search_fields:
            condition |= Q(**{name: dossier_code(term)})
        for name in self.exact_search_fields:
            condition |= Q(**{name: term})
        for relation, (folded, exact) in self.related_search.items():
            model = queryset.model._meta.get_field(relation).related_model
            related = folded_q(folded, term) if folded else Q(pk__in=[])
            for name in exact:
                related |= Q(**{name: term})
            ids = list(
                model._default_manager.filter(related).values_list("pk", flat=True)[:RELATED_CAP]
            )
            if ids:
                condition |= Q(**{f"{relation}__in": ids})
        return queryset.filter(condition), False
