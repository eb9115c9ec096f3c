"""Login, logout, passwords (Django's views with our templates), invitations, and the agency
admin's user pages (issue 16); every write goes through accounts.services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from formasi.accounts.forms import (
    InvitationForm,
    OwnPasswordChangeForm,
    OwnSetPasswordForm,
    UserFilterForm,
    UserForm,
)
from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.accounts.models import User
from formasi.accounts.services import (
    ManagementRefused,
    accept_invitation,
    assign_evaluator,
    audit_refusal,
    change_user,
    check_may_assign_evaluators,
    create_user,
    deactivate_user,
    invite_user,
    invited_user,
    mail_invitation,
    manageable_user,
    reactivate_user,
    unassign_evaluator,
)
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.organization.models import Agency


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def locked_out(request: HttpRequest, *args: Any) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the same page for every username,
    existing or not, with the configured waiting time."""
    context = {"minutes": settings.AXES_COOLOFF_MINUTES}
    return render(request, "accounts/locked_out.html", context, status=429)


# --- Users of the agency (issue 16) -------------------------------------------------------


def _manageable(request: AuthenticatedHttpRequest, pk: int, action: Action) -> User:
    """A user the actor may see (404 otherwise, audited when the account exists); 403 when
    they may not take ``action``."""
    return manageable_user(request.user, pk, action, attempted=request.method or "")


def _forged(request: AuthenticatedHttpRequest, form: UserForm, target: User | None) -> bool:
    """A role or unit the form never offered (a forged POST): audited, then 403."""
    if any(form.has_error(name, "invalid_choice") for name in ("role", "unit")):
        attempted = "change" if target else "create"
        audit_refusal(request.user, "forged", target=target, attempted=attempted)
        return True
    return False


def _filtered(actor: User, form: UserFilterForm) -> QuerySet[User]:
    users = User.objects.visible_to(actor, Action.VIEW).select_related("agency", "org_unit")
    if not form.is_valid():
        return users.order_by("username")
    data = form.cleaned_data
    if data["q"]:
        q = data["q"]
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(email__icontains=q)
        )
    if data["role"]:
        users = users.filter(role=data["role"])
    if data["unit"]:
        users = users.filter(org_unit__path__startswith=data["unit"].path)
    if data["active"]:
        users = users.filter(is_active=data["active"] == "1")
    now = timezone.now()
    if data["login"] == "never":
        users = users.filter(last_login__isnull=True)
    elif data["login"] == "30":
        users = users.filter(last_login__gte=now - timedelta(days=30))
    elif data["login"] == "old":
        users = users.filter(Q(last_login__lt=now - timedelta(days=90)) | Q(last_login=None))
    return users.order_by("username")


@login_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "user")
    form = UserFilterForm(request.GET or None, actor=request.user)
    page = Paginator(_filtered(request.user, form), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_add": True},
    )


def _invitation_link(request: HttpRequest, user: User, token: str) -> str:
    """The absolute link of an invitation; mailed when the user has an e-mail address."""
    link = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
    mail_invitation(user=user, link=link)
    return link


def _invited(request: HttpRequest, user: User, token: str) -> HttpResponse:
    context = {
        "target": user,
        "link": _invitation_link(request, user, token),
        "days": settings.FORMASI_INVITATION_DAYS,
    }
    return render(request, "accounts/user_invited.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, "user")
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and _forged(request, form, None):
        raise ManagementRefused(_("You may not manage this account."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = create_user(
                actor=request.user,
                username=data["username"],
                password=data["temporary_password"] or None,
                temporary=bool(data["temporary_password"]),
                role=data["role"],
                unit=data["unit"],
                full_name=data["full_name"],
                email=data["email"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if data["temporary_password"]:
                messages.success(request, _("User {name} created.").format(name=user.username))
                return redirect("accounts:user_list")
            return _invited(request, user, invite_user(actor=request.user, user=user))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/user_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = _manageable(request, pk, Action.CHANGE)
    form = UserForm(request.POST or None, actor=request.user, instance=target)
    if request.method == "POST" and _forged(request, form, target):
        raise ManagementRefused(_("You may not manage this account."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_user(
                actor=request.user,
                user=target,
                role=data["role"],
                unit=data["unit"],
                full_name=data["full_name"],
                email=data["email"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("User {name} saved.").format(name=target.username))
            return redirect("accounts:user_list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "target": target}
    return render(request, "accounts/user_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deactivates and ends the user's sessions."""
    target = _manageable(request, pk, Action.CHANGE)
    if request.method == "POST":
        deactivate_user(actor=request.user, user=target)
        messages.success(
            request, _("User {name} deactivated; their sessions ended.").format(name=target)
        )
        return redirect("accounts:user_list")
    return render(request, "accounts/user_deactivate.html", {"target": target})


@login_required
@require_POST
def user_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = _manageable(request, pk, Action.CHANGE)
    reactivate_user(actor=request.user, user=target)
    messages.success(request, _("User {name} reactivated.").format(name=target.username))
    return redirect("accounts:user_list")


@login_required
@require_POST
def user_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = _manageable(request, pk, Action.CHANGE)
    return _invited(request, target, invite_user(actor=request.user, user=target))


@login_required
@require_http_methods(["GET", "POST"])
def evaluators(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who may evaluate the agency (its admin reads); a superuser assigns and unassigns."""
    actor = request.user
    if not actor.is_superuser:
        require(actor, Action.VIEW, "user")
    if request.method == "POST":
        check_may_assign_evaluators(actor, attempted="assign")
        evaluator = get_object_or_404(User, pk=request.POST.get("evaluator"), role="evaluator")
        agency = get_object_or_404(Agency.objects.visible_to(actor), pk=request.POST.get("agency"))
        change = unassign_evaluator if request.POST.get("remove") else assign_evaluator
        change(actor=actor, evaluator=evaluator, agency=agency)
        return redirect("accounts:evaluators")
    found = User.objects.filter(role="evaluator", is_active=True).prefetch_related(
        "assigned_agencies"
    )
    if not actor.is_superuser:
        found = found.filter(assigned_agencies=actor.agency_id)
    context = {
        "evaluators": found.order_by("username"),
        "agencies": Agency.objects.visible_to(actor).order_by("name") if actor.is_superuser else [],
    }
    return render(request, "accounts/evaluators.html", context)


# --- Invitations and password reset (anonymous) ----------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person sets their password, then logs in."""
    user = invited_user(token)
    if user is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accept_invitation(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your password is set. Log in with it."))
            return redirect("accounts:login")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/invitation.html", {"form": form}, status=status)


RESET_LIMIT = 5  # reset requests per address and per e-mail in RESET_WINDOW seconds
RESET_WINDOW = 15 * 60


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the same answer whether or not the address has an account; a few
    requests per address and per e-mail in 15 minutes, then mail stops (same answer)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].lower()
        keys = [f"reset:ip:{request_address(self.request)}", f"reset:mail:{email}"]
        counts = [cache.get_or_set(key, 0, RESET_WINDOW) or 0 for key in keys]
        if max(counts) >= RESET_LIMIT:
            return redirect(self.success_url)
        for key in keys:
            cache.incr(key)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = OwnSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def request_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))
