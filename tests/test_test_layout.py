"""Where test helpers live (docs/architecture.md, "Test builders").

* Shared model builders are ``tests/builders.py``, imported as ``from tests import builders as
  build``; builders for one app's tests are ``tests/<app>/builders.py``.
* No module imports from a ``test_*.py`` module: a helper two modules need moves to a
  ``builders.py``.
* Besides ``test_*.py``, ``conftest.py`` and ``__init__.py``, the only modules under tests/ are
  ``builders.py`` and the few named in ``OTHER_MODULES``.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# The role fixture set (World, PERSONAS, build_world), a script run in a subprocess, and the
# real server processes (PostgreSQL cluster, gunicorn, task worker) of the fault tests.
OTHER_MODULES = {"personas.py", "core/worker_helper.py", "core/servers.py"}


def _is_test_module(name: str) -> bool:
    return name.rsplit(".", 1)[-1].startswith("test_")


def _module_name(path: Path, root: Path) -> str:
    return ".".join((root.name, *path.relative_to(root).with_suffix("").parts))


def imports_from_test_modules(root: Path) -> list[str]:
    """``path:line: module`` for every import, under ``root``, of a name from a test module."""
    found = []
    for path in sorted(root.rglob("*.py")):
        package = _module_name(path, root).rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:  # relative: resolve against this module's package
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join([*base, module] if module else base)
                names = [module] + [f"{module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            # ``from tests.app import test_x`` imports a test module too.
            bad = [n for n in names if any(_is_test_module(part) for part in n.split("."))]
            if bad:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {bad[0]}")
    return found


def shared_builders_imported_otherwise(root: Path) -> list[str]:
    """Imports of ``tests.builders`` not spelled ``from tests import builders as build``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "tests":
                odd = [a for a in node.names if a.name == "builders" and a.asname != "build"]
            elif isinstance(node, ast.ImportFrom) and node.module == "tests.builders":
                odd = list(node.names)
            elif isinstance(node, ast.Import):
                odd = [a for a in node.names if a.name == "tests.builders"]
            else:
                continue
            if odd:
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_no_module_imports_from_a_test_module() -> None:
    assert imports_from_test_modules(TESTS) == []


def test_shared_builders_have_one_name() -> None:
    assert shared_builders_imported_otherwise(TESTS) == []


def test_helper_modules_are_named_builders() -> None:
    assert not list(TESTS.rglob("factories.py"))
    others = {
        path.relative_to(TESTS).as_posix()
        for path in TESTS.rglob("*.py")
        if not path.name.startswith("test_")
        and path.name not in {"conftest.py", "__init__.py", "builders.py"}
    }
    assert others == OTHER_MODULES


def test_an_import_from_a_test_module_is_found(tmp_path: Path) -> None:
    root = tmp_path / "tests"
    (root / "app").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "builders.py").write_text("ROWS = []\n")
    (root / "app" / "test_one.py").write_text("HELPER = 1\n")
    (root / "app" / "test_two.py").write_text(
        "from tests.app.builders import ROWS\n"
        "from tests.app.test_one import HELPER\n"
        "from .test_one import HELPER as AGAIN\n"
        "from tests.app import test_one\n"
        "import tests.app.test_one\n"
    )
    (root / "app" / "test_three.py").write_text("from tests.builders import user\n")

    assert imports_from_test_modules(root) == [
        "app/test_two.py:2: tests.app.test_one",
        "app/test_two.py:3: tests.app.test_one",
        "app/test_two.py:4: tests.app.test_one",
        "app/test_two.py:5: tests.app.test_one",
    ]
    assert shared_builders_imported_otherwise(root) == ["app/test_three.py:1"]
