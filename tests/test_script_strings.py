"""`scripts/i18n.py check` (in `make test`) fails on user text written into our scripts: chart
words must come from the page, through gettext, so they follow the user's language."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "i18n.py"


@pytest.fixture(scope="module")
def i18n() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "literal",
    ["Kekurangan", "Need by area", "${n} residents", "Need: ${n}", "<b>Total</b> ${n}"],
)
def test_words_for_people_are_found(i18n: ModuleType, literal: str) -> None:
    assert i18n.js_user_text(f'const a = "x";\nchart.title = `{literal}`;\n') == [(2, literal)]


@pytest.mark.parametrize(
    "literal",
    ["shortage", "chart-age", "[data-role=bars]", "color:#667382", "rgba(255, 255, 255, 0.9)",
     "{value} %", "${n}px", "<b>${name}</b>", "facilities_under_share"],
)  # fmt: skip
def test_keys_selectors_and_css_are_not_text(i18n: ModuleType, literal: str) -> None:
    assert i18n.js_user_text(f"f('{literal}');") == []


def test_comments_are_not_strings(i18n: ModuleType) -> None:
    source = '// Draw "the charts" here\n/* "Need by area" */\nconst u = "https://x.id/a";\n'
    assert i18n.js_user_text(source) == []


def test_our_scripts_word_nothing_themselves(i18n: ModuleType) -> None:
    assert i18n.js_problems() == []
