"""One rate limiter for every surface: a fixed window counted in Django's cache.

A key (a token, a user, a hashed network address …) may make ``limit`` hits per window of
``window`` seconds; the window starts at a multiple of ``window`` (epoch seconds), so every
process that shares the cache (Redis in production) counts the same window with one atomic
``incr``. A fixed window lets a client burst up to twice the limit across a window boundary;
that is the accepted price of one cache operation per request (a sliding log would read and
write a list of timestamps each time).

Used by the public survey (formasi.feedback.guard, per address and unit per hour) and the API
(formasi.accounts.api_auth, per token or session user).
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache


def hit(key: str, *, limit: int, window: int, now: float | None = None) -> int | None:
    """Count one hit for ``key``: None while within ``limit``, else the seconds until the
    window ends (for ``Retry-After``, at least 1)."""
    moment = time.time() if now is None else now
    start = int(moment // window) * window
    cache_key = f"formasi:rate:{key}:{start}"
    cache.add(cache_key, 0, window + 1)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window + 1)
        used = 1
    if used > limit:
        return max(1, math.ceil(start + window - moment))
    return None
