"""Evidence for an item's justification from apps above ``proposals`` (issue 20 item 5).

``proposals`` may not import the apps above it, yet a drafted item's justification should say
what they know of its unit: ``feedback`` knows that the public rates the unit low (IKM). Such
an app registers, from its ``apps.py``::

    register_evidence(key, order, provide, word)

* ``provide(agency_id, year, unit_ids) -> {unit_id: [data, ...]}`` — plain JSON-able dicts
  (numbers and codes) about the units an item of the draft for ``year`` names;
* ``word(data) -> str`` — one sentence in the active language (Django i18n).

``services.draft_proposal`` stores the data in the item's evidence under ``"extra"`` (each dict
with its ``key``), appends the sentences to the drafted justification (worded in the
installation's language, like the rest of it), and the item's trace words them again in the
reader's language. Providers run in ``order``; registering a key again replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Provide = Callable[[int, int, set[int]], Mapping[int, list[dict[str, Any]]]]
Word = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Provider:
    key: str
    order: int
    provide: Provide
    word: Word


_providers: dict[str, Provider] = {}


def register_evidence(key: str, order: int, provide: Provide, word: Word) -> None:
    _providers[key] = Provider(key, order, provide, word)


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def collect(agency_id: int, year: int, unit_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """unit -> the extra evidence every provider has for it (each dict tagged with its key)."""
    units = set(unit_ids)
    out: dict[int, list[dict[str, Any]]] = {}
    if not units:
        return out
    for provider in providers():
        for unit, found in provider.provide(agency_id, year, units).items():
            out.setdefault(unit, []).extend({**data, "key": provider.key} for data in found)
    return out


def sentences(extra: Iterable[Mapping[str, Any]] | None) -> list[str]:
    """The stored extra evidence in words; data of a provider no longer registered is skipped."""
    out = []
    for data in extra or []:
        provider = _providers.get(str(data.get("key", "")))
        if provider is not None:
            out.append(provider.word(data))
    return out
