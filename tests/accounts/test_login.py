"""Login, logout, password change, and throttling of failed logins (django-axes)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def test_login_with_the_right_password_lands_on_the_dashboard(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "admin_a", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("workforce:dashboard")
    assert response.context["user"].username == "admin_a"


def test_wrong_password_shows_a_message_and_stays_logged_out(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "admin_a", "password": "salah"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not response.context["user"].is_authenticated


def test_five_failures_lock_the_account_for_that_address(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "admin_a", "password": "salah"})
    locked = client.post(reverse("accounts:login"), {"username": "admin_a", "password": PASSWORD})
    assert locked.status_code == 429
    assert b'data-testid="locked-out"' in locked.content
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader_a")
    client.post(reverse("accounts:logout"))
    response = client.get(reverse("workforce:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_password_change(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader_a")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Palangka-Raya-2026",
            "new_password2": "Palangka-Raya-2026",
        },
    )
    assert response.status_code == 302
    world.users["leader_a"].refresh_from_db()
    assert world.users["leader_a"].check_password("Palangka-Raya-2026")
