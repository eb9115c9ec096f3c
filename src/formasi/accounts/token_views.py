"""The profile page: who one is, and one's personal access tokens for the API (issue 21).

Every signed-in user has it, whatever their role: a token acts as its user, so it can do no
more than the user. A new token's secret is shown once, in the answer to the POST that made it
(never kept in the session or a message); the page lists tokens by name and prefix only.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from formasi.accounts.forms import TokenForm
from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.accounts.models import AccessToken
from formasi.accounts.token_services import create_token, revoke_token


def _page(
    request: AuthenticatedHttpRequest, form: TokenForm, *, secret: str = "", status: int = 200
) -> HttpResponse:
    tokens = AccessToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    context = {"form": form, "tokens": tokens, "secret": secret, "now": timezone.now()}
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET shows the profile; POST makes a token and shows its secret this once."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        days = form.cleaned_data["expires"]
        expires_at = timezone.now() + timedelta(days=int(days)) if days else None
        try:
            token, secret = create_token(
                actor=request.user, name=form.cleaned_data["name"], expires_at=expires_at
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Token {name} created.").format(name=token.name))
            return _page(request, TokenForm(), secret=secret)
    return _page(request, form, status=400)


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One's own token only: another user's answers 404."""
    token = get_object_or_404(AccessToken, pk=pk, user=request.user)
    revoke_token(actor=request.user, token=token)
    messages.success(request, _("Token {name} revoked.").format(name=token.name))
    return redirect("accounts:profile")
