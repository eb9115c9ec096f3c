"""HTTP hardening that every response shares: no caching of signed-in pages, quiet 4xx logs."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Pages, exports and API answers hold personal data: neither a shared proxy nor the browser's
    disk cache may keep them (a shared office PC, the back button after logging out). Static
    files never reach this middleware (WhiteNoise answers them first) and anonymous pages (the
    login page) keep their headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class OneLineClientErrors(logging.Filter):
    """Drop the traceback from log records of expected client errors (403, 404, 400).

    Django logs a PermissionDenied with its full traceback; a probe of a few hundred URLs then
    writes megabytes. The one-line message (status, path) stays; a server error (500) keeps
    its traceback.
    """

    _EXPECTED = (PermissionDenied, Http404, SuspiciousOperation)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            exc = record.exc_info[1]
            status = getattr(record, "status_code", None)
            if isinstance(exc, self._EXPECTED) or (isinstance(status, int) and status < 500):
                record.exc_info = None
                record.exc_text = None
        return True
