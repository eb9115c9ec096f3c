"""The JSON API, mounted at /api/v1/; each app contributes a router from its api.py.

Authentication is a personal access token (``Authorization: Bearer fms_…``, made on the profile
page) or the session (login page; unsafe methods need the CSRF token); each token or session
user has FORMASI_API_RATE requests per window (429 with Retry-After beyond; see
formasi.accounts.api_auth and docs/api/README.md). Every error has
the same shape (``formasi.core.api.ErrorOut``): {"detail": "...", "errors": {"field": ["message",
...]}} (errors optional) — parameter and body validation, 404, CSRF, 412/428 and unexpected
exceptions (500, logged, never their text) alike.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.openapi.schema import OpenAPISchema

from formasi.accounts.api_auth import (
    ApiRateThrottle,
    SessionAuth,
    TokenAuth,
    token_or_login_required,
)
from formasi.core.api import status_message
from formasi.workforce.services import StaleEditError

logger = logging.getLogger(__name__)


class FormasiAPI(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._schemas: dict[str, OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Ninja's document, with the ``Retry-After`` header of every 429 answer; built once per
        process and path prefix (seconds of work; the routes do not change after start-up)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            self._schemas[path_prefix] = self._build_schema(path_prefix)
        return self._schemas[path_prefix]

    def _build_schema(self, path_prefix: str) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        retry_after = {
            "description": "Seconds until the rate limit window (FORMASI_API_RATE) ends",
            "schema": {"type": "integer", "minimum": 1},
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                too_many = operation.get("responses", {}).get(429)
                if too_many is not None:
                    too_many["headers"] = {"Retry-After": retry_after}
        return schema


# The docs (Swagger UI from ninja's own static files, no CDN) and the schema need a login or a
# token; the docs' Authorize button takes a token (the session works without it).
# validatorUrl None: no badge image fetched from swagger.io.
api = FormasiAPI(
    title="Formasi API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    throttle=ApiRateThrottle(),
    docs_url="/docs",
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=token_or_login_required,
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("Your role may not do this.")}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": _("Log in first.")}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own (unparsable body, CSRF) are worded here; ours carry their message."""
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        detail = _("The request body is not valid JSON.")
    elif exc.status_code == 403 and str(exc) == "CSRF check Failed":
        detail = _("The CSRF token is missing or wrong; load the page again and retry.")
    elif exc.status_code == 429:
        detail = status_message(429)
    else:
        detail = str(exc) or status_message(exc.status_code)
    response = api.create_response(request, {"detail": detail}, status=exc.status_code)
    if exc.status_code == 401:  # a token we do not accept (formasi.accounts.api_auth)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(StaleEditError)
def _stale(request: HttpRequest, exc: StaleEditError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=412)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request,
        {"detail": _("The data is not valid; nothing was saved."), "errors": errors},
        status=422,
    )


@api.exception_handler(RequestValidationError)
def _request_invalid(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
    """Parameters or body that do not fit the schema: the same shape as the services' errors."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        # loc is (path|query, field, ...) or (body, parameter name, field, ...).
        fields = loc[2:] if loc[:1] == ["body"] else loc[1:]
        field = ".".join(fields) or "__all__"
        errors.setdefault(field, []).append(_pydantic_message(error))
    return api.create_response(
        request,
        {"detail": _("The data is not valid; nothing was saved."), "errors": errors},
        status=422,
    )


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Logged with its traceback; the user gets a generic message, never the exception text."""
    logger.exception("API %s %s failed", request.method, request.path)
    return api.create_response(request, {"detail": status_message(500)}, status=500)


def _pydantic_message(error: dict[str, Any]) -> str:
    """An Indonesian message for a pydantic error (its English ``msg`` is for developers)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("less_than_equal", "less_than"):
        return _("The value must be at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in ("greater_than_equal", "greater_than"):
        return _("The value must be at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("string_too_long", "too_long"):
        return _("At most %(limit)s characters or items.") % {"limit": ctx.get("max_length")}
    if kind in ("string_too_short", "too_short"):
        return _("At least %(limit)s characters or items.") % {"limit": ctx.get("min_length")}
    if kind.startswith("int_") or kind in ("float_parsing", "float_type", "finite_number"):
        return _("Enter a number.")
    if kind.startswith("decimal_"):
        return _("Enter a number with at most the allowed digits.")
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a date as YYYY-MM-DD.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith("bool_"):
        return _("Enter true or false.")
    if kind == "value_error" and isinstance(ctx.get("error"), Exception):
        return str(ctx["error"])
    return _("This value is not valid.")


def _register() -> None:
    from formasi.accounts.api import router as accounts_router
    from formasi.equity.api import router as equity_router
    from formasi.feedback.api import router as feedback_router
    from formasi.organization.api import router as organization_router
    from formasi.placement.api import router as placement_router
    from formasi.planning.api import router as planning_router
    from formasi.proposals.api import router as proposals_router
    from formasi.talent.api import router as talent_router
    from formasi.training.api import router as training_router
    from formasi.transfer.api import router as transfer_router
    from formasi.workforce.api import router as workforce_router
    from formasi.workload.api import router as workload_router

    api.add_router("/", organization_router)
    api.add_router("/", workforce_router)
    api.add_router("/", workload_router)
    api.add_router("/", planning_router)
    api.add_router("/", equity_router)
    api.add_router("/", placement_router)
    api.add_router("/", talent_router)
    api.add_router("/", training_router)
    api.add_router("/", feedback_router)
    api.add_router("/", accounts_router)
    api.add_router("/", proposals_router)
    api.add_router("/", transfer_router)


_register()
