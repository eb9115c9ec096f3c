"""Forms of the user pages: choices narrowed to what the acting admin may give; saving goes
through accounts.services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from formasi.accounts.models import AGENCY_ROLES, User
from formasi.accounts.services import password_changed
from formasi.core.blank_choice import ALL, word_blank_choices
from formasi.core.permissions import Action, Role
from formasi.organization.models import OrgUnit

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

ACTIVE_CHOICES = [("", _("All")), ("1", _("Active")), ("0", _("Inactive"))]
LOGIN_CHOICES = [
    ("", _("Any time")),
    ("never", _("Never logged in")),
    ("30", _("In the last 30 days")),
    ("old", _("Not in the last 90 days")),
]


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


def _units(actor: AnyUser) -> Any:
    return (
        OrgUnit.objects.visible_to(actor, Action.CHANGE, resource="user")
        .select_related("agency")
        .order_by("agency__name", "path")
    )


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    unit = forms.ModelChoiceField(label=_("OPD"), queryset=OrgUnit.unscoped.none(), required=False)
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)
    login = forms.ChoiceField(label=_("Last login"), choices=LOGIN_CHOICES, required=False)

    def __init__(self, *args: Any, actor: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [("", _("All")), *Role.choices]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = _units(actor).filter(parent__isnull=True)
        word_blank_choices(self.fields.values(), ALL)
        _styled(self)


class UserForm(forms.Form):
    """Create (username, optional temporary password) or change (role, OPD, name, e-mail)."""

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(
        label=_("OPD"),
        queryset=OrgUnit.unscoped.none(),
        required=False,
        help_text=_("For OPD operators: the unit (with its sub-units) they keep."),
    )
    temporary_password = forms.CharField(
        label=_("Temporary password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Leave empty to send an invitation link instead. A temporary password must be "
            "changed at the first login."
        ),
    )

    def __init__(self, *args: Any, actor: AnyUser, instance: User | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.instance = instance
        roles = Role.choices if actor.is_superuser else [
            (value, label) for value, label in Role.choices if value in AGENCY_ROLES
        ]  # fmt: skip
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = roles
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = _units(actor)
        if instance is not None:
            del self.fields["username"], self.fields["temporary_password"]
            self.initial.update(
                full_name=instance.first_name,
                email=instance.email,
                role=instance.role,
                unit=instance.org_unit_id,
            )
        word_blank_choices(self.fields.values())
        _styled(self)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("role") == Role.OPD_OPERATOR and not data.get("unit"):
            self.add_error("unit", _("An OPD operator needs a work unit."))
        password = data.get("temporary_password")
        if password:
            try:
                validate_password(password, User(username=data.get("username", "")))
            except forms.ValidationError as exc:
                self.add_error("temporary_password", exc)
        return data


class OwnPasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's password change; a temporary password is no longer flagged afterwards."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        password_changed(actor=user)
        return user


class OwnSetPasswordForm(auth_forms.SetPasswordForm):
    """The password reset's new password (Django's form), through the same flag reset."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        password_changed(actor=user)
        return user


class InvitationForm(auth_forms.SetPasswordForm):
    """The invited person chooses their password (the page accepts the invitation with it)."""


TOKEN_EXPIRY_CHOICES = [
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In one year")),
    ("", _("Never (until revoked)")),
]


class TokenForm(forms.Form):
    """A new personal access token of the profile page (saved by token_services.create_token)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. SIASN sync."),
    )
    expires = forms.ChoiceField(
        label=_("Expires"), choices=TOKEN_EXPIRY_CHOICES, initial="90", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
