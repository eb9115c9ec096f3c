"""The JSON API, mounted at /api/v1/; each app contributes a router from its api.py.

Authentication is the session (login page); unsafe methods need the CSRF token. Every error has
the same shape: {"detail": "...", "errors": {"field": ["message", ...]}} (errors optional).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from formasi.workforce.services import StaleEditError

# The docs (Swagger UI from ninja's own static files, no CDN) and the schema need a login.
# validatorUrl None: no badge image fetched from swagger.io.
api = NinjaAPI(
    title="Formasi API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=login_required,
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("Your role may not do this.")}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Log in first.")}, status=401)


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


def _register() -> None:
    from formasi.equity.api import router as equity_router
    from formasi.organization.api import router as organization_router
    from formasi.placement.api import router as placement_router
    from formasi.planning.api import router as planning_router
    from formasi.workforce.api import router as workforce_router

    api.add_router("/", organization_router)
    api.add_router("/", workforce_router)
    api.add_router("/", planning_router)
    api.add_router("/", equity_router)
    api.add_router("/", placement_router)


_register()
