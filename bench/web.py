"""Serving Formasi on 127.0.0.1 and talking to it as a person would (shared by serve.py and
load.py): a free port, the `formasi serve` process (stopped on exit, on Ctrl+C and on errors),
a login through the login form, one timed GET, and the percentiles of the reports.

Only 127.0.0.1: these benches put load on a server, and the only server they may load is one
they started themselves on this machine.
"""

from __future__ import annotations

import http.cookiejar
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
LOGIN_PATH = "/akun/masuk/"


def local_only(host: str) -> str:
    """``host`` when it is 127.0.0.1; anything else stops the bench."""
    if host != HOST:
        raise SystemExit(f"refusing to load {host!r}: the benches only load 127.0.0.1")
    return host


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def formasi_server(
    args: list[str],
    *,
    env: Mapping[str, str] | None = None,
    log: IO[bytes] | int = subprocess.DEVNULL,
    ready_timeout: float = 120.0,
) -> Iterator[str]:
    """`formasi serve --host 127.0.0.1 --port <free> ARGS` in its own process group; yields its
    base URL once the login page answers. The server (gunicorn's workers included) is stopped
    when the block ends, however it ends; SIGTERM lets requests in flight finish."""
    port = free_port()
    base = f"http://{HOST}:{port}"
    command = [sys.executable, "-m", "formasi.cli", "serve", "--host", HOST, "--port", str(port)]
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [*command, *args],
        cwd=ROOT,
        env=dict(env) if env is not None else None,
        stdout=log,
        stderr=subprocess.STDOUT if log is not subprocess.DEVNULL else None,
        start_new_session=True,  # one process group: gunicorn's workers go with it
    )
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped at start (exit code {server.returncode})")
            try:
                urllib.request.urlopen(base + LOGIN_PATH, timeout=5).read()  # noqa: S310
                break
            except OSError as exc:
                if time.monotonic() > deadline:
                    message = f"the server did not answer within {ready_timeout:.0f} s"
                    raise SystemExit(message) from exc
                time.sleep(0.5)
        yield base
    finally:
        _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    group = os.getpgid(server.pid)
    os.killpg(group, signal.SIGTERM)
    try:
        server.wait(timeout=60)  # gunicorn lets requests in flight finish (graceful_timeout)
    except subprocess.TimeoutExpired:
        os.killpg(group, signal.SIGKILL)
        server.wait(timeout=10)


def login(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    """An opener holding the session of ``username``, logged in through the login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + LOGIN_PATH, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise SystemExit("no CSRF token on the login page")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token[1]}
    request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
        base + LOGIN_PATH,
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": base + LOGIN_PATH},
    )
    opener.open(request, timeout=60).read()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit(f"login of {username} failed")
    return opener


def get(
    opener: urllib.request.OpenerDirector,
    url: str,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> tuple[float, int]:
    """GET ``url`` and read the whole answer: (seconds, HTTP status; 0 when no answer came)."""
    request = urllib.request.Request(url, headers=dict(headers or {}))  # noqa: S310
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=timeout) as answer:
            answer.read()
            status = int(answer.status)
    except OSError as exc:  # HTTPError (4xx/5xx), refused, reset, timed out
        status = int(getattr(exc, "code", 0) or 0)
    return time.perf_counter() - started, status


def percentile(values: list[float], q: float) -> float:
    """The ``q`` percentile (0–100) of ``values`` by the nearest-rank method: the smallest value
    with at least q % of the values at or below it."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]
