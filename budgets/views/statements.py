from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from budgets.forms import StatementForm
from budgets.models import StatementImport, StatementLine
from budgets.permissions import can_import_statement, can_view_budget
from budgets.selectors import default_year
from budgets.statements import StatementError, statement_import
from budgets.views.common import require


@login_required
def statement_list(request: HttpRequest) -> HttpResponse:
    """Upload a Finance statement (POST, Finance) and the list of earlier imports."""
    require(can_view_budget(request.user))
    form = StatementForm(initial={"plan_year": default_year()})
    errors: list[str] = []
    if request.method == "POST":
        require(can_import_statement(request.user))
        form = StatementForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                statement = statement_import(
                    plan_year=form.cleaned_data["plan_year"],
                    file_name=upload.name,
                    content=upload.read(),
                    actor=request.user,
                )
            except StatementError as exc:
                form.add_error(None, exc.message)
                errors = exc.errors
            else:
                messages.success(request, _("Đã nhập bảng kê và đối chiếu."))
                return redirect("budgets:statement_detail", statement.pk)
    statements = StatementImport.objects.select_related("uploaded_by").annotate(
        mismatched=Count("lines", filter=~_matched())
    )
    return render(
        request,
        "budgets/statement_list.html",
        {
            "form": form,
            "errors": errors,
            "statements": statements,
            "can_import": can_import_statement(request.user)[0],
        },
        status=400 if form.errors else 200,
    )


def _matched():
    from django.db.models import Q

    return Q(lines__outcome=StatementLine.Outcome.MATCHED)


@login_required
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_view_budget(request.user))
    statement = get_object_or_404(StatementImport.objects.select_related("uploaded_by"), pk=pk)
    lines = statement.lines.select_related("disbursement__allocation__proposal")
    outcome = request.GET.get("outcome", "")
    if outcome in StatementLine.Outcome.values:
        lines = lines.filter(outcome=outcome)
    counts = dict(statement.lines.values_list("outcome").annotate(n=Count("id")).order_by())
    summary = [
        (value, label, counts.get(value, 0)) for value, label in StatementLine.Outcome.choices
    ]
    return render(
        request,
        "budgets/statement_detail.html",
        {"statement": statement, "lines": lines, "summary": summary, "outcome": outcome},
    )
