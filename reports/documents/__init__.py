"""The six official documents (DESIGN §8): one module each, one registry, one renderer.

A module has ``KIND``, ``TEMPLATE``, ``context(**params)`` (SQL aggregates; raises
``DocumentError`` for bad parameters) and ``workbook(context)`` (the Excel twin).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from reports import excel
from reports.documents import (
    annual_plan,
    decision,
    district_list,
    dossier,
    reconciliation,
    results,
)
from reports.documents.base import DocumentError
from reports.pdf import render_pdf

__all__ = ["DOCUMENTS", "DocumentError", "DocumentSpec", "Rendered", "is_small", "render"]

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    title: str
    module: ModuleType
    params: tuple[str, ...]
    # Large documents are built by a task into a stored file; small ones may also be served
    # directly.
    large: bool


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str
    content_type: str


DOCUMENTS: dict[str, DocumentSpec] = {
    spec.kind: spec
    for spec in (
        DocumentSpec(
            dossier.KIND, gettext_lazy("Hồ sơ đề án"), dossier, ("proposal",), large=False
        ),
        DocumentSpec(
            district_list.KIND,
            gettext_lazy("Danh sách đề án của địa phương"),
            district_list,
            ("locality", "year"),
            large=False,
        ),
        DocumentSpec(
            annual_plan.KIND,
            gettext_lazy("Kế hoạch khuyến công năm"),
            annual_plan,
            ("year",),
            large=True,
        ),
        DocumentSpec(
            decision.KIND,
            gettext_lazy("Quyết định phê duyệt đề án (kèm phụ lục)"),
            decision,
            ("year", "decision_number"),
            large=True,
        ),
        DocumentSpec(
            results.KIND,
            gettext_lazy("Báo cáo kết quả thực hiện năm"),
            results,
            ("year",),
            large=True,
        ),
        DocumentSpec(
            reconciliation.KIND,
            gettext_lazy("Báo cáo đối chiếu kinh phí với Sở Tài chính"),
            reconciliation,
            ("year",),
            large=True,
        ),
    )
}


def is_small(kind: str, params: dict[str, Any]) -> bool:
    """True when the document may be rendered in the request: not a large kind, and at most
    ``DOCUMENT_DIRECT_MAX_ROWS`` table rows (counted with one query). Larger ones go to the
    Celery task, whose time is limited."""
    spec = DOCUMENTS[kind]
    if spec.large or not hasattr(spec.module, "size"):
        return False
    rows = spec.module.size(**{k: v for k, v in params.items() if k in spec.params})
    return rows <= settings.DOCUMENT_DIRECT_MAX_ROWS


def render(
    kind: str,
    params: dict[str, Any],
    fmt: str,
    *,
    progress: Callable[[int], None] = lambda percent: None,
) -> Rendered:
    """Build one document as PDF or Excel bytes. ``progress`` hears 10..90 along the way."""
    spec = DOCUMENTS.get(kind)
    if spec is None:
        raise DocumentError(gettext("Loại văn bản không tồn tại."))
    if fmt not in CONTENT_TYPES:
        raise DocumentError(gettext("Định dạng không hỗ trợ."))
    progress(10)
    ctx = spec.module.context(**{k: v for k, v in params.items() if k in spec.params})
    progress(40)
    if fmt == "pdf":
        content = render_pdf(spec.module.TEMPLATE, ctx)
    else:
        content = excel.to_bytes(spec.module.workbook(ctx))
    progress(90)
    return Rendered(content, f"{ctx['filename']}.{fmt}", CONTENT_TYPES[fmt])
