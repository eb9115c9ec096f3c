"""docs/import.md documents every import kind and every column header it reads."""

from __future__ import annotations

from pathlib import Path

from formasi.transfer.kinds import KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"


def test_every_kind_and_header_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [
        f"{name}: {column.header}"
        for name, kind in KINDS.items()
        for column in kind.columns
        if f"| {column.header} |" not in text
    ]
    missing += [name for name in KINDS if f"### `{name}`" not in text]
    assert not missing, f"docs/import.md lacks: {missing}"
