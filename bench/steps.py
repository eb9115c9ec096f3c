"""Running one measuring step of a bench in a fresh Python process (shared by the benches).

A fresh process per step keeps one step's caches and peak memory out of the next; the step
prints its result as JSON on its last line of output.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any


def run_step_process(command: list[str], step: str) -> dict[str, Any]:
    """Run ``command``; return the JSON of its last output line plus ``process_s`` (the wall
    time of the whole process). Exits with the step's output when it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"step {step} failed")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = round(time.perf_counter() - started, 1)
    return result
