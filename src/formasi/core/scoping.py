"""Tenant scope in the data layer: `Model.objects.visible_to(user, action)`.

Every agency-owned model uses `ScopedQuerySet`. Scope rules:
- superuser: everything;
- admin and leader: rows of their own agency (instansi);
- opd_operator: rows of their agency inside their OPD subtree (models that name a unit);
  agency-wide master data (positions) is readable;
- evaluator: rows of the agencies assigned to them.

During a request, `Model.objects` refuses to build a queryset that did not go through
`visible_to` (django-scopes style), so a view cannot forget the scope. Services that must read
across scope say so explicitly with `Model.unscoped`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, ClassVar, Self

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse

from formasi.core.permissions import Action, Role, can, logged_in, role_of

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

_guard_active: ContextVar[bool] = ContextVar("formasi_scope_guard", default=False)


class UnscopedQueryError(RuntimeError):
    """A scoped model was queried in request code without `visible_to`."""


@contextmanager
def scope_guard(active: bool = True) -> Iterator[None]:
    token = _guard_active.set(active)
    try:
        yield
    finally:
        _guard_active.reset(token)


class ScopeGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with scope_guard(True):
            return self.get_response(request)


class ScopedQuerySet(models.QuerySet):
    """Subclasses name the lookups that lead to the agency and (optionally) the unit path."""

    resource: ClassVar[str] = ""
    agency_field: ClassVar[str] = "agency"
    # Lookup to the materialised path of the unit a row belongs to; None = agency-wide row.
    unit_path_field: ClassVar[str | None] = None
    # Further foreign keys that decide where a row sits in the scope (a unit's parent).
    extra_scope_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def scope_fields(cls) -> frozenset[str]:
        """The foreign keys whose value places a row in the scope (its agency, its unit):
        choosing one moves the row, so forms offer only places the user may change."""
        names = {cls.agency_field.split("__")[0], *cls.extra_scope_fields}
        if cls.unit_path_field and "__" in cls.unit_path_field:
            names.add(cls.unit_path_field.split("__")[0])
        return frozenset(names)

    def visible_to(
        self, user: AnyUser | None, action: Action | str = Action.VIEW, *, resource: str = ""
    ) -> Self:
        """Rows ``user`` may take ``action`` on. ``resource`` asks on behalf of another kind
        of row that sits in these: ``OrgUnit.objects.visible_to(op, CHANGE, resource="need")``
        are the units where the operator may change needs (a need's unit choices)."""
        if not logged_in(user) or not can(user, action, resource or self.resource):
            return self.none()
        if user.is_superuser:
            return self.all()
        role = role_of(user)
        if role == Role.EVALUATOR:
            ids = list(user.assigned_agencies.values_list("pk", flat=True))
            return self.filter(**{f"{self.agency_field}__in": ids})
        if user.agency_id is None:
            return self.none()
        qs = self.filter(**{self.agency_field: user.agency_id})
        if role == Role.OPD_OPERATOR and self.unit_path_field is not None:
            unit = user.org_unit
            if unit is None:
                return self.none()
            qs = qs.filter(**{f"{self.unit_path_field}__startswith": unit.path})
        return qs


class ScopedManager(models.Manager):
    """`objects` for scoped models: only `visible_to` may start a query inside a request."""

    # Set by `from_queryset(...)`; every scoped model builds its manager from its queryset.
    _queryset_class: type[ScopedQuerySet]

    def get_queryset(self) -> models.QuerySet:
        if _guard_active.get():
            raise UnscopedQueryError(
                f"{self.model.__name__}.objects used without visible_to() inside a request; "
                f"use {self.model.__name__}.objects.visible_to(user, action) "
                f"or {self.model.__name__}.unscoped in a service."
            )
        return super().get_queryset()

    def visible_to(
        self, user: AnyUser | None, action: Action | str = Action.VIEW, *, resource: str = ""
    ) -> models.QuerySet:
        qs = self._queryset_class(model=self.model, using=self._db)
        return qs.visible_to(user, action, resource=resource)


def ensure_visible(
    obj: models.Model, actor: AnyUser | None, action: Action | str, message: str
) -> None:
    """NetBox's PermissionsViolation check, for services: after a write and inside its
    transaction, the row must still be one the actor may take ``action`` on; otherwise
    PermissionDenied (with ``message``) rolls the write back."""
    manager = type(obj)._default_manager
    if not manager.visible_to(actor, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(message)
