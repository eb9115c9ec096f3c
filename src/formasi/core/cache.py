"""Cached figures that are never stale: keys carry the data versions of the agencies they cover.

Writers call `bump(agency_ids)` in their transaction (signals do it for single-row saves of
employees, units and positions; bulk loaders call it themselves). Readers call
`cached(key_parts, agency_ids, compute)`; a change in an agency changes the key of every cached
value that covers it, so old entries simply expire unused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from formasi.core.models import DataVersion

T = TypeVar("T")


def bump(agency_ids: Iterable[int | None]) -> None:
    for agency_id in {a for a in agency_ids if a is not None}:
        updated = DataVersion.objects.filter(agency_id=agency_id).update(version=F("version") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    DataVersion.objects.create(agency_id=agency_id, version=1)
            except IntegrityError:  # created meanwhile by another writer
                DataVersion.objects.filter(agency_id=agency_id).update(version=F("version") + 1)


def versions_key(agency_ids: Iterable[int]) -> str:
    ids = sorted(set(agency_ids))
    versions = dict(
        DataVersion.objects.filter(agency_id__in=ids).values_list("agency_id", "version")
    )
    raw = ",".join(f"{a}:{versions.get(a, 0)}" for a in ids)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def cached(key_parts: Iterable[Any], agency_ids: Iterable[int], compute: Callable[[], T]) -> T:
    """compute() once per (key_parts, data versions of agency_ids)."""
    parts = "|".join(str(p) for p in key_parts)
    key = "formasi:" + hashlib.sha256(f"{parts}|{versions_key(agency_ids)}".encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.FIGURES_CACHE_SECONDS)
    return value  # type: ignore[no-any-return]


def cached_per_agency(
    key_parts: Iterable[Any],
    agency_ids: Iterable[int],
    compute_missing: Callable[[list[int]], dict[int, T]],
) -> dict[int, T]:
    """One cached value per agency, each keyed on that agency's own data version, so a change in
    one agency recomputes only that agency (a national view stays cheap while people work)."""
    ids = sorted(set(agency_ids))
    versions = dict(
        DataVersion.objects.filter(agency_id__in=ids).values_list("agency_id", "version")
    )
    parts = "|".join(str(p) for p in key_parts)
    keys = {
        agency_id: "formasi:agency:"
        + hashlib.sha256(f"{parts}|{agency_id}:{versions.get(agency_id, 0)}".encode()).hexdigest()
        for agency_id in ids
    }
    found = cache.get_many(list(keys.values()))
    values = {a: found[k] for a, k in keys.items() if k in found}
    missing = [a for a in ids if a not in values]
    if missing:
        computed = compute_missing(missing)
        cache.set_many({keys[a]: v for a, v in computed.items()}, settings.FIGURES_CACHE_SECONDS)
        values.update(computed)
    return values
