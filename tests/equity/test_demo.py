"""The demo city's equity story: the periphery (Bukit Batu, Rakumpit) is filled worse than the
centre (Pahandut, Jekan Raya) and heads the underserved list; the map has every kecamatan."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings

from formasi.demo.loader import load_demo
from formasi.equity import services

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CENTRE = ("62.71.01", "62.71.03")  # Pahandut, Jekan Raya
PERIPHERY = ("62.71.02", "62.71.05")  # Bukit Batu, Rakumpit


@pytest.fixture(scope="module")
def story(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo(seed=2026, size=6500)
        leader = get_user_model().objects.get(username="pimpinan")
        agency, region = services.resolve(leader, None)
        report = services.report(leader, agency, region)
        client = Client()
        client.force_login(leader)
        page = client.get("/pemerataan/").content.decode()
        bukit_batu = client.get("/pemerataan/", {"wilayah": "62.71.02"}).content.decode()
        snapshot = SimpleNamespace(
            level=report.level,
            fulfilment={i.code: i.fulfilment for i in report.indicators},
            underserved=[u.code for u in report.underserved],
            page=page,
            charts=_charts(page),
            bukit_batu=_charts(bukit_batu),
        )
        transaction.set_rollback(True)
    return snapshot


def _charts(page: str) -> dict:  # type: ignore[type-arg]
    found = re.search(
        r'<script id="equity-charts" type="application/json">(.*?)</script>', page, re.S
    )
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_the_periphery_is_filled_worse_than_the_centre(story: SimpleNamespace) -> None:
    assert story.level == "kecamatan"
    for edge in PERIPHERY:
        for centre in CENTRE:
            assert story.fulfilment[edge] < story.fulfilment[centre]


def test_the_periphery_heads_the_underserved_list(story: SimpleNamespace) -> None:
    assert set(story.underserved[:2]) == set(PERIPHERY)
    assert 'data-testid="underserved-card"' in story.page and "Bukit Batu:" in story.page


def test_the_map_has_the_five_districts(story: SimpleNamespace) -> None:
    assert story.charts["mode"] == "map"
    names = sorted(f["properties"]["name"] for f in story.charts["geo"]["features"])
    assert names == ["62.71.01", "62.71.02", "62.71.03", "62.71.04", "62.71.05"]
    assert all(a["lng"] and a["lat"] for a in story.charts["areas"])


def test_bukit_batu_shows_its_kelurahan(story: SimpleNamespace) -> None:
    assert story.bukit_batu["mode"] == "map"
    assert all(a["code"].startswith("62.71.02.") for a in story.bukit_batu["areas"])
    assert len(story.bukit_batu["geo"]["features"]) == len(story.bukit_batu["areas"]) > 1
