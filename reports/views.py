from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khuyencong.lib.exports import csv_writer
from khuyencong.models import Locality, Role, User
from khuyencong.pagination import paginate
from khuyencong.queue import enqueue_on_commit
from proposals.models import Proposal
from reports import permissions
from reports.documents import DOCUMENTS, DocumentError, is_small
from reports.documents import render as render_document
from reports.forms import DocumentForm, PlanApproveForm, PlanReturnForm, YearForm
from reports.models import GeneratedDocument, PlanApproval, PlanRun
from reports.selectors import (
    default_plan_year,
    latest_snapshot,
    plan_approval,
    public_approved,
    public_approved_rows,
    public_row,
    running_run,
    snapshot_of,
)
from reports.services.documents import document_request
from reports.views_plan import PLAN_FORMATS


def _forms_for(user: User, data: Any = None) -> list[dict[str, Any]]:
    """One card per document the user may build, with what the form needs to offer."""
    year = default_plan_year()
    cards = []
    for kind in permissions.kinds_for(user):
        spec = DOCUMENTS[kind]
        card: dict[str, Any] = {"kind": kind, "spec": spec, "year": year}
        if kind == "dossier":
            card["proposals"] = (
                Proposal.objects.visible_to(user)
                .only("pk", "code", "title")
                .order_by("-created_at")[:200]
            )
        if kind == "district-list":
            card["localities"] = (
                Locality.objects.filter(pk=user.locality_id)
                if user.role == Role.DISTRICT
                else Locality.objects.reviewing_units()
            )
        cards.append(card)
    return cards


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"cards": _forms_for(request.user)})


def _checked_params(request: HttpRequest, form: DocumentForm) -> tuple[str, dict[str, Any], str]:
    """The kind, params and format of a valid form, after the role (403) and scope (404)."""
    kind = form.cleaned_data["kind"]
    allowed, reason = permissions.can_build(request.user, kind)
    if not allowed:
        raise PermissionDenied(reason)
    params = form.params()
    if not permissions.in_scope(request.user, kind, params):
        raise Http404
    return kind, params, form.cleaned_data["format"]


@require_GET
@login_required
def document_direct(request: HttpRequest) -> HttpResponse:
    """Small documents rendered in the request and sent as they are."""
    form = DocumentForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "reports/index.html",
            {"cards": _forms_for(request.user), "form_errors": form.errors},
            status=400,
        )
    kind, params, fmt = _checked_params(request, form)
    if DOCUMENTS[kind].large:
        # Large documents are built in the background so that no request waits on them.
        messages.info(request, _("Văn bản này lớn, vui lòng dùng nút “Tạo văn bản”."))
        return redirect("reports:index")
    if not is_small(kind, params):
        # Too many rows for a web worker: queued like a large document (a time-limited task).
        document = document_request(owner=request.user, kind=kind, params=params, fmt=fmt)
        messages.info(request, _("Văn bản có nhiều dòng nên được tạo trong nền. Vui lòng chờ."))
        return redirect("reports:document_detail", pk=document.pk)
    try:
        rendered = render_document(kind, params, fmt)
    except DocumentError as exc:
        messages.error(request, exc.message)
        return redirect("reports:index")
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


@require_POST
@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reports/index.html",
            {"cards": _forms_for(request.user), "form_errors": form.errors},
            status=400,
        )
    kind, params, fmt = _checked_params(request, form)
    document = document_request(owner=request.user, kind=kind, params=params, fmt=fmt)
    messages.success(request, _("Đã đưa văn bản vào hàng đợi. Bạn có thể rời trang này."))
    return redirect("reports:document_detail", pk=document.pk)


def _get_document_for_user(user: User, pk: int) -> GeneratedDocument:
    """The document if ``user`` owns it; 404 otherwise."""
    return get_object_or_404(GeneratedDocument.objects.owned_by(user), pk=pk)


