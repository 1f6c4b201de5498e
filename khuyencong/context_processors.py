from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from khuyencong.localities import has_intermediate_review, intermediate_name


def portal(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        "INTERMEDIATE_LEVEL_NAME": intermediate_name(),
        "HAS_INTERMEDIATE_REVIEW": has_intermediate_review(),
        "PROVINCE_NAME": settings.PROVINCE_NAME,
        "DEPARTMENT_NAME": settings.DEPARTMENT_NAME,
        "unread_notifications": unread,
    }
