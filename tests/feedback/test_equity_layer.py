"""The IKM on the equity page (feedback/equity_layer.py, registered with equity.layers): each
area's IKM over the answers of its units (the domain's ``ikm``), its grade, and the units with a
low IKM and bezetting ÷ need below 0.8 (the dashboard card's rule)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format

from formasi.domain import survey
from formasi.feedback.equity_layer import build_layer
from tests.equity.builders import add_equity_data
from tests.feedback.builders import response

pytestmark = pytest.mark.django_db


def _surveyed(world: Any) -> None:
    add_equity_data(world)  # the puskesmas: 1 nurse for a need of 3
    recent = timezone.now() - timedelta(days=30)
    response(world.puskesmas, [1] * 9, when=recent)
    response(world.school, [4] * 9, when=recent)


def _row(page: str, code: str) -> list[str]:
    found = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', page, re.S)
    assert found, code
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    ]


def test_each_area_shows_its_ikm_and_flagged_units(world: Any, client_for: Any) -> None:
    _surveyed(world)
    page = client_for("leader_a").get(reverse("equity:index")).content.decode()
    assert "IKM rendah dan beban kerja tinggi" in page
    expected = survey.ikm([[1] * 9, [4] * 9])  # Rakumpit: the puskesmas and the school
    with translation.override("id"):
        index = number_format(expected.index, decimal_pos=2)
    assert _row(page, "62.71.05")[-3:] == [index, expected.grade, "1"]
    assert _row(page, "62.71.01")[-3:] == ["–", "–", "–"]  # Pahandut: no public unit answered
    card = page.split('data-testid="equity-ikm-flagged"')[1]
    assert f'data-unit="{world.puskesmas.pk}"' in card
    assert f'data-unit="{world.school.pk}"' not in card


def test_a_district_shows_its_kelurahan(world: Any, client_for: Any) -> None:
    _surveyed(world)
    page = client_for("admin_a").get(reverse("equity:index"), {"wilayah": "62.71.05"})
    row = _row(page.content.decode(), "62.71.05.1001")  # the puskesmas stands there
    assert row[-3:][1:] == ["D", "1"]


def test_no_layer_for_anonymous_or_without_areas(world: Any) -> None:
    today = date.today()
    assert build_layer(AnonymousUser(), world.agency_a, None, ["62.71.05"], today) is None
    assert build_layer(world.users["admin_a"], world.agency_a, None, [], today) is None
