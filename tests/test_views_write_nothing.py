"""Views and API endpoints never write to the ORM: they call a service (DESIGN.md, STYLE 5).

A write is a call of ``.save(``, ``.delete(``, ``.bulk_create(``, ``.bulk_update(``,
``.get_or_create(`` or ``.update_or_create(``, or of ``.create(`` / ``.update(`` with keyword
arguments only (a manager's create, a queryset's update; ``dict.update(other)`` is not one).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "formasi"
ALWAYS = {"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
KEYWORDS_ONLY = {"create", "update"}

#: (path under src/formasi, line's call) -> why it may write. Empty: no view or API writes.
#: TODO (issue 14): list here, with a reason, any view that still writes until it is moved.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def entry_modules() -> list[Path]:
    found = [
        path
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and (
            path.name in ("views.py", "api.py")
            or path.name.endswith(("_views.py", "_api.py"))
            or path.parent.name in ("views", "api")
        )
    ]
    return sorted(found)


def writes(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name in ALWAYS or (name in KEYWORDS_ONLY and node.keywords and not node.args):
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def test_the_detector_sees_orm_writes_and_not_dict_updates() -> None:
    source = (
        "job.save()\nImportJob.objects.create(kind='x')\nrows.filter(pk=1).update(state='y')\n"
        "run.delete()\ncontext.update(extra)\nvalues.update({'a': 1})\n"
    )
    assert [line for line, _call in writes(source)] == [1, 2, 3, 4]


def test_views_and_api_write_nothing_to_the_orm() -> None:
    modules = entry_modules()
    assert SRC / "transfer" / "views.py" in modules and SRC / "api.py" in modules
    found = {}
    for path in modules:
        for line, call in writes(path.read_text(encoding="utf-8")):
            key = (str(path.relative_to(SRC)), call)
            if key not in KNOWN_EXCEPTIONS:
                found[f"{key[0]}:{line}"] = call
    assert found == {}, "views and API call a service instead of writing: " + repr(found)
