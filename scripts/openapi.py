"""Write or check the committed OpenAPI document (docs/api/openapi.json) against the code."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "api" / "openapi.json"


def current() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    import django

    django.setup()
    from formasi.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(command: str) -> int:
    text = current()
    if command == "write":
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(text, encoding="utf-8")
        return 0
    if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
        print("docs/api/openapi.json differs from the code; run `make openapi` and commit it")
        return 1
    print("OpenAPI document up to date")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "check"))
