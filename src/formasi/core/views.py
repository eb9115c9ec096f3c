"""Small shared pieces for views: scoped object lookup and permission checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from formasi.core.permissions import Action, ScopedUser, can, logged_in

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

M = TypeVar("M", bound=Model)


def get_visible_or_404(model: type[M], user: AnyUser | None, **lookup: Any) -> M:
    """Out of scope is 404: the row's existence is not revealed."""
    try:
        return model.objects.visible_to(user, Action.VIEW).get(**lookup)  # type: ignore[attr-defined, no-any-return]
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404(_("Not found.")) from exc


def require(user: AnyUser | None, action: Action | str, resource: str) -> None:
    """Read-only is 403."""
    if not can(user, action, resource):
        raise PermissionDenied(_("Your role may not do this."))


def acting_user(request: HttpRequest) -> ScopedUser:
    """The logged-in user behind a request that must have one (pages behind login, the admin);
    403 for anyone else. Apps above accounts use `accounts.http.request_user` for the model."""
    if not logged_in(request.user):
        raise PermissionDenied(_("Your role may not do this."))
    return request.user
