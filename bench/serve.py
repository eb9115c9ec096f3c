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
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/pegawai/", "/pegawai/?page=2", "/pegawai/?page=3"]
CONFIGS = {
    "waitress 1×8": [],
    "gunicorn 2×4": ["--workers", "2", "--threads", "4"],
    "gunicorn 4×2": ["--workers", "4", "--threads", "2"],
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/akun/masuk/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    form = {"username": "admin", "password": "formasi-demo", "csrfmiddlewaretoken": token[1]}
    request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
        base + "/akun/masuk/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": base + "/akun/masuk/"},
    )
    opener.open(request, timeout=60).read()
    assert any(c.name == "sessionid" for c in jar), "login failed"
    return opener


def _user(
    opener: urllib.request.OpenerDirector, base: str, until: float, out: list[tuple[float, int]]
) -> None:
    i = 0
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            with opener.open(base + PAGES[i % len(PAGES)], timeout=60) as answer:
                answer.read()
                status = answer.status
        except OSError as exc:
            status = getattr(exc, "code", 0) or 0
        out.append((time.perf_counter() - started, status))
        i += 1


def measure(name: str, args: list[str], users: int, seconds: float) -> dict[str, object]:
    port = _port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "formasi.cli", "serve", "--port", str(port), *args]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/akun/masuk/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        openers = [_login(base) for _ in range(users)]
        for opener in openers[:2]:  # warm every page once (caches, imports)
            for page in PAGES:
                opener.open(base + page, timeout=60).read()
        results: list[tuple[float, int]] = []
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=_user, args=(o, base, until, results)) for o in openers]
        load = os.getloadavg()[0]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=120)  # gunicorn lets requests in flight finish (graceful_timeout)
    times = sorted(t for t, _status in results)
    return {
        "server": name,
        "users": users,
        "seconds": seconds,
        "requests": len(results),
        "per_second": round(len(results) / seconds, 1),
        "p50_ms": round(statistics.median(times) * 1000),
        "p95_ms": round(times[int(len(times) * 0.95)] * 1000),
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
