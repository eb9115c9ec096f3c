"""The domain package stays pure Python: no module under src/formasi/domain imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "src" / "formasi" / "domain"


def _is_django(module: str) -> bool:
    return module == "django" or module.startswith("django.")


def _django_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}" for a in node.names if _is_django(a.name)
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module is not None and _is_django(node.module):
                found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            # importlib.import_module("django...") / __import__("django...")
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"import_module", "__import__"} and node.args:
                arg = node.args[0]
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and _is_django(arg.value)
                ):
                    found.append(f"line {node.lineno}: {name}({arg.value!r})")
    return found


def test_domain_modules_do_not_import_django() -> None:
    modules = sorted(DOMAIN_DIR.rglob("*.py"))
    assert modules, f"no modules found under {DOMAIN_DIR}"
    offenders = {
        str(path.relative_to(DOMAIN_DIR)): hits
        for path in modules
        if (hits := _django_imports(path))
    }
    assert not offenders, f"domain modules must not import Django: {offenders}"
