"""Issue 21: which web server for production — one waitress process with 8 threads (the demo's
`formasi serve`) or gunicorn with several processes (`formasi serve --workers N`)?

Serves a loaded demo (`formasi demo --no-serve`; PostgreSQL through DATABASE_URL, the figures
cache in Redis through FORMASI_CACHE_URL) with each configuration in turn on 127.0.0.1, logs
USERS simulated users in as the demo admin, and has them fetch the dashboard and the first
pages of the employee list without pause for SECONDS seconds (at most 60). Prints one JSON
line per configuration: requests per second, p50, p95, errors.

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/demo-pg \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/formasi_demo \\
        FORMASI_CACHE_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/serve.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
import urllib.request

from web import formasi_server, get, login, percentile

PAGES = ["/", "/pegawai/", "/pegawai/?page=2", "/pegawai/?page=3"]
CONFIGS = {
    "waitress 1×8": [],
    "gunicorn 2×4": ["--workers", "2", "--threads", "4"],
    "gunicorn 4×2": ["--workers", "4", "--threads", "2"],
}


def _user(
    opener: urllib.request.OpenerDirector, base: str, until: float, out: list[tuple[float, int]]
) -> None:
    i = 0
    while time.monotonic() < until:
        out.append(get(opener, base + PAGES[i % len(PAGES)]))
        i += 1


def measure(name: str, args: list[str], users: int, seconds: float) -> dict[str, object]:
    with formasi_server(args) as base:
        openers = [login(base, "admin", "formasi-demo") for _ in range(users)]
        for opener in openers[:2]:  # warm every page once (caches, imports)
            for page in PAGES:
                get(opener, base + page)
        results: list[tuple[float, int]] = []
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=_user, args=(o, base, until, results)) for o in openers]
        load = os.getloadavg()[0]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    times = [t for t, _status in results]
    return {
        "server": name,
        "users": users,
        "seconds": seconds,
        "requests": len(results),
        "per_second": round(len(results) / seconds, 1),
        "p50_ms": round(statistics.median(times) * 1000),
        "p95_ms": round(percentile(times, 95) * 1000),
        "errors": sum(1 for _t, status in results if status != 200),
        "load_average_before": round(load, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--only", choices=list(CONFIGS), action="append")
    opts = parser.parse_args()
    seconds = min(opts.seconds, 60.0)
    for name in opts.only or CONFIGS:
        print(json.dumps(measure(name, CONFIGS[name], opts.users, seconds)), flush=True)


if __name__ == "__main__":
    main()
