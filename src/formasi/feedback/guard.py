"""Keeping machines and floods out of the public survey without anything online (no captcha
service): a signed form token with a minimum fill time, a honeypot field, rate limits per
network address and per unit (formasi.core.ratelimit), and the token's hash stored once.

Each check answers a refusal code (:class:`Refusal`) that the page words in Indonesian; the
codes, not the words, are what tests and the bench read.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from enum import StrEnum

from django.conf import settings
from django.core import signing

from formasi.core.ratelimit import hit

SALT = "formasi.feedback.form"
HONEYPOT = "website"  # a field people never see (hidden by CSS); bots fill it
WINDOW_SECONDS = 3600


class Refusal(StrEnum):
    HONEYPOT = "honeypot"
    TOKEN = "token"  # noqa: S105 - a refusal code, not a secret; missing, tampered with or for another unit
    EXPIRED = "expired"
    TOO_FAST = "too_fast"
    ADDRESS_LIMIT = "address_limit"
    UNIT_LIMIT = "unit_limit"
    DUPLICATE = "duplicate"


class Refused(Exception):
    def __init__(self, code: Refusal) -> None:
        self.code = code
        super().__init__(code.value)


def issue_token(unit_pk: int, now: float | None = None) -> str:
    """A signed token naming the unit and when the form was opened."""
    stamp = time.time() if now is None else now
    return signing.dumps({"u": unit_pk, "t": stamp, "n": secrets.token_hex(8)}, salt=SALT)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_token(token: str, unit_pk: int, now: float | None = None) -> None:
    """Refuses a token that is not ours, names another unit, is too old or too young."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise Refused(Refusal.TOKEN) from None
    if not isinstance(data, dict) or data.get("u") != unit_pk:
        raise Refused(Refusal.TOKEN)
    age = (time.time() if now is None else now) - float(data.get("t", 0))
    if age > settings.FORMASI_SURVEY_FORM_MAX_HOURS * 3600:
        raise Refused(Refusal.EXPIRED)
    if age < settings.FORMASI_SURVEY_MIN_FILL_SECONDS:
        raise Refused(Refusal.TOO_FAST)


def _count(key: str, limit: int, code: Refusal, now: float | None) -> None:
    if hit(key, limit=limit, window=WINDOW_SECONDS, now=now) is not None:
        raise Refused(code)


def check_rate(address: str, unit_pk: int, now: float | None = None) -> None:
    """Counts this submission against the hour's limits of its address and its unit."""
    digest = hashlib.sha256(address.encode()).hexdigest()[:16]  # no address kept in the cache
    _count(
        f"survey:addr:{digest}",
        settings.FORMASI_SURVEY_PER_ADDRESS_HOUR,
        Refusal.ADDRESS_LIMIT,
        now,
    )
    _count(f"survey:unit:{unit_pk}", settings.FORMASI_SURVEY_PER_UNIT_HOUR, Refusal.UNIT_LIMIT, now)
