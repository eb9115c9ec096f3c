"""The dashboard's panel registry: apps register, the page renders them in order."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from formasi.core import panels
from formasi.core.panels import AttentionGroup, Panel

TODAY = date(2026, 6, 1)


@pytest.fixture
def empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(panels, "_panels", {})
    monkeypatch.setattr(panels, "_attention", {})


def test_panels_render_in_order_and_skip_what_the_user_may_not_see(empty: None) -> None:
    seen: list[Any] = []

    def build(name: str) -> Any:
        def make(user: Any, today: date) -> Panel | None:
            seen.append((name, user, today))
            return None if name == "hidden" else Panel(f"{name}.html")

        return make

    panels.register_panel("b", 20, build("b"))
    panels.register_panel("hidden", 15, build("hidden"))
    panels.register_panel("a", 10, build("a"))
    assert [p.template for p in panels.panels("user", TODAY)] == ["a.html", "b.html"]
    assert ("hidden", "user", TODAY) in seen


def test_registering_a_key_again_replaces_it(empty: None) -> None:
    panels.register_attention("x", 10, lambda u, t: AttentionGroup("old", []))
    panels.register_attention("x", 5, lambda u, t: AttentionGroup("new", []))
    panels.register_attention("y", 1, lambda u, t: AttentionGroup("first", []))
    groups = panels.attention(None, TODAY)  # type: ignore[arg-type]
    assert [(g.key, g.title) for g in groups] == [("y", "first"), ("x", "new")]


def test_the_apps_register_their_groups_in_the_documented_order() -> None:
    """Largest shortages (workload), retirements (workforce), plans over the cap (planning);
    the needs story (workload) is a panel."""
    order = sorted(panels._attention, key=lambda k: panels._attention[k][0])
    assert order == ["shortages", "retirements", "plans_over_cap"]
    assert "needs" in panels._panels


def test_employee_panels_in_order_and_the_training_card_is_registered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cards of an employee's page from apps above talent (training registers its plan)."""
    assert "training" in panels._employee_panels
    monkeypatch.setattr(panels, "_employee_panels", {})
    panels.register_employee_panel("late", 20, lambda u, e, y: Panel(f"late-{e}-{y}.html"))
    panels.register_employee_panel("none", 5, lambda u, e, y: None)
    panels.register_employee_panel("early", 10, lambda u, e, y: Panel("early.html"))
    found = panels.employee_panels("user", 7, 2025)  # type: ignore[arg-type]
    assert [p.template for p in found] == ["early.html", "late-7-2025.html"]
