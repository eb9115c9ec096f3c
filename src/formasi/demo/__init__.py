"""The demo city: Pemerintah Kota Palangka Raya with a deterministic synthetic workforce.

The loader is ``formasi.demo.loader.load_demo``; ``formasi load_demo`` (this app's management
command) runs it. This package is an installed app, so it imports no models at import time;
the loader's names are still reachable here, loaded on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEMO_PASSWORD", "MIN_SIZE", "DemoDataError", "DemoSummary", "load_demo"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from formasi.demo import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
