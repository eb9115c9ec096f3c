"""Login, logout and password change (Django's views with our templates)."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def locked_out(request: HttpRequest, *args: Any) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the same page for every username,
    existing or not, with the configured waiting time."""
    context = {"minutes": settings.AXES_COOLOFF_MINUTES}
    return render(request, "accounts/locked_out.html", context, status=429)
