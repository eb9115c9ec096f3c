"""The request of a logged-in user, typed with the user model."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from formasi.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required`: its user is an `accounts.User` (for annotations;
    the object is Django's own request). `htmx` is what `HtmxMiddleware` sets on every request."""

    user: User
    htmx: HtmxDetails


def request_user(request: HttpRequest) -> User:
    """The logged-in user of a request that must have one; 403 for anyone else."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(_("Your role may not do this."))
    return user
