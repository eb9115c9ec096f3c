from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from formasi.accounts.models import AccessToken, User
from formasi.accounts.token_services import revoke_token
from formasi.core.admin import SuperuserReadOnlyAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "agency", "org_unit", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            _("Role and scope"),
            {"fields": ("role", "evaluator_body", "agency", "org_unit", "assigned_agencies")},
        ),
    )

    # Only superusers manage accounts for now; agency admins get a scoped user page later.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(AccessToken)
class AccessTokenAdmin(SuperuserReadOnlyAdmin):
    """Superusers only, read-only (the hash is never shown; a token is made by its user on the
    profile page); the one write is revoking, through token_services.revoke_token."""

    list_display = ["prefix", "name", "user", "created_at", "expires_at", "last_used", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[AccessToken]) -> None:
        if not request.user.is_superuser:  # has_module_permission already refuses others
            return
        tokens = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for token in tokens:
            revoke_token(actor=request.user, token=token)  # type: ignore[arg-type]
        self.message_user(
            request, _("%(count)d tokens revoked.") % {"count": len(tokens)}, messages.SUCCESS
        )
