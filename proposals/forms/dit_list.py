from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.catalogue.models import ActivityType
from khuyencong.forms_select import FastSelect
from khuyencong.lib.text import dossier_code
from khuyencong.models import Locality
from khuyencong.search import folded_q
from proposals.models import Proposal, State

SORTS = (
    ("-changed", _("Mới cập nhật trước")),
    ("changed", _("Cũ nhất trước")),
    ("code", _("Theo mã hồ sơ")),
)
ORDER = {
    "-changed": ("-state_changed_at", "-id"),
    "changed": ("state_changed_at", "id"),
    "code": ("code", "id"),
}


def _activity_choices() -> list[tuple[int, str]]:
    return list(ActivityType.objects.values_list("pk", "name"))


def _locality_choices() -> list[tuple[int, str]]:
    return list(Locality.objects.reviewing_units().values_list("pk", "name"))


class DitProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Mã hồ sơ hoặc tên đề án"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=[(v, label) for v, label in State.choices if v != State.DRAFT],
        widget=FastSelect,
    )
    plan_year = django_filters.NumberFilter(label=_("Năm kế hoạch"), min_value=2000)
    # The options as (id, name) rows, not model instances: 133 xã/phường and the activity
    # types are read on every visit of the list (a callable: read per form, never stale).
    activity_type = django_filters.ChoiceFilter(
        label=_("Nội dung hoạt động"), choices=_activity_choices, widget=FastSelect
    )
    locality = django_filters.ChoiceFilter(
        label=_("Địa bàn"), choices=_locality_choices, widget=FastSelect
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sắp xếp"), choices=SORTS, method="sort_by", empty_label=None, widget=FastSelect
    )

    class Meta:
        model = Proposal
        fields = ["q", "state", "plan_year", "activity_type", "locality"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def search(self, queryset: Any, name: str, value: str) -> Any:
        """An exact dossier code (the unique index) or a part of the title without diacritics.

        ``may say`` finds "Máy sấy", NFD input too (issue 14); the title goes through the
        trigram index on ``kc_unaccent(title)`` on PostgreSQL.
        """
        if not value.strip():
            return queryset
        return queryset.filter(Q(code=dossier_code(value)) | folded_q(["title"], value))

    def sort_by(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.order_by(*ORDER.get(value, ORDER["-changed"]))
