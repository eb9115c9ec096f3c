"""The public survey page: no login, in Indonesian, and a refusal says why."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from formasi.feedback.models import Complaint, SurveyResponse
from tests.feedback.builders import form, token

pytestmark = pytest.mark.django_db


def _url(unit) -> str:  # type: ignore[no-untyped-def]
    return reverse("survey_public", args=[unit.pk])


def test_anyone_opens_the_survey_in_indonesian(world) -> None:  # type: ignore[no-untyped-def]
    page = Client().get(_url(world.puskesmas))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Puskesmas Rakumpit" in text
    # the regulation's wording of U1 and U9 (Lampiran PermenPAN-RB 14/2017)
    assert "kesesuaian persyaratan pelayanan dengan jenis pelayanannya" in text
    assert "Dikelola dengan baik" in text
    assert 'name="website"' in text and 'name="token"' in text


def test_a_unit_that_does_not_serve_the_public_has_no_survey(world) -> None:  # type: ignore[no-untyped-def]
    assert Client().get(_url(world.dinkes)).status_code == 404
    world.dinkes.serves_public = True
    world.dinkes.save(update_fields=["serves_public"])
    assert Client().get(_url(world.dinkes)).status_code == 200


def test_a_filled_form_is_stored_and_thanked(world) -> None:  # type: ignore[no-untyped-def]
    data = form(world.puskesmas, [4, 4, 3, 2, 3, 4, 4, 3, None], text="Toilet rusak", age="40")
    page = Client().post(_url(world.puskesmas), data)
    assert page.status_code == 200 and "Terima kasih" in page.content.decode()
    row = SurveyResponse.unscoped.get()
    assert row.scores == [4, 4, 3, 2, 3, 4, 4, 3, None] and row.age == 40
    assert Complaint.unscoped.get().text == "Toilet rusak"


def test_a_bot_filling_the_honeypot_is_told_and_not_stored(world) -> None:  # type: ignore[no-untyped-def]
    page = Client().post(_url(world.puskesmas), form(world.puskesmas, website="buy now"))
    assert page.status_code == 400
    assert "diisi oleh program" in page.content.decode()
    assert not SurveyResponse.unscoped.exists()


def test_a_form_sent_too_fast_is_told_why(world) -> None:  # type: ignore[no-untyped-def]
    data = form(world.puskesmas, token=token(world.puskesmas, seconds_ago=1))
    page = Client().post(_url(world.puskesmas), data)
    assert page.status_code == 400
    assert "terlalu cepat" in page.content.decode()
    assert not SurveyResponse.unscoped.exists()


def test_a_replayed_form_is_stored_once(world) -> None:  # type: ignore[no-untyped-def]
    data = form(world.puskesmas, text="Parkir sempit")
    client = Client()
    assert client.post(_url(world.puskesmas), data).status_code == 200
    again = client.post(_url(world.puskesmas), data)
    assert again.status_code == 200 and "sudah diterima" in again.content.decode()
    assert SurveyResponse.unscoped.count() == 1 and Complaint.unscoped.count() == 1


@override_settings(FORMASI_SURVEY_PER_ADDRESS_HOUR=3)
def test_a_flood_from_one_address_gets_429(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    codes = [
        client.post(_url(world.puskesmas), form(world.puskesmas)).status_code for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    page = client.post(_url(world.puskesmas), form(world.puskesmas))
    assert "Terlalu banyak" in page.content.decode()
    assert SurveyResponse.unscoped.count() == 3


def test_a_form_without_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    page = Client().post(_url(world.puskesmas), {"u1": "4"})
    assert page.status_code == 400 and not SurveyResponse.unscoped.exists()
