from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator

from govsocial.core.access import EDITOR, LEAD

WRITERS = (LEAD, EDITOR)


def role(request: Any) -> str:
    return request.membership.role


def can_write(request: Any) -> bool:
    return role(request) in WRITERS


def page_number(request: Any) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


__all__ = ["Paginator", "WRITERS", "can_write", "page_number", "role"]
