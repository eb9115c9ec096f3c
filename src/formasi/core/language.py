"""Pages speak Indonesian unless the user picks English.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a browser set to
English got an English UI although Indonesian is the documented default. This middleware runs
before it and drops that header for pages; the language switch (a cookie) still chooses, and
the API under /api/ keeps honouring Accept-Language, which programs set on purpose.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
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


@contextmanager
def command_language() -> Iterator[None]:
    """Commands speak Indonesian, unless the LANGUAGE environment variable names another
    language Formasi has (``LANGUAGE=en`` or ``en_US:en``)."""
    from django.utils import translation

    available = {code for code, _name in settings.LANGUAGES}
    chosen = "id"
    for item in os.environ.get("LANGUAGE", "").split(":"):
        code = item.split(".")[0].split("_")[0].split("-")[0].lower()
        if code in available:
            chosen = code
            break
    with translation.override(chosen):
        yield
