"""How the API knows who calls it: a personal access token or the browser session, and how
often each may call (issue 21, docs/api/README.md).

``Authorization: Bearer fms_…`` acts as the token's user, with that user's role and scope and
no CSRF token (a browser never sends the header on its own). A header that names a token we
do not accept answers 401 at once; it never falls back to the session. Without the header the
session (with its CSRF check on unsafe methods) is asked. The header's value is never logged.

Every authenticated call is counted per token, or per user for a session, in
FORMASI_API_RATE windows (formasi.core.ratelimit); over the limit the answer is 429 with
``Retry-After``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.throttling import BaseThrottle

from formasi.accounts.models import User
from formasi.accounts.token_services import Rejection, TokenRejected, authenticate_token
from formasi.core.ratelimit import hit

Check = Callable[[User], None]
"""A permission check of an operation's user: raises PermissionDenied or Http404, else None."""


def rejection_message(reason: Rejection) -> str:
    messages = {
        Rejection.UNKNOWN: _("The access token is not valid."),
        Rejection.REVOKED: _("This access token was revoked."),
        Rejection.EXPIRED: _("This access token has expired."),
        Rejection.INACTIVE: _("The account of this access token is deactivated."),
    }
    return messages[reason]


def _bearer(request: HttpRequest) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None without one."""
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _token_user(request: HttpRequest, raw: str) -> User:
    """The user a token acts as (set on the request), or HttpError 401/403."""
    try:
        token = authenticate_token(raw)
    except TokenRejected as exc:
        raise HttpError(401, rejection_message(exc.reason)) from None
    if token.user.must_change_password:
        raise HttpError(403, _("Change your temporary password first."))
    request.user = token.user
    request.access_token = token  # type: ignore[attr-defined]  # the rate limit's key
    return token.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` (a personal access token of the profile page)."""

    openapi_description = (
        "A personal access token (fms_…) made on the profile page (/akun/profil/); it acts as "
        "its user, with that user's role and scope. No CSRF token is needed."
    )

    def __init__(self, check: Check | None = None) -> None:
        super().__init__()
        self.check = check

    def __call__(self, request: HttpRequest) -> Any:
        # Not ninja's own: it logs an unexpected header's value under DEBUG.
        raw = _bearer(request)
        if raw is None:
            return None
        user = self.authenticate(request, raw)
        if self.check is not None:
            self.check(user)
        return user

    def authenticate(self, request: HttpRequest, token: str) -> User:
        return _token_user(request, token)


class ApiRateThrottle(BaseThrottle):
    """FORMASI_API_RATE per token, or per user for a session (read per request, so a changed
    setting applies at once)."""

    def __init__(self) -> None:
        self._local = threading.local()  # one throttle object serves every thread

    def allow_request(self, request: HttpRequest) -> bool:
        limit, window = settings.FORMASI_API_RATE
        token = getattr(request, "access_token", None)
        key = f"api:token:{token.pk}" if token is not None else f"api:user:{request.user.pk}"
        self._local.wait = hit(key, limit=limit, window=window)
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class SessionAuth(NinjaSessionAuth):
    """The browser session of the login page; unsafe methods need the CSRF token."""

    openapi_description = (
        "The session cookie of the login page; POST, PUT, PATCH and DELETE also need the "
        "X-CSRFToken header (the csrftoken cookie)."
    )

    def __init__(self, check: Check | None = None) -> None:
        super().__init__()
        self.check = check

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and self.check is not None:
            self.check(user)
        return user


def checked_auth(check: Check) -> list[Any]:
    """``auth=`` of an operation whose permission must be checked before ninja reads its
    parameters and body (a malformed body from a role that may not answers 403, not 422):
    the token or the session as everywhere, then ``check(user)``, which raises
    PermissionDenied (403) or Http404."""
    return [TokenAuth(check), SessionAuth(check)]


def token_or_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API's schema and docs: a token in the header, else a logged-in session (the login
    page for a browser)."""
    by_session = login_required(view)

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raw = _bearer(request)
        if raw is None:
            return by_session(request, *args, **kwargs)
        try:
            _token_user(request, raw)
        except HttpError as exc:
            return JsonResponse({"detail": str(exc)}, status=exc.status_code)
        return view(request, *args, **kwargs)

    return wrapped
