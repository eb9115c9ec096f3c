"""One word per concept in code (issue 14, item 7): identifiers say ``district``, never
``kecamatan`` (docs/glossary.md). Strings and comments keep the Indonesian word: screens,
stored values and the ``?kecamatan=`` query parameter use it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "formasi"
WORD = "kecamatan"


def identifiers(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, name) of every name the code defines or uses: names, attributes, functions,
    classes, arguments, keyword arguments and imports."""
    for node in ast.walk(tree):
        names: list[str | None] = []
        if isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [node.name]
        elif isinstance(node, ast.arg | ast.keyword):
            names = [node.arg]
        elif isinstance(node, ast.alias):
            names = [node.name, node.asname]
        for name in names:
            if name:
                yield getattr(node, "lineno", 0), name


def offending(root: Path) -> list[str]:
    """``path:line: name`` of each identifier under ``root`` that contains the word."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        hits = sorted((line, name) for line, name in identifiers(tree) if WORD in name.lower())
        found += [f"{path.relative_to(root)}:{line}: {name}" for line, name in hits]
    return found


def test_code_says_district_not_kecamatan() -> None:
    assert offending(SRC) == []


def test_tests_benchmarks_and_scripts_say_district_too() -> None:
    found = [*offending(ROOT / "tests"), *offending(ROOT / "bench"), *offending(ROOT / "scripts")]
    # This module's own test names say the word they look for.
    assert [hit for hit in found if not hit.startswith("test_naming.py:")] == []


def test_strings_and_comments_may_say_kecamatan(tmp_path: Path) -> None:
    (tmp_path / "fine.py").write_text(
        '# the kecamatan of a unit\nLABEL = "kecamatan"\n\n\ndef district_of(unit):\n'
        '    """Its kecamatan."""\n    return unit.district\n'
    )
    assert offending(tmp_path) == []


def test_an_identifier_saying_kecamatan_is_found(tmp_path: Path) -> None:
    package = tmp_path / "app"
    package.mkdir()
    (package / "views.py").write_text(
        "from app.models import kecamatan_of as find\n\n\n"
        "class KecamatanView:\n"
        "    def get(self, request, kecamatan_code=None):\n"
        "        kecamatan = find(request)\n"
        "        return self.render(f'{request.kecamatan}', per_kecamatan=kecamatan)\n"
    )
    assert offending(tmp_path) == [
        "app/views.py:1: kecamatan_of",
        "app/views.py:4: KecamatanView",
        "app/views.py:5: kecamatan_code",
        "app/views.py:6: kecamatan",
        "app/views.py:7: kecamatan",
        "app/views.py:7: kecamatan",
        "app/views.py:7: per_kecamatan",
    ]
