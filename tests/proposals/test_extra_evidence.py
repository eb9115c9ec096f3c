"""The registry of evidence from apps above proposals (proposals/extra_evidence.py): providers
run in order, their data is tagged with their key, and stored data of a provider no longer
registered is skipped when worded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from formasi.proposals import extra_evidence


@pytest.fixture
def registry() -> Iterator[None]:
    saved = dict(extra_evidence._providers)
    extra_evidence._providers.clear()
    yield
    extra_evidence._providers.clear()
    extra_evidence._providers.update(saved)


def _provider(tag: str) -> Any:
    def provide(agency_id: int, year: int, units: set[int]) -> dict[int, list[dict[str, Any]]]:
        return {u: [{"n": u, "tag": tag}] for u in units if u % 2}

    return provide


def test_providers_run_in_order_and_tag_their_data(registry: None) -> None:
    extra_evidence.register_evidence("b", 20, _provider("B"), lambda d: f"B{d['n']}")
    extra_evidence.register_evidence("a", 10, _provider("A"), lambda d: f"A{d['n']}")
    found = extra_evidence.collect(1, 2026, [1, 2, 3])
    assert set(found) == {1, 3}
    assert [d["key"] for d in found[1]] == ["a", "b"]
    assert extra_evidence.sentences(found[3]) == ["A3", "B3"]


def test_registering_a_key_again_replaces_it(registry: None) -> None:
    extra_evidence.register_evidence("a", 10, _provider("A"), lambda d: "old")
    extra_evidence.register_evidence("a", 10, _provider("A"), lambda d: "new")
    assert extra_evidence.sentences(extra_evidence.collect(1, 2026, [1])[1]) == ["new"]


def test_data_of_an_unknown_provider_is_skipped(registry: None) -> None:
    assert extra_evidence.sentences([{"key": "gone", "n": 1}]) == []
    assert extra_evidence.sentences(None) == []
    assert extra_evidence.collect(1, 2026, []) == {}
