"""Login, logout, password change, and throttling of failed logins (django-axes)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests import builders as build


def test_login_with_the_right_password_lands_on_the_dashboard(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "admin_a", "password": build.PASSWORD}, follow=True
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
    locked = client.post(
        reverse("accounts:login"), {"username": "admin_a", "password": build.PASSWORD}
    )
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
            "old_password": build.PASSWORD,
            "new_password1": "Palangka-Raya-2026",
            "new_password2": "Palangka-Raya-2026",
        },
    )
    assert response.status_code == 302
    world.users["leader_a"].refresh_from_db()
    assert world.users["leader_a"].check_password("Palangka-Raya-2026")


def _fail_from_many_addresses(username: str, count: int) -> None:
    for attempt in range(count):
        Client(REMOTE_ADDR=f"10.1.0.{attempt + 1}").post(
            reverse("accounts:login"), {"username": username, "password": "salah"}
        )


def test_ten_failures_from_ten_addresses_lock_the_username(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True
    _fail_from_many_addresses("admin_a", 10)
    # The right password from yet another address is refused while the lock lasts.
    client = Client(REMOTE_ADDR="10.2.0.1")
    locked = client.post(
        reverse("accounts:login"), {"username": "admin_a", "password": build.PASSWORD}
    )
    assert locked.status_code == 429
    assert b'data-testid="locked-out"' in locked.content
    assert "_auth_user_id" not in client.session
    # Other users are not locked by it.
    other = Client(REMOTE_ADDR="10.2.0.1")
    response = other.post(
        reverse("accounts:login"), {"username": "leader_a", "password": build.PASSWORD}
    )
    assert response.status_code == 302


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', rb"\1", content)


def test_an_unknown_username_is_locked_out_exactly_like_a_known_one(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True
    answers = {}
    for username in ("admin_a", "tidak.ada"):
        _fail_from_many_addresses(username, settings.AXES_FAILURE_LIMIT)
        answers[username] = Client(REMOTE_ADDR="10.3.0.1").post(
            reverse("accounts:login"), {"username": username, "password": "salah"}
        )
    known, unknown = answers["admin_a"], answers["tidak.ada"]
    assert known.status_code == unknown.status_code == 429
    assert b'data-testid="locked-out"' in known.content
    assert _without_csrf(known.content) == _without_csrf(unknown.content)


def test_the_lockout_page_names_the_configured_wait_and_not_the_username(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True
    settings.AXES_COOLOFF_MINUTES = 30
    settings.AXES_COOLOFF_TIME = 0.5  # hours, what axes itself reads
    _fail_from_many_addresses("admin_a", settings.AXES_FAILURE_LIMIT)
    locked = Client(REMOTE_ADDR="10.4.0.1").post(
        reverse("accounts:login"), {"username": "admin_a", "password": build.PASSWORD}
    )
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Tunggu 30 menit" in text
    assert "admin_a" not in text
