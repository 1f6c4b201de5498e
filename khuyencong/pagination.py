"""Pagination of the long lists without a full COUNT(*) and without deep OFFSET scans (issue 14).

- The count stops at ``COUNT_CAP`` + 1 rows (``SELECT COUNT(*) FROM (... LIMIT 1001)``): past
  the cap the page says "hơn 1.000" instead of scanning 300,000 rows on every visit.
- Pages are numbered while their OFFSET stays within the cap (page 20 at 50 a page). Beyond,
  "next" and "previous" follow a keyset cursor: the ordering values of the last (or first) row
  shown, so the database seeks in the index instead of reading and dropping every earlier row.
- A page reads one row more than it shows, to know whether there is a next one.

The keyset needs the queryset ordered on the model's own non-null fields (or annotations the
rows carry), ending with the primary key (``order_by("-state_changed_at", "-id")``); with
another ordering the list keeps its capped, numbered pages and stops at the cap.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property

COUNT_CAP = 1000
_SALT = "khuyencong.pagination"


def capped_count(queryset: QuerySet[Any], cap: int | None = None) -> int:
    """The number of rows, but at most ``cap`` (default ``COUNT_CAP``) + 1: one bounded query
    (``SELECT COUNT(*) FROM (SELECT ... LIMIT cap + 1)``), never a full COUNT(*)."""
    cap = COUNT_CAP if cap is None else cap
    return queryset.order_by().values("pk")[: cap + 1].count()


class CappedPaginator(Paginator):
    """Django's paginator with the count capped at ``COUNT_CAP`` + 1 rows, for the admin
    changelists of the large tables: the page numbers stop at the cap (no deep OFFSET) and
    the count is one bounded query."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return capped_count(self.object_list)
        return len(self.object_list)


def _ordering(queryset: QuerySet[Any]) -> tuple[str, ...] | None:
    """The ordering if a keyset can follow it: local concrete fields or annotations (which a
    row carries), ending with the primary key."""
    order = tuple(queryset.query.order_by or queryset.model._meta.ordering)
    if not order or not all(isinstance(o, str) for o in order):
        return None
    meta = queryset.model._meta
    # A nullable column cannot be compared with "<" or ">" (NULL rows would be skipped).
    local = {f.name: f.attname for f in meta.concrete_fields if not f.null}
    local |= {f.attname: f.attname for f in meta.concrete_fields if not f.null}
    local["pk"] = meta.pk.attname
    local |= {name: name for name in queryset.query.annotations}
    names = [o.lstrip("-") for o in order]
    if any(name not in local for name in names) or local[names[-1]] != meta.pk.attname:
        return None
    return tuple(("-" if o.startswith("-") else "") + local[o.lstrip("-")] for o in order)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "dt" in value:
        return dt.datetime.fromisoformat(value["dt"])
    if isinstance(value, dict) and "d" in value:
        return dt.date.fromisoformat(value["d"])
    return value


def _beyond(order: tuple[str, ...], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (``forward``) or before ``values`` in ``order``."""
    condition, equal = Q(), Q()
    for term, value in zip(order, values, strict=True):
        name = term.lstrip("-")
        greater = term.startswith("-") != forward
        condition |= equal & Q(**{f"{name}__{'gt' if greater else 'lt'}": value})
        equal &= Q(**{name: value})
    return condition


@dataclass
class ListPage:
    """One page of a list, for ``templates/includes/pagination.html``."""

    object_list: list[Any]
    count: int  # capped at COUNT_CAP + 1
    number: int | None  # None on a keyset page beyond the cap
    num_pages: int | None  # None when the count is capped
    has_previous: bool
    has_next: bool
    previous_query: str = ""
    next_query: str = ""

    # The pagination include builds Django Page links itself; this page brings its own.
    links_built = True

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def paginator(self) -> ListPage:
        # Templates written for Django's Page read ``page.paginator.count``.
        return self

    def __iter__(self):  # noqa: ANN204 - the template loops over the page
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _query(params: QueryDict, **changes: Any) -> str:
    query = params.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    for key, value in changes.items():
        query[key] = str(value)
    return query.urlencode()


def _cursor(order: tuple[str, ...], row: Model | dict[str, Any]) -> str:
    if isinstance(row, dict):  # a values() queryset
        values = [_encode(row[name.lstrip("-")]) for name in order]
    else:
        values = [_encode(getattr(row, name.lstrip("-"))) for name in order]
    return signing.dumps(values, salt=_SALT, compress=True)


def _uncursor(token: str, order: tuple[str, ...]) -> list[Any] | None:
    try:
        values = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(values, list) or len(values) != len(order):
        return None
    return [_decode(v) for v in values]


def paginate(
    params: QueryDict, queryset: QuerySet[Any], per_page: int, *, counted: bool = True
) -> ListPage:
    """The page of ``queryset`` that ``params`` asks for (``page``, ``after`` or ``before``).

    Two queries whatever the size of the table: the capped count and the page's rows (one
    more than shown); one with ``counted=False``, for a page that shows no count (it then
    numbers its pages as if the list were longer than the cap). A page number out of range
    gives the last numbered page; a cursor that does not verify gives the first page.
    """
    count = capped_count(queryset) if counted else COUNT_CAP + 1
    capped = count > COUNT_CAP
    numbered_pages = max(1, math.ceil(min(count, COUNT_CAP) / per_page))
    order = _ordering(queryset)
    token = params.get("after") or params.get("before")
    values = _uncursor(token, order) if token and order else None
    if values is not None and order is not None:
        forward = bool(params.get("after"))
        seek = queryset.filter(_beyond(order, values, forward))
        if not forward:
            reverse = tuple(o[1:] if o.startswith("-") else f"-{o}" for o in order)
            seek = seek.order_by(*reverse)
        rows = list(seek[: per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        if not forward:
            rows.reverse()
        page = ListPage(
            object_list=rows,
            count=count,
            number=None,
            num_pages=None,
            has_previous=bool(rows) and (more or forward),
            has_next=bool(rows) and (more or not forward),
        )
    else:
        try:
            number = int(params.get("page", 1))
        except (TypeError, ValueError):
            number = 1
        number = min(max(number, 1), numbered_pages)
        start = (number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        page = ListPage(
            object_list=rows,
            count=count,
            number=number,
            num_pages=None if capped else numbered_pages,
            has_previous=number > 1,
            has_next=more and (number < numbered_pages or (capped and order is not None)),
        )
        if page.has_previous:
            page.previous_query = _query(params, page=number - 1)
        if page.has_next:
            page.next_query = (
                _query(params, page=number + 1)
                if number < numbered_pages
                else _query(params, after=_cursor(order, rows[-1]))  # type: ignore[arg-type]
            )
        return page
    if page.has_previous:
        page.previous_query = _query(params, before=_cursor(order, rows[0]))
    if page.has_next:
        page.next_query = _query(params, after=_cursor(order, rows[-1]))
    return page
