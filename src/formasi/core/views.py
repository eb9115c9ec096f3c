"""Small shared pieces for views: scoped object lookup and permission checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext as _

from formasi.core.permissions import Action, can

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

M = TypeVar("M", bound=Model)


def get_visible_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    """Out of scope is 404: the row's existence is not revealed."""
    try:
        return model.objects.visible_to(user, Action.VIEW).get(**lookup)  # type: ignore[attr-defined, no-any-return]
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404(_("Not found.")) from exc


def require(user: AnyUser | None, action: Action | str, resource: str) -> None:
    """Read-only is 403."""
    if not can(user, action, resource):
        raise PermissionDenied(_("Your role may not do this."))
