"""The registry of extra columns and cards on the equity page (equity/layers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from formasi.core.panels import Panel
from formasi.equity import layers
from tests.equity.builders import add_equity_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> Iterator[None]:
    saved = dict(layers._layers)
    layers._layers.clear()
    yield
    layers._layers.clear()
    layers._layers.update(saved)


def _layer(user: Any, agency: Any, parent: Any, codes: list[str], today: Any) -> layers.Layer:
    return layers.Layer(
        columns=["Lapisan"],
        cells={code: [f"nilai {code}"] for code in codes if code.endswith("05")},
        panel=Panel("feedback/partials/_equity_flagged.html", {"rows": [], "parent": parent}),
    )


def test_a_registered_layer_adds_a_column_and_a_card(registry: None, world: Any,
                                                     client_for: Any) -> None:  # fmt: skip
    add_equity_data(world)
    layers.register_layer("test", 1, _layer)
    page = client_for("admin_a").get(reverse("equity:index")).content.decode()
    assert '<th class="text-end">Lapisan</th>' in page
    assert "nilai 62.71.05" in page
    assert 'data-testid="equity-ikm-flagged"' in page


def test_an_area_without_cells_shows_a_dash_and_a_hidden_layer_shows_nothing(
    registry: None,
) -> None:
    layer = layers.Layer(columns=["a", "b"])
    assert layer.row("62.71.01") == ["–", "–"]
    layers.register_layer("hidden", 1, lambda *args: None)
    assert layers.layers(None, None, None, ["62.71.01"], None) == []  # type: ignore[arg-type]
