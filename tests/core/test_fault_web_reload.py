"""The web server's processes replaced under load (issue 21, "Reliability under faults"): no
request fails.

`formasi serve --workers 2` (gunicorn, as the systemd unit of docs/deploy.md runs it) serves
the login page — a page that needs no database, so the test needs no migration — to client
threads that each send one request after the other, on a connection of their own, as a
reverse proxy does. Meanwhile the master gets SIGHUP (``systemctl reload formasi-web``:
every worker replaced by a new one), and later one worker gets SIGTERM (the master starts
another). Every request must get its page: none refused, reset or answered 5xx.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.core.servers import Web, app_env, request, wait_for

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="needs no database; once (in the SQLite run) is enough",
)

PAGE = "/akun/masuk/"
CLIENTS = 6


@dataclass
class Load:
    """CLIENTS threads requesting PAGE until stopped; (sent, answered, status, error) each."""

    port: int
    done: list[tuple[float, float, int, str]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for _ in range(CLIENTS):
            thread = threading.Thread(target=self._client, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _client(self) -> None:
        while not self._stop.is_set():
            sent = time.monotonic()
            status, body = request(self.port, PAGE)
            self.done.append((sent, time.monotonic(), status, "" if status else str(body)))

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=40)

    def failed(self) -> list[tuple[float, float, int, str]]:
        return [r for r in self.done if r[2] == 0 or r[2] >= 500]

    def answered_between(self, start: float, end: float) -> int:
        return sum(1 for _, answered, status, _ in self.done if start <= answered <= end and status)


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    server = Web(app_env(tmp_path), tmp_path / "web.log", workers=2, threads=4)
    try:
        server.wait_ready(PAGE)
        yield server
    finally:
        server.stop()


def _replaced(web: Web, old: set[int], count: int) -> bool:
    pids = web.worker_pids()
    return len(pids) == web.workers and len(pids - old) >= count


def test_reload_and_a_replaced_worker_fail_no_request(web: Web) -> None:
    load = Load(web.port)
    load.start()
    try:
        wait_for(lambda: len(load.done) >= 20, 30, "the load never got going")
        first = web.worker_pids()
        hup = time.monotonic()
        web.signal(signal.SIGHUP)  # systemctl reload formasi-web (ExecReload=kill -HUP)
        wait_for(lambda: _replaced(web, first, 2), 60, "SIGHUP did not replace the workers")
        reloaded = time.monotonic()
        wait_for(lambda: load.answered_between(reloaded, time.monotonic()) >= 20, 30, "no load")

        second = web.worker_pids()
        victim = min(second)
        web.signal(signal.SIGTERM, victim)  # one worker stops (as after --max-requests)
        wait_for(lambda: _replaced(web, second, 1) and victim not in web.worker_pids(), 60,
                 "the master did not replace the stopped worker")  # fmt: skip
        replaced = time.monotonic()
        wait_for(lambda: load.answered_between(replaced, time.monotonic()) >= 20, 30, "no load")
    finally:
        load.stop()

    assert load.failed() == [], web.output()[-3000:]
    assert web.popen.poll() is None
    # The load went on while the workers were being replaced, not only before and after.
    assert load.answered_between(hup, reloaded) > 0
    assert len(load.done) >= 60
