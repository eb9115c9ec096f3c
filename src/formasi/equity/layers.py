"""Extra columns and cards of the equity page from apps above ``equity`` (issue 20 item 5).

``equity`` may not import the apps above it, yet its page should show what they know per area:
``feedback`` shows each area's IKM and the service units with a low IKM and high workload
pressure. Such an app registers, from its ``apps.py``::

    register_layer(key, order, build)

``build(user, agency, parent, area_codes, today)`` returns a :class:`Layer` (or None when the
user may not see it): ``columns`` added to the areas table with their ``cells`` per area code
(an area without cells shows "–"), and an optional ``panel`` (a card below the table, in the
manner of ``core.panels``). Layers render in ``order``; registering a key again replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from formasi.core.panels import Panel

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

NONE = "–"


@dataclass(frozen=True)
class Layer:
    columns: list[str]
    cells: dict[str, list[str]] = field(default_factory=dict)
    panel: Panel | None = None

    def row(self, code: str) -> list[str]:
        return self.cells.get(code) or [NONE] * len(self.columns)


LayerBuilder = Callable[["AnyUser", Any, Any, list[str], date], Layer | None]
_layers: dict[str, tuple[int, LayerBuilder]] = {}


def register_layer(key: str, order: int, build: LayerBuilder) -> None:
    _layers[key] = (order, build)


def layers(user: AnyUser, agency: Any, parent: Any, codes: list[str], today: date) -> list[Layer]:
    """The registered layers this user sees over the areas ``codes`` of ``parent``, in order."""
    entries = sorted(_layers.items(), key=lambda entry: (entry[1][0], entry[0]))
    built = (build(user, agency, parent, codes, today) for _key, (_order, build) in entries)
    return [layer for layer in built if layer is not None]
