"""The user pages (issue 16): list filters, create with an invitation, forged POSTs refused
and audited, the invitation page, password reset that reveals nothing, a temporary password
changed first, the idle timeout."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from formasi.accounts import services
from formasi.accounts.middleware import LAST_SEEN
from formasi.accounts.models import User
from formasi.core.models import AuditEvent
from tests import builders as build

GOOD_PASSWORD = "Kalimantan-Tengah-2026"


def refusals() -> int:
    return AuditEvent.objects.filter(action="formasi.user.refused").count()


def test_the_list_shows_the_agency_users_only(world: Any, client_for: Any) -> None:
    build.user("root", None, is_superuser=True)
    response = client_for("admin_a").get(reverse("accounts:user_list"))
    names = {u.username for u in response.context["page"]}
    assert names == {"admin_a", "operator_dinkes_a", "operator_other_opd_a", "leader_a"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "dinkes"}, {"operator_dinkes_a"}),
        ({"role": "leader"}, {"leader_a"}),
        ({"unit": "DISDIK"}, {"operator_other_opd_a"}),
        ({"active": "0"}, {"leader_a"}),
        # admin_a logged in to ask
        ({"login": "never"}, {"operator_dinkes_a", "operator_other_opd_a", "leader_a"}),
        ({"login": "30"}, {"admin_a"}),
    ],
)
def test_the_list_filters(
    world: Any, client_for: Any, query: dict[str, str], expected: set[str]
) -> None:
    services.deactivate_user(actor=world.users["admin_a"], user=world.users["leader_a"])
    if query.get("unit"):
        query = {"unit": str(world.disdik.pk)}
    response = client_for("admin_a").get(reverse("accounts:user_list"), query)
    assert {u.username for u in response.context["page"]} == expected


def test_creating_a_user_shows_and_mails_the_invitation(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    response = client.post(
        reverse("accounts:user_add"),
        {
            "username": "rina",
            "full_name": "Rina",
            "email": "rina@example.org",
            "role": "opd_operator",
            "unit": world.dinkes.pk,
        },
    )
    assert response.status_code == 200
    link = response.context["link"]
    assert link in mail.outbox[0].body and mail.outbox[0].to == ["rina@example.org"]
    anonymous = Client()
    path = link.split("testserver", 1)[1]
    assert anonymous.get(path).status_code == 200
    done = anonymous.post(path, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("accounts:login")
    assert anonymous.get(path).status_code == 404  # single use
    assert anonymous.login(username="rina", password=GOOD_PASSWORD)


FORGED = {
    "an evaluator": {"role": "evaluator"},
    "a unit of another agency": {"role": "opd_operator", "unit": "opd_b"},
    "a role that does not exist": {"role": "superuser"},
}


@pytest.mark.parametrize("forged", sorted(FORGED))
@pytest.mark.parametrize("page", ["add", "edit"])
def test_a_forged_post_is_refused_and_audited(
    world: Any, client_for: Any, forged: str, page: str
) -> None:
    data = {"username": "forged", "full_name": "X"} | FORGED[forged]
    if data.get("unit") == "opd_b":
        data["unit"] = world.opd_b.pk
    target = world.users["operator_dinkes_a"]
    url = (
        reverse("accounts:user_add")
        if page == "add"
        else reverse("accounts:user_edit", args=[target.pk])
    )
    before = refusals()
    response = client_for("admin_a").post(url, data)
    assert response.status_code == 403
    assert refusals() == before + 1
    assert not User.objects.filter(username="forged").exists()
    assert User.objects.get(pk=target.pk).role == "opd_operator"


@pytest.mark.parametrize("victim", ["admin_b", "evaluator_a"])
@pytest.mark.parametrize("page", ["user_edit", "user_deactivate", "user_invite"])
def test_another_agency_or_an_evaluator_by_url_is_404_and_audited(
    world: Any, client_for: Any, victim: str, page: str
) -> None:
    target = world.users[victim]
    before = refusals()
    response = client_for("admin_a").post(
        reverse(f"accounts:{page}", args=[target.pk]), {"role": "leader"}
    )
    assert response.status_code == 404
    assert refusals() == before + 1
    assert User.objects.get(pk=target.pk).is_active


def test_only_a_superuser_assigns_evaluators(world: Any, client_for: Any) -> None:
    data = {"evaluator": world.users["evaluator_a"].pk, "agency": world.agency_b.pk}
    before = refusals()
    assert client_for("admin_b").post(reverse("accounts:evaluators"), data).status_code == 403
    assert refusals() == before + 1
    root = Client()
    root.force_login(build.user("root", None, is_superuser=True))
    assert root.post(reverse("accounts:evaluators"), data).status_code == 302
    assert b'name="agency"' in root.get(reverse("accounts:evaluators")).content
    page = client_for("admin_b").get(reverse("accounts:evaluators"))
    assert [e.username for e in page.context["evaluators"]] == ["evaluator_a"]


# --- password reset, forced change, idle timeout ---------------------------------------------


def test_reset_for_an_unknown_user_answers_like_a_known_one(world: Any) -> None:
    known = world.users["leader_a"]
    known.email = "leader@example.org"
    known.save()
    answers = []
    for email in ("leader@example.org", "nobody@example.org"):
        response = Client().post(reverse("accounts:password_reset"), {"email": email}, follow=True)
        page = re.sub(rb"[A-Za-z0-9]{64}", b"<csrf>", response.content)  # masked per render
        answers.append((response.status_code, response.redirect_chain, page))
    assert answers[0] == answers[1]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["leader@example.org"]
    link = re.search(r"https?://testserver(\S+)", mail.outbox[0].body)
    assert link is not None
    client = Client()
    form = client.get(link.group(1), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    assert Client().login(username="leader_a", password=GOOD_PASSWORD)


def test_reset_requests_are_throttled_with_the_same_answer(world: Any) -> None:
    known = world.users["leader_a"]
    known.email = "leader@example.org"
    known.save()
    client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(8):
        response = client.post(reverse("accounts:password_reset"), {"email": "leader@example.org"})
        assert response.status_code == 302
        assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 5


def test_a_temporary_password_is_changed_at_first_login(world: Any) -> None:
    services.create_user(
        actor=world.users["admin_a"], username="temp", password=GOOD_PASSWORD, temporary=True,
        role="leader",
    )  # fmt: skip
    client = Client()
    assert client.login(username="temp", password=GOOD_PASSWORD)
    response = client.get(reverse("workforce:dashboard"))
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
    assert client.get(reverse("api:list_employees")).status_code == 403
    new = "Sungai-Kahayan-2026"
    changed = client.post(
        reverse("accounts:password_change"),
        {"old_password": GOOD_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    assert client.get(reverse("workforce:dashboard")).status_code == 200
    assert client.get(reverse("api:list_employees")).status_code == 200
    assert not User.objects.get(username="temp").must_change_password


@pytest.mark.parametrize("weak", ["short1", "qwertyuiop", "12345678901", "temporary"])
def test_the_password_policy(world: Any, weak: str) -> None:
    user = services.create_user(actor=None, username="temporary", password=None, role="evaluator")
    token = services.invite_user(actor=None, user=user)
    response = Client().post(
        reverse("accounts:invitation", args=[token]), {"new_password1": weak, "new_password2": weak}
    )
    assert response.status_code == 400
    assert not User.objects.get(pk=user.pk).has_usable_password()


def test_an_idle_session_ends(world: Any, client_for: Any, settings: Any) -> None:
    settings.FORMASI_SESSION_IDLE_MINUTES = 30
    client = client_for("leader_a")
    assert client.get(reverse("workforce:dashboard")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("workforce:dashboard")).status_code == 200  # and refreshed
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("workforce:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("workforce:dashboard")).status_code == 302
    api = client_for("leader_a")  # the API answers 401 (JSON), not a redirect
    session = api.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    assert api.get(reverse("api:list_employees")).status_code == 401
