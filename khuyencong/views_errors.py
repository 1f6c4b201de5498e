"""Error pages in the portal's layout and language (Django's defaults are bare English).

The 500 page is a static template (``templates/500.html``): when the server fails, nothing that
could fail again (database, context processors) is used to tell the user.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request: HttpRequest, *, status: int, title: str, text: str) -> HttpResponse:
    context = {"error_code": status, "error_title": title, "error_text": text}
    return render(request, "errors/page.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        status=400,
        title=_("Yêu cầu không hợp lệ"),
        text=_(
            "Máy chủ không hiểu yêu cầu vừa gửi, nên không có gì thay đổi. Hãy tải lại trang "
            "và thử lại; nếu lỗi lặp lại, hãy liên hệ bộ phận hỗ trợ."
        ),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        status=403,
        title=_("Không có quyền thực hiện"),
        text=_(
            "Tài khoản của bạn không được xem trang này hoặc thực hiện thao tác này. Nếu bạn "
            "cho rằng đây là nhầm lẫn, hãy liên hệ quản trị viên."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        status=404,
        title=_("Không tìm thấy trang"),
        text=_(
            "Trang hoặc hồ sơ bạn tìm không tồn tại, đã được chuyển đi, hoặc bạn không có "
            "quyền xem."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        status=403,
        title=_("Phiên làm việc đã hết hạn"),
        text=_(
            "Biểu mẫu đã mở quá lâu hoặc trình duyệt chặn cookie, nên thao tác chưa được "
            "thực hiện và không có gì thay đổi. Hãy tải lại trang rồi gửi lại."
        ),
    )
