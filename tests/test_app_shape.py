"""The "Files per app" table of docs/architecture.md is true, and htmx fragments are partials.

Both halves of the document (Indonesian and English) carry the table; each must match the
files under src/formasi, so the table cannot go stale.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "formasi"
DOC = ROOT / "docs" / "architecture.md"
FILES = [
    "models.py",
    "services.py",
    "views.py",
    "urls.py",
    "api.py",
    "forms.py",
    "admin.py",
    "tasks.py",
]
PARTIALS = "templates/<app>/partials/"
MARKS = {"✓": True, "—": False}


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]


def doc_tables(text: str) -> list[dict[str, dict[str, bool]]]:
    """Each "files per app" table in ``text``: app → column → has it."""
    tables = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        header = _cells(line) if line.startswith("|") else []
        if "models.py" not in header:
            continue
        columns = [c.replace("<aplikasi>", "<app>") for c in header[1:]]
        assert columns == [*FILES, PARTIALS], f"line {i + 1}: columns {columns}"
        table = {}
        for row in lines[i + 2 :]:
            if not row.startswith("|"):
                break
            app, *marks = _cells(row)
            assert set(marks) <= set(MARKS), f"{app}: marks are ✓ or —, got {marks}"
            table[app] = dict(zip(columns, (MARKS[m] for m in marks), strict=True))
        tables.append(table)
    return tables


def apps() -> list[str]:
    return sorted(p.parent.name for p in SRC.glob("*/apps.py"))


def shape_of(app: str) -> dict[str, bool]:
    shape = {name: (SRC / app / name).is_file() for name in FILES}
    partials = SRC / app / "templates" / app / "partials"
    shape[PARTIALS] = partials.is_dir() and any(partials.iterdir())
    return shape


def test_both_halves_have_the_table() -> None:
    assert len(doc_tables(DOC.read_text())) == 2


@pytest.mark.parametrize("half", [0, 1], ids=["indonesian", "english"])
def test_the_table_lists_every_app_and_its_files(half: int) -> None:
    table = doc_tables(DOC.read_text())[half]
    assert sorted(table) == apps()
    assert {app: shape_of(app) for app in table} == table


def test_a_stale_table_is_caught() -> None:
    text = DOC.read_text()
    start = text.index("| `placement` |")
    row = text[start : text.index("\n", start)]
    stale = text.replace(row, row.replace("✓", "—", 1))  # placement without models.py
    assert doc_tables(stale)[0]["placement"]["models.py"] is False
    assert doc_tables(stale)[0]["placement"] != shape_of("placement")


def _templates() -> list[Path]:
    templates = sorted(SRC.glob("*/templates/**/*.html"))
    assert len(templates) > 10
    return templates


def test_templates_live_under_their_app_name() -> None:
    for path in _templates():
        app = path.relative_to(SRC).parts[0]
        assert path.relative_to(SRC / app / "templates").parts[0] == app, path


def test_htmx_fragments_are_partials_named_with_an_underscore() -> None:
    """A template that extends none and is no whole document is a fragment, and vice versa."""
    for path in _templates():
        text = path.read_text()
        whole_document = re.search(r"<!doctype html>", text, re.IGNORECASE) is not None
        fragment = "{% extends" not in text and not whole_document
        app = path.relative_to(SRC).parts[0]
        in_partials = path.parent == SRC / app / "templates" / app / "partials"
        assert fragment == in_partials, path
        assert path.name.startswith("_") == in_partials, path
