"""The leaders' dashboard is composed from panels that each app registers (core imports no app).

The dashboard page lives in ``workforce`` (the lowest app it needs), yet shows need and gap
from ``workload`` and plans over the cap from ``planning``, which sit above it. Each app
registers, from its ``apps.py``:

* ``register_panel(key, order, build)``: a card of the page. ``build(user, today)`` returns a
  :class:`Panel` (a template name and its context) or None when the user may not see it or it
  has nothing to show;
* ``register_attention(key, order, build)``: a group of the "needs attention" list.
  ``build(user, today)`` returns an :class:`AttentionGroup` or None.

Registered today: workload (need and gap by kecamatan and by family; the largest shortages),
workforce (retirements next year) and planning (plans over the cap; the card of the usulan
round's deadlines). ``proposals`` registers its "proposals due" group here when it exists.
Panels render in ``order`` (lowest first); registering a key again replaces it, so a reloaded
app registers once.

The same way, ``register_employee_panel(key, order, build)`` adds a card to an employee's talent
page from an app above ``talent`` (``training`` shows the person's training-plan lines there):
``build(user, employee, year)`` returns a :class:`Panel` or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser


@dataclass(frozen=True)
class Panel:
    """One card of the dashboard: ``template`` rendered with ``context``."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AttentionItem:
    """One line of "needs attention": what, how many (already worded), where to act."""

    label: str
    figure: str
    url: str


@dataclass(frozen=True)
class AttentionGroup:
    title: str
    items: list[AttentionItem]
    url: str = ""  # the page with the whole list
    empty: str = ""  # said when there are no items
    key: str = ""  # the key it was registered under (set by ``attention``)


PanelBuilder = Callable[["AnyUser", date], Panel | None]
AttentionBuilder = Callable[["AnyUser", date], AttentionGroup | None]

EmployeePanelBuilder = Callable[["AnyUser", Any, int], Panel | None]

_panels: dict[str, tuple[int, PanelBuilder]] = {}
_employee_panels: dict[str, tuple[int, EmployeePanelBuilder]] = {}
_attention: dict[str, tuple[int, AttentionBuilder]] = {}


def register_panel(key: str, order: int, build: PanelBuilder) -> None:
    _panels[key] = (order, build)


def register_attention(key: str, order: int, build: AttentionBuilder) -> None:
    _attention[key] = (order, build)


def register_employee_panel(key: str, order: int, build: EmployeePanelBuilder) -> None:
    _employee_panels[key] = (order, build)


def employee_panels(user: AnyUser, employee: Any, year: int) -> list[Panel]:
    """The registered cards of one employee's page this user sees, in order."""
    entries = sorted(_employee_panels.values(), key=_order)
    built = (build(user, employee, year) for _o, build in entries)
    return [p for p in built if p is not None]


def panels(user: AnyUser, today: date) -> list[Panel]:
    """The registered panels this user sees, in order."""
    built = (build(user, today) for _o, build in sorted(_panels.values(), key=_order))
    return [p for p in built if p is not None]


def attention(user: AnyUser, today: date) -> list[AttentionGroup]:
    """The registered "needs attention" groups this user sees, in order."""
    entries = sorted(_attention.items(), key=lambda entry: entry[1][0])
    built = ((key, build(user, today)) for key, (_o, build) in entries)
    return [replace(group, key=key) for key, group in built if group is not None]


def _order(entry: tuple[int, Any]) -> int:
    return entry[0]
