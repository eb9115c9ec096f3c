"""Pages speak Indonesian unless the user picks English; the API follows Accept-Language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World

pytestmark = pytest.mark.django_db


def test_a_browser_set_to_english_gets_indonesian_pages() -> None:
    page = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = page.content.decode()
    assert 'lang="id"' in text
    assert "Masuk ke akun Anda" in text
    assert "Log in to your account" not in text


def test_the_language_switch_chooses_english() -> None:
    client = Client()
    answer = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert answer.status_code == 302
    text = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in text
    assert "Log in to your account" in text


def test_the_api_keeps_following_accept_language(world: World, client_for: Any) -> None:
    client = client_for("admin_a")
    english = client.get("/api/v1/units?offset=-1", HTTP_ACCEPT_LANGUAGE="en").json()
    indonesian = client.get("/api/v1/units?offset=-1", HTTP_ACCEPT_LANGUAGE="id").json()
    assert indonesian["detail"] == "Data tidak valid; tidak ada yang disimpan."
    assert english["detail"] != indonesian["detail"]


def test_the_menu_labels_the_language_switch(world: World, client_for: Any) -> None:
    text = client_for("leader_a").get(reverse("workforce:dashboard")).content.decode()
    assert '<label for="language-switch"' in text
    assert ">Bahasa Indonesia</option>" in text
    assert ">English</option>" in text
