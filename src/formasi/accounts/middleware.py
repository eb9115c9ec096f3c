"""Session rules of issue 16: an idle session ends; a temporary password must be changed."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN = "formasi_last_seen"
# The stamp is refreshed at most this often (seconds), so most requests write no session.
REFRESH_SECONDS = 60


def stamp_login(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """user_logged_in receiver: the session starts as just seen."""
    if hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class IdleTimeoutMiddleware:
    """A logged-in session unused for FORMASI_SESSION_IDLE_MINUTES is logged out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN)
            if seen is not None and now - seen > settings.FORMASI_SESSION_IDLE_MINUTES * 60:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # anonymous now: the API answers 401
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if seen is None or now - seen >= REFRESH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """A user with a temporary password sees only the password change page (and can log out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request.user, "must_change_password", False):
            allowed = (
                reverse("accounts:password_change"),
                reverse("accounts:password_change_done"),
                reverse("accounts:logout"),
                settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/",
                reverse("set_language"),
            )
            if request.path.startswith("/api/"):
                detail = _("Change your temporary password first.")
                return JsonResponse({"detail": detail}, status=403)
            if not request.path.startswith(allowed):
                return redirect("accounts:password_change")
        return self.get_response(request)
