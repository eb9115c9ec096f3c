"""Size limits (issue 14): no source file over 800 lines, no function or method over 100 lines.

STYLE.md §3: split a module before it passes about 800 lines; a long function is split into
named steps. Migrations are generated and left out.
"""

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "formasi"
MAX_FILE_LINES = 800
MAX_FUNCTION_LINES = 100


def _sources() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "migrations" not in p.relative_to(SOURCE).parts)


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_source_file_is_over_800_lines():
    offenders = []
    for path in _sources():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_FILE_LINES:
            offenders.append(f"{path.relative_to(SOURCE)} ({lines} lines)")
    assert not offenders, "files over 800 lines:\n" + "\n".join(offenders)


def test_no_function_is_over_100_lines():
    offenders = [found for path in _sources() for found in _long_functions(path)]
    assert not offenders, "functions over 100 lines:\n" + "\n".join(offenders)


def test_the_check_sees_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    planted = tmp_path / "planted.py"
    planted.write_text(f"def too_long():\n{body}\n", encoding="utf-8")
    global SOURCE
    saved, SOURCE = SOURCE, tmp_path
    try:
        assert _long_functions(planted) == [f"planted.py:1 too_long ({MAX_FUNCTION_LINES + 1} lines)"]
    finally:
        SOURCE = saved
