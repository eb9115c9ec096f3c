"""The guard of the public survey: signed token with fill time, rate limits per address and
per unit."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.test import override_settings

from formasi.feedback import guard
from formasi.feedback.guard import Refusal, Refused


def _refusal(call) -> Refusal:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as caught:
        call()
    return caught.value.code


def test_a_token_opened_a_minute_ago_passes() -> None:
    guard.check_token(guard.issue_token(7, now=time.time() - 60), 7)


def test_a_token_sent_too_soon_is_refused() -> None:
    token = guard.issue_token(7)
    assert _refusal(lambda: guard.check_token(token, 7)) == Refusal.TOO_FAST


@override_settings(FORMASI_SURVEY_FORM_MAX_HOURS=1)
def test_a_stale_token_is_refused() -> None:
    token = guard.issue_token(7, now=time.time() - 3700)
    assert _refusal(lambda: guard.check_token(token, 7)) == Refusal.EXPIRED


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        signing.dumps({"u": 7, "t": 0}, salt="another salt"),
    ],
    ids=["empty", "garbage", "another-salt"],  # stable ids: every xdist worker collects the same
)
def test_a_token_that_is_not_ours_is_refused(token: str) -> None:
    assert _refusal(lambda: guard.check_token(token, 7)) == Refusal.TOKEN


def test_a_token_of_another_unit_is_refused() -> None:
    token = guard.issue_token(8, now=time.time() - 60)
    assert _refusal(lambda: guard.check_token(token, 7)) == Refusal.TOKEN


def test_a_tampered_token_is_refused() -> None:
    token = guard.issue_token(7, now=time.time() - 60)
    forged = token.replace(token[5], "A" if token[5] != "A" else "B", 1)
    assert _refusal(lambda: guard.check_token(forged, 7)) == Refusal.TOKEN


@override_settings(FORMASI_SURVEY_PER_ADDRESS_HOUR=3, FORMASI_SURVEY_PER_UNIT_HOUR=100)
def test_a_flood_from_one_address_is_limited_within_the_hour() -> None:
    now = 3600 * 1000 + 10
    for unit in (1, 2, 3):  # the limit counts the address across units
        guard.check_rate("10.0.0.1", unit, now=now)
    assert _refusal(lambda: guard.check_rate("10.0.0.1", 4, now=now)) == Refusal.ADDRESS_LIMIT
    guard.check_rate("10.0.0.2", 4, now=now)  # another address is not held up
    guard.check_rate("10.0.0.1", 4, now=now + 3600)  # the next hour starts afresh


@override_settings(FORMASI_SURVEY_PER_ADDRESS_HOUR=100, FORMASI_SURVEY_PER_UNIT_HOUR=2)
def test_a_unit_takes_a_bounded_number_per_hour() -> None:
    now = 3600 * 2000 + 10
    guard.check_rate("10.0.0.1", 9, now=now)
    guard.check_rate("10.0.0.2", 9, now=now)
    assert _refusal(lambda: guard.check_rate("10.0.0.3", 9, now=now)) == Refusal.UNIT_LIMIT
