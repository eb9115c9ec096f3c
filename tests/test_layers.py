"""The packages form layers (DESIGN.md): the import-linter contract in pyproject.toml holds on
the tree and catches an upward import, and the imports between packages form a DAG."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "formasi"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with ``src`` (a folder holding ``formasi``) first on the path."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(  # noqa: S603 — our own console script, fixed arguments
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _copy_src(tmp_path: Path) -> Path:
    shutil.copytree(
        SRC,
        tmp_path / "formasi",
        ignore=shutil.ignore_patterns("static", "data", "locale", "templates", "__pycache__"),
    )
    return tmp_path


def test_the_layer_contract_holds_on_the_tree(tmp_path: Path) -> None:
    result = _lint_imports(_copy_src(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_inside_a_function_breaks_the_contract(tmp_path: Path) -> None:
    src = _copy_src(tmp_path)
    planted = src / "formasi" / "core" / "cache.py"
    planted.write_text(
        planted.read_text()
        + "\n\ndef _planted() -> object:\n"
        + "    from formasi.placement import services\n\n"
        + "    return services\n"
    )
    result = _lint_imports(src)
    assert result.returncode != 0
    assert "formasi.core.cache -> formasi.placement.services" in result.stdout


def test_the_domain_contract_forbids_django(tmp_path: Path) -> None:
    src = _copy_src(tmp_path)
    planted = src / "formasi" / "domain" / "budget.py"
    planted.write_text(planted.read_text() + "\nimport django  # noqa\n")
    result = _lint_imports(src)
    assert result.returncode != 0
    assert "formasi.domain.budget -> django" in result.stdout


def _package_imports() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) top-level packages of every import between two packages of
    formasi, at module level and inside functions, migrations left out."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC.parent)
        if "migrations" in relative.parts:
            continue
        importer = relative.parts[1].removesuffix(".py")
        module = list(relative.with_suffix("").parts)
        if module[-1] == "__init__":
            module.pop()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module[: len(module) - node.level + (path.name == "__init__.py")]
                    names = [".".join([*base, *([node.module] if node.module else [])])]
                elif node.module == "formasi":
                    names = [f"formasi.{alias.name}" for alias in node.names]
                elif node.module:
                    names = [node.module]
            for name in names:
                parts = name.split(".")
                if parts[0] == "formasi" and len(parts) > 1 and parts[1] != importer:
                    edges[(importer, parts[1])].append(f"{relative}:{node.lineno}")
    return edges


def test_the_imports_between_packages_form_a_dag_and_core_imports_no_app() -> None:
    edges = _package_imports()
    assert edges, "the walk found no imports at all"
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, imported in edges:
        graph[importer].add(imported)

    done: set[str] = set()

    def visit(package: str, path: tuple[str, ...]) -> None:
        if package in path:
            cycle = [*path[path.index(package) :], package]
            pytest.fail(f"import cycle {' -> '.join(cycle)}: {edges[(path[-1], package)]}")
        if package in done:
            return
        for imported in sorted(graph[package]):
            visit(imported, (*path, package))
        done.add(package)

    for package in sorted(graph):
        visit(package, ())
    assert {imported for importer, imported in edges if importer == "core"} <= {"domain"}
    assert {imported for importer, imported in edges if importer == "domain"} == set()


def test_every_package_has_its_place_in_the_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = config["contracts"][0]["layers"]
    named = {
        name.strip().strip("()").removeprefix("formasi.")
        for layer in layers
        for name in layer.replace(":", "|").split("|")
    }
    packages = {
        p.name.removesuffix(".py")
        for p in SRC.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and p.name != "__init__.py")
    }
    assert packages <= named, packages - named
    assert {"proposals", "talent", "feedback"} <= named
