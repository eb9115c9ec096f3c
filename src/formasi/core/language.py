"""Pages speak Indonesian unless the user picks English.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a browser set to
English got an English UI although Indonesian is the documented default. This middleware runs
before it and drops that header for pages; the language switch (a cookie) still chooses, and
the API under /api/ keeps honouring Accept-Language, which programs set on purpose.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

API_PREFIX = "/api/"


class DefaultLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
