"""Issue 20: 1,000 concurrent public survey submissions against the running server.

Starts ``formasi serve`` (waitress, 8 threads, 127.0.0.1 only) on a fresh database, then
``--clients`` threads each open a unit's survey page (their own cookie jar: CSRF cookie and the
signed form token) and send it, ``--n`` times in all, spread over ``--units`` puskesmas. A tenth
of the forms are then sent again (a replay). Checks, from the database afterwards: every
submission stored exactly once (each carries a serial in "service received"), none lost, the
replays not stored again, no answer 5xx; prints p50/p95/max of the POSTs and the throughput.

Every request comes from 127.0.0.1, so the bench raises the rate limits and drops the minimum
fill time through their settings (FORMASI_SURVEY_PER_ADDRESS_HOUR, FORMASI_SURVEY_PER_UNIT_HOUR,
FORMASI_SURVEY_MIN_FILL_SECONDS; docs/feedback.md). Bounded: the server gets 60 s to start and
the load ``--timeout`` seconds; the server is stopped by its own process id.

    .venv/bin/python bench/survey_load.py --database sqlite
    .venv/bin/python bench/survey_load.py --database postgres   # BENCH_DATABASE_URL
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
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
FORMASI = str(ROOT / ".venv" / "bin" / "formasi")
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/formasi_survey_bench"
TOKEN = re.compile(r'name="token" value="([^"]+)"')

SETUP = """
import json, django
django.setup()
from formasi.organization.models import Agency, OrgUnit, Region
from formasi.organization.services import TREE_FIELDS, assign_tree_fields
city = Region.objects.create(code="62.71", name="Kota Bench", level="kabupaten_kota")
kec = Region.objects.create(code="62.71.01", name="Kecamatan Bench", level="kecamatan", parent=city)
agency = Agency.unscoped.create(code="62.71", name="Kota Bench", kind="kota", region=city)
dinkes = OrgUnit.unscoped.create(agency=agency, code="DINKES", name="Dinas Kesehatan", kind="opd",
                                 region=kec, path="pending/")
assign_tree_fields(dinkes); dinkes.save(update_fields=TREE_FIELDS)
pks = []
for i in range({units}):
    u = OrgUnit.unscoped.create(agency=agency, parent=dinkes, code=f"PKM{{i}}", kind="puskesmas",
                                name=f"Puskesmas {{i}}", region=kec, path="pending/")
    assign_tree_fields(u); u.save(update_fields=TREE_FIELDS); pks.append(u.pk)
print(json.dumps(pks))
"""

CHECK = """
import json, django
django.setup()
from django.db.models import Count
from formasi.feedback.models import Complaint, SurveyResponse
rows = SurveyResponse.unscoped.filter(service__startswith="bench-")
dupes = rows.values("service").annotate(n=Count("id")).filter(n__gt=1).count()
print(json.dumps({"stored": rows.count(), "distinct": rows.values("service").distinct().count(),
                  "duplicated": dupes, "complaints": Complaint.unscoped.count()}))
"""


def _env(database: str, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SECRET_KEY="bench-survey",  # noqa: S106 - a throwaway bench key
        FORMASI_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="formasi.settings",
        CACHE_URL="",
        FORMASI_SURVEY_PER_ADDRESS_HOUR="1000000",
        FORMASI_SURVEY_PER_UNIT_HOUR="1000000",
        FORMASI_SURVEY_MIN_FILL_SECONDS="0",
    )
    env.pop("DATABASE_URL", None)
    if database == "postgres":
        env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    return env


def _recreate_pg(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(port: int, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not start on port {port} within {limit} s")


def _submit(base: str, unit: int, serial: int, replay: bool) -> dict[str, object]:
    """Open the form, send it (and once more when ``replay``): statuses and the POST's time."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/survei/{unit}/"
    page = opener.open(url, timeout=60).read().decode()
    found = TOKEN.search(page)
    csrf = next((c.value for c in jar if c.name == "csrftoken"), "")
    data = {"csrfmiddlewaretoken": csrf, "token": found.group(1) if found else "", "website": ""}
    data.update({f"u{i}": str(1 + (serial + i) % 4) for i in range(1, 10)})
    data["service"] = f"bench-{serial}"
    if serial % 5 == 0:
        data["text"] = f"Saran nomor {serial}"
    body = urllib.parse.urlencode(data).encode()
    statuses = []
    seconds = 0.0
    for attempt in range(2 if replay else 1):
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=60) as answer:
                statuses.append(answer.status)
                text = answer.read().decode()
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            text = ""
        if attempt == 0:
            seconds = time.perf_counter() - started
            if statuses[0] == 200 and "survey-thanks" not in text:
                statuses[0] = -1  # a 200 that is not the thank-you page
    return {"statuses": statuses, "seconds": seconds}


def _load(base: str, units: list[int], n: int, clients: int, timeout: float) -> list[dict]:
    results = []
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [
            pool.submit(_submit, base, units[i % len(units)], i, i % 10 == 0) for i in range(n)
        ]
        for future in as_completed(futures, timeout=timeout):
            results.append(future.result())
    results.append({"wall": time.monotonic() - started})
    return results


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=600)
    opts = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="formasi-survey-bench-")
    env = _env(opts.database, data_dir)
    if opts.database == "postgres":
        _recreate_pg(env["DATABASE_URL"])
    migrate = [FORMASI, "migrate", "--no-input", "-v", "0"]
    subprocess.run(migrate, env=env, check=True, cwd=ROOT)  # noqa: S603
    made = subprocess.run(  # noqa: S603
        [PY, "-c", SETUP.format(units=opts.units)], env=env, check=True, cwd=ROOT,
        capture_output=True, text=True,
    )  # fmt: skip
    units = json.loads(made.stdout.strip().splitlines()[-1])
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [FORMASI, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_up(port)
        results = _load(f"http://127.0.0.1:{port}", units, opts.n, opts.clients, opts.timeout)
    finally:
        server.terminate()
        server.wait(timeout=30)
    wall = float(results.pop()["wall"])
    checked = subprocess.run(  # noqa: S603
        [PY, "-c", CHECK], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    )
    stored = json.loads(checked.stdout.strip().splitlines()[-1])
    firsts = [r["statuses"][0] for r in results]  # type: ignore[index]
    replays = [r["statuses"][1] for r in results if len(r["statuses"]) > 1]  # type: ignore[arg-type]
    seconds = [float(r["seconds"]) for r in results]  # type: ignore[arg-type]
    report = {
        "database": opts.database,
        "submissions": opts.n,
        "clients": opts.clients,
        "units": opts.units,
        "status_first": {str(s): firsts.count(s) for s in sorted(set(firsts))},
        "status_replay": {str(s): replays.count(s) for s in sorted(set(replays))},
        "server_errors": sum(1 for s in firsts + replays if s >= 500),
        "stored": stored,
        "post_ms": {
            "p50": round(statistics.median(seconds) * 1000, 1),
            "p95": round(_percentile(seconds, 0.95) * 1000, 1),
            "max": round(max(seconds) * 1000, 1),
        },
        "wall_s": round(wall, 2),
        "per_second": round(opts.n / wall, 1),
    }
    print(json.dumps(report, indent=2))
    ok = (
        stored["stored"] == opts.n
        and stored["distinct"] == opts.n
        and stored["duplicated"] == 0
        and report["server_errors"] == 0
        and firsts.count(200) == opts.n
    )
    print("OK: every submission stored exactly once" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
