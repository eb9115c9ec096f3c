"""Writes of the feedback app: a public submission through the guard, stored once, and a
complaint's follow-up by the unit's OPD."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from formasi.feedback import services
from formasi.feedback.guard import Refusal, Refused
from formasi.feedback.models import Complaint, SurveyResponse
from tests.feedback.builders import response, token

pytestmark = pytest.mark.django_db


def _submit(unit, **kwargs):  # type: ignore[no-untyped-def]
    args = {
        "unit": unit,
        "scores": [4, 3, 3, 4, None, 2, 3, 3, 4],
        "profile": services.Profile(age=34, sex="P"),
        "text": "",
        "token": token(unit),
        "honeypot": "",
        "address": "10.1.1.1",
    }
    args.update(kwargs)
    return services.submit_response(**args)


def test_a_submission_is_stored_with_its_complaint(world) -> None:  # type: ignore[no-untyped-def]
    row = _submit(world.puskesmas, text="  Antrean terlalu lama  ")
    assert row.scores == [4, 3, 3, 4, None, 2, 3, 3, 4]
    assert (row.agency_id, row.age, row.sex) == (world.agency_a.pk, 34, "P")
    complaint = Complaint.unscoped.get(response=row)
    assert (complaint.text, complaint.status, complaint.unit) == (
        "Antrean terlalu lama",
        "new",
        world.puskesmas,
    )


def test_a_submission_without_text_has_no_complaint(world) -> None:  # type: ignore[no-untyped-def]
    _submit(world.puskesmas)
    assert SurveyResponse.unscoped.count() == 1 and not Complaint.unscoped.exists()


def test_a_replayed_submission_is_stored_once(world) -> None:  # type: ignore[no-untyped-def]
    same = token(world.puskesmas)
    _submit(world.puskesmas, token=same, text="Ruang tunggu panas")
    with pytest.raises(Refused) as caught:
        _submit(world.puskesmas, token=same, text="Ruang tunggu panas")
    assert caught.value.code == Refusal.DUPLICATE
    assert SurveyResponse.unscoped.count() == 1 and Complaint.unscoped.count() == 1


def test_the_honeypot_rejects_a_bot_before_anything_is_written(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as caught:
        _submit(world.puskesmas, honeypot="http://spam.example")
    assert caught.value.code == Refusal.HONEYPOT
    assert not SurveyResponse.unscoped.exists()


def test_a_form_sent_at_once_is_rejected(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as caught:
        _submit(world.puskesmas, token=token(world.puskesmas, seconds_ago=0))
    assert caught.value.code == Refusal.TOO_FAST
    assert not SurveyResponse.unscoped.exists()


@override_settings(FORMASI_SURVEY_PER_ADDRESS_HOUR=5)
def test_a_flood_from_one_address_is_limited(world) -> None:  # type: ignore[no-untyped-def]
    refused = 0
    for _ in range(12):
        try:
            _submit(world.puskesmas)
        except Refused as error:
            assert error.code == Refusal.ADDRESS_LIMIT
            refused += 1
    assert (SurveyResponse.unscoped.count(), refused) == (5, 7)
    _submit(world.puskesmas, address="10.1.1.2")  # another address still gets through


def test_a_token_of_a_school_does_not_rate_the_puskesmas(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused):
        _submit(world.puskesmas, token=token(world.school))


def test_an_empty_form_is_not_a_response(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _submit(world.puskesmas, scores=[None] * 9)
    with pytest.raises(ValidationError):
        _submit(world.puskesmas, scores=[5] * 9)
    assert not SurveyResponse.unscoped.exists()


def _complaint(world):  # type: ignore[no-untyped-def]
    return Complaint.unscoped.get(response=response(world.puskesmas, [2] * 9, text="Lama"))


def test_the_units_operator_answers_a_complaint(world) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(world)
    operator = world.users["operator_dinkes_a"]
    services.answer_complaint(complaint, actor=operator, status="in_progress", answer="")
    done = services.answer_complaint(
        complaint, actor=operator, status="answered", answer="Loket kedua dibuka mulai Senin."
    )
    assert (done.status, done.handled_by, done.answer) == (
        "answered",
        operator,
        "Loket kedua dibuka mulai Senin.",
    )
    assert done.answered_at is not None and done.hours_to_answer is not None
    closed = services.answer_complaint(complaint, actor=operator, status="closed", answer="")
    assert closed.status == "closed" and closed.answer == "Loket kedua dibuka mulai Senin."


def test_answering_needs_the_answers_text(world) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(world)
    with pytest.raises(ValidationError):
        services.answer_complaint(
            complaint, actor=world.users["admin_a"], status="answered", answer=" "
        )


def test_a_closed_complaint_stays_closed(world) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(world)
    admin = world.users["admin_a"]
    services.answer_complaint(complaint, actor=admin, status="answered", answer="Sudah")
    services.answer_complaint(complaint, actor=admin, status="closed", answer="")
    with pytest.raises(ValidationError):
        services.answer_complaint(complaint, actor=admin, status="new", answer="")


def test_another_opds_operator_and_readers_may_not_answer(world) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(world)
    with pytest.raises(PermissionDenied):
        services.answer_complaint(
            complaint, actor=world.users["operator_other_opd_a"], status="in_progress", answer=""
        )
    with pytest.raises(PermissionDenied):
        services.answer_complaint(
            complaint, actor=world.users["leader_a"], status="in_progress", answer=""
        )
    assert Complaint.unscoped.get(pk=complaint.pk).status == "new"