@login_required
def my_documents(request: HttpRequest) -> HttpResponse:
    page = Paginator(GeneratedDocument.objects.owned_by(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/my_documents.html", {"page": page})


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _get_document_for_user(request.user, pk)
    return render(request, "reports/document_detail.html", {"document": document})


@login_required
def document_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx partial polled every 2 s; it stops polling once the document is finished."""
    document = _get_document_for_user(request.user, pk)
    return render(request, "reports/_document_progress.html", {"document": document})


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = _get_document_for_user(request.user, pk)
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:  # the stored file is gone (restore, disk): 404, never 500
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.filename)


def _plan_year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else default_plan_year()


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    allowed, reason = permissions.can_view_plan(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    year = _plan_year(request)
    runs = PlanRun.objects.filter(year=year).select_related("triggered_by")[:10]
    approval = plan_approval(year)
    # An approved plan shows its frozen figures; otherwise the latest aggregation.
    approved = approval and approval.status == PlanApproval.Status.APPROVED
    snapshot = snapshot_of(approval.run) if approved else latest_snapshot(year)
    return render(
        request,
        "reports/plan.html",
        {
            "year": year,
            "snapshot": snapshot,
            "running": running_run(year),
            "runs": runs,
            "can_run": permissions.can_run_plan(request.user),
            "approval": approval,
            "plan_formats": PLAN_FORMATS,
            "can_submit": permissions.can_submit_plan(request.user),
            "can_decide": permissions.can_decide_plan(request.user),
            "approve_form": PlanApproveForm(
                initial={"decision_date": timezone.localdate()}
            ),
            "return_form": PlanReturnForm(),
        },
    )


@require_POST
@login_required
def plan_run(request: HttpRequest) -> HttpResponse:
    allowed, reason = permissions.can_run_plan(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm kế hoạch không hợp lệ."))
        return redirect("reports:plan")
    year = form.cleaned_data["year"]
    from reports.tasks import aggregate_annual_plan

    user_id = request.user.pk
    enqueue_on_commit(aggregate_annual_plan, year, triggered_by_id=user_id, trigger="manual")
    messages.success(request, _("Đã yêu cầu tổng hợp kế hoạch năm %(year)s.") % {"year": year})
    return redirect(f"{reverse('reports:plan')}?year={year}")


# --- Public list of approved proposals (no login, nothing personal) --------------------------


def _public_year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else default_plan_year() - 1


def public_list(request: HttpRequest) -> HttpResponse:
    year = _public_year(request)
    # A code or a facility's name, without diacritics (issue 14); folded by the selector.
    query = request.GET.get("q", "")[:100]
    # 50 a page in SQL, with the capped count (the year is never loaded into Python).
    page = paginate(request.GET, public_approved_rows(year, query), 50)
    page.object_list = [public_row(row) for row in page.object_list]
    querystring = urlencode({"year": year, "q": query} if query else {"year": year})
    return render(
        request,
        "reports/public_list.html",
        {"year": year, "q": query, "page": page, "querystring": querystring},
    )


PUBLIC_HEADERS = [
    "Mã hồ sơ",
    "Cơ sở",
    "Địa bàn",
    "Nội dung hoạt động",
    "Kinh phí hỗ trợ",
    "Trạng thái",
]


def public_list_csv(request: HttpRequest) -> HttpResponse:
    year = _public_year(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="de-an-duoc-phe-duyet-{year}.csv"'
    response.write("\ufeff")  # so that Excel opens the UTF-8 file with its diacritics
    writer = csv_writer(response)
    writer.writerow(PUBLIC_HEADERS)
    for row in public_approved(year):
        writer.writerow(
            [
                row["code"],
                row["facility"],
                row["locality"],
                row["activity"],
                row["approved"],
                row["state_label"],
            ]
        )
    return response


def public_list_json(request: HttpRequest) -> JsonResponse:
    year = _public_year(request)
    rows = [
        {key: row[key] for key in ("code", "facility", "locality", "activity", "approved", "state")}
        for row in public_approved(year)
    ]
    return JsonResponse(
        {"year": year, "count": len(rows), "proposals": rows},
        json_dumps_params={"ensure_ascii": False},
    )
