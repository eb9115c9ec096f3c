"""The bell in the navigation (issue 18, part 9): the number of the user's unread proposal
notifications. Registered in settings (``TEMPLATES``); the count is a callable the template
calls once, so a response that renders no page (an export, the API) runs no query."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from formasi.proposals.notifications import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_unread_notifications": cache(lambda: unread_count(user))}
