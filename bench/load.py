"""Issue 21: the production deployment under 50 simulated users (or the embedded demo under 20).

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/load.py [--employees 1000000] [--reuse] [--users 50] \\
        [--duration 300] [--think 1 3] [--alone-repeat 7]
    SECRET_KEY=bench .venv/bin/python bench/load.py --sqlite-demo --users 20 [--reuse]

Phase 0, the data. PostgreSQL (default): the database of BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/formasi_bench, run.py's: same marker, so ``--reuse`` keeps
a database run.py loaded and the reverse) is dropped, migrated and loaded with
bench/generate.py's national workforce (COPY), timed; ``--reuse`` keeps it when its size, seed
and generator match and no migration is pending. ``--sqlite-demo``: ``formasi demo --no-serve``
into its own data folder (the embedded SQLite demo city; ``--reuse`` keeps the file). Then the
bench's users (passwords set, API tokens made with the token service): a BKPSDM planner
(role admin) of an ordinary agency, the admin of the largest agency, an OPD operator of that
agency's largest OPD, a national superuser; see PERSONAS for the share of each.

Phase 1, alone: the server is started (below); every path of every persona is requested once
to warm up, then ``--alone-repeat`` times in a row by one client; its median is the path's
time "alone". A path answering 403/404 to a persona is not offered to it (the menu hides it)
and is left out of the mix, with a note.

Phase 2, load: USERS simulated users (persona by share), each with its own session (logged in
through the login form) or its persona's API token, click through their persona's pages at
random (weights in ``session_pages``/``api_pages``) with a think time drawn uniformly from
``--think`` (default 1–3 s) between the answer and the next click, starts spread over the first
think time, for ``--duration`` seconds (at most 300). Static files are not fetched (a browser
has them cached). Nothing is written but sessions, so the figures cache stays warm.

The server: PostgreSQL is served with the production settings of docs/deploy.md:
``formasi serve --workers 2 --threads 4`` (gunicorn, N = the 2 cores), DEBUG off, the figures
cache in Redis (``--redis-db``, a database of this bench's own, flushed first), CONN_MAX_AGE
60, FORMASI_API_RATE raised so the load is not throttled. The demo is served as ``formasi
serve`` serves it by default: one waitress process with 8 threads, SQLite, per-process cache.
Everything runs on 127.0.0.1 (anything else is refused); the server is stopped on exit and on
Ctrl+C.

Output: progress on stderr; on stdout one JSON line per path (persona, page, count, errors,
p50, p95, alone median, fast) and a last summary line: overall p95, p95 of the paths that
answer alone in under 50 ms ("fast"), errors, verdict (zero errors and fast p95 < 300 ms;
for the demo its p95 next to the 2.3 s of issue 21). The whole report goes to
bench/results/load-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import run
import web

BENCH_DIR = Path(__file__).resolve().parent
MAX_DURATION_S = 300.0
FAST_ALONE_MS = 50.0
TARGET_P95_MS = 300.0
REQUEST_TIMEOUT_S = 60.0
SLOW_WARM_UP_S = 1.0
PASSWORD = "bench-load-password"  # noqa: S105 - bench users on a bench database
TOKEN_NAME = "bench load"  # noqa: S105 - a token's label
#: Issue 21's figures for the embedded demo (SQLite, waitress 1×8, 20 users), in ms.
DEMO_BASELINE = {"p95": 2300, "dashboard under load": 1400, "peta jabatan under load": 3700}
#: Who the simulated users are, and their share of them.
PERSONAS = {
    "planner": 0.34,  # BKPSDM planner (role admin) of an ordinary kabupaten/kota
    "admin": 0.20,  # admin of the largest agency (Pemprov DKI at 1,000,000)
    "opd": 0.20,  # OPD operator of that agency's largest OPD
    "national": 0.06,  # superuser: every agency
    "api planner": 0.12,  # a program with the planner's API token
    "api admin": 0.08,  # a program with the admin's API token
}
DEMO_DIR = Path("/tmp/formasi-load-demo")  # noqa: S108 - the bench's own demo data


@dataclass
class Page:
    name: str
    urls: list[str]
    weight: int = 1


@dataclass
class Persona:
    name: str
    pages: list[Page]
    username: str = ""  # a session user
    token: str = ""  # an API program


@dataclass
class Hit:
    persona: str
    page: str
    seconds: float
    status: int


# --- pure parts ------------------------------------------------------------------------------


def assign_personas(users: int, shares: dict[str, float]) -> list[str]:
    """``users`` persona names in the given shares (largest remainder; every persona with a
    share gets at least one user when there are enough users), interleaved."""
    raw = {name: users * share / sum(shares.values()) for name, share in shares.items()}
    counts = {name: int(value) for name, value in raw.items()}
    for name in sorted(raw, key=lambda n: raw[n] - counts[n], reverse=True):
        if sum(counts.values()) >= users:
            break
        counts[name] += 1
    for name in shares:
        if counts[name] == 0 and users >= len(shares):
            donor = max(counts, key=lambda n: counts[n])
            counts[donor] -= 1
            counts[name] = 1
    order: list[str] = []
    while len(order) < users:
        for name in shares:
            if counts[name] > order.count(name):
                order.append(name)
    return order


def summarize(
    hits: Sequence[Hit], alone_ms: dict[tuple[str, str], float], seconds: float
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per path (persona, page): count, errors, p50, p95, the median alone and whether it is
    fast alone; overall: requests per second, p95 of everything and of the fast paths."""
    by_path: dict[tuple[str, str], list[Hit]] = defaultdict(list)
    for hit in hits:
        by_path[(hit.persona, hit.page)].append(hit)
    rows = []
    for (persona, page), group in sorted(by_path.items()):
        times = [h.seconds * 1000 for h in group]
        alone = alone_ms.get((persona, page))
        rows.append(
            {
                "persona": persona,
                "page": page,
                "count": len(group),
                "errors": sum(h.status != 200 for h in group),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(web.percentile(times, 95), 1),
                "alone_ms": alone,
                "fast": alone is not None and alone < FAST_ALONE_MS,
            }
        )
    fast_paths = {(r["persona"], r["page"]) for r in rows if r["fast"]}
    all_ms = [h.seconds * 1000 for h in hits]
    fast_ms = [h.seconds * 1000 for h in hits if (h.persona, h.page) in fast_paths]
    errors = sum(h.status != 200 for h in hits)
    summary = {
        "requests": len(hits),
        "per_second": round(len(hits) / seconds, 1) if seconds else 0.0,
        "errors": errors,
        "p50_ms": round(statistics.median(all_ms), 1) if all_ms else None,
        "p95_ms": round(web.percentile(all_ms, 95), 1) if all_ms else None,
        "fast_paths": len(fast_paths),
        "fast_requests": len(fast_ms),
        "fast_p95_ms": round(web.percentile(fast_ms, 95), 1) if fast_ms else None,
    }
    summary["passed"] = bool(
        hits and errors == 0 and fast_ms and summary["fast_p95_ms"] < TARGET_P95_MS
    )
    return rows, summary


def page_p95(hits: Sequence[Hit], page: str) -> float | None:
    """p95 in ms of every request of ``page``, all personas together."""
    times = [h.seconds * 1000 for h in hits if h.page == page]
    return round(web.percentile(times, 95), 1) if times else None


# --- phase 0: data and users -----------------------------------------------------------------


def setup_postgres(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The loaded PostgreSQL database (run.py's marker and loader); its URL and the load's
    timings."""
    url = run.bench_database_url()
    marker = {"employees": args.employees, "seed": args.seed, "version": run.MARKER_VERSION}
    load = run.prepare_database(url, marker, args.reuse)
    run.setup_django()
    from django.core.management import call_command
    from django.db import connections

    if not load and run.pending_migrations():
        note("the reused database lacks migrations of this checkout: loading it again")
        connections.close_all()
        load = run.prepare_database(url, marker, reuse=False)
    info: dict[str, Any] = {"reused": not load}
    if load:
        from generate import generate

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        info["migrate_s"] = round(time.perf_counter() - started, 1)
        summary = generate(args.employees, seed=args.seed, progress=lambda m: note(f"  {m}"))
        info["generate"] = asdict(summary)
        info["total_s"] = round(time.perf_counter() - started, 1)
        run.mark_loaded(marker)
        note(f"{args.employees:,} employees loaded in {info['total_s']} s")
    return url, info


def setup_demo(args: argparse.Namespace) -> dict[str, Any]:
    """The embedded demo (``formasi demo --no-serve``) in DEMO_DIR, set up in this process."""
    env = demo_env()
    if not args.reuse and DEMO_DIR.exists():
        shutil.rmtree(DEMO_DIR)
    started = time.perf_counter()
    command = [sys.executable, "-m", "formasi.cli", "demo", "--no-serve"]
    done = subprocess.run(command, cwd=web.ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit("formasi demo --no-serve failed")
    info = {"demo_s": round(time.perf_counter() - started, 1), "data_dir": str(DEMO_DIR)}
    note(f"demo ready in {info['demo_s']} s ({DEMO_DIR})")
    os.environ.clear()
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    sys.path.insert(0, str(web.ROOT / "src"))
    import django

    django.setup()
    return info


def demo_env() -> dict[str, str]:
    """The environment of the demo as a person starts it: SQLite in its data folder, the
    cache in each process's memory."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")}
    env.pop("FORMASI_CACHE_URL", None)
    env["FORMASI_DATA_DIR"] = str(DEMO_DIR)
    env.setdefault("SECRET_KEY", "bench")
    env["FORMASI_API_RATE"] = "1000000/minute"
    return env


def production_env(database_url: str, redis_url: str) -> dict[str, str]:
    """docs/deploy.md's settings: PostgreSQL, the shared Redis cache, DEBUG off; the API rate
    raised for the bench."""
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DEBUG")}
    env |= {
        "DATABASE_URL": database_url,
        "FORMASI_CACHE_URL": redis_url,
        "FORMASI_API_RATE": "1000000/minute",
        "CONN_MAX_AGE": "60",
    }
    env.setdefault("SECRET_KEY", "bench")
    return env


def make_users() -> dict[str, Any]:
    """The bench's users, password PASSWORD: planner, admin, opd, national."""
    from django.db.models import Count

    from formasi.accounts.models import User
    from formasi.core.permissions import Role
    from formasi.organization.models import Agency, OrgUnit
    from formasi.workforce.models import Employee

    sizes = (
        Employee.unscoped.filter(active=True)
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by("-n", "agency_id")
    )
    ranked = [row["agency_id"] for row in sizes]
    big = Agency.unscoped.get(pk=ranked[0])
    ordinary = Agency.unscoped.get(pk=ranked[len(ranked) // 2])
    opd_sizes = (
        Employee.unscoped.filter(active=True, agency=big, unit__opd__isnull=False)
        .values("unit__opd_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    opd = OrgUnit.unscoped.get(pk=opd_sizes[0]["unit__opd_id"])
    specs = {
        "planner": {"role": Role.ADMIN, "agency": ordinary, "is_superuser": False},
        "admin": {"role": Role.ADMIN, "agency": big, "is_superuser": False},
        "opd": {"role": Role.OPD_OPERATOR, "agency": big, "org_unit": opd, "is_superuser": False},
        "national": {"is_superuser": True, "is_staff": True},
    }
    users = {}
    for label, fields in specs.items():
        user, _created = User.objects.update_or_create(
            username=f"bench-load-{label}", defaults={"is_active": True, **fields}
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        users[label] = user
    return users


def make_token(user: Any) -> str:
    """A fresh API token of ``user`` (its earlier bench tokens revoked)."""
    from formasi.accounts.models import AccessToken
    from formasi.accounts.token_services import create_token, revoke_token

    for old in AccessToken.objects.filter(user=user, name=TOKEN_NAME).open():
        revoke_token(actor=user, token=old)
    _token, secret = create_token(actor=user, name=TOKEN_NAME)
    return secret


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _spread_ids(qs: Any, n: int) -> list[int]:
    """``n`` primary keys of ``qs`` spread evenly over its id range (no ORDER BY random())."""
    ids = qs.order_by("id").values_list("id", flat=True)
    first, last = ids.first(), ids.last()
    if first is None:
        return []
    picked = {ids.filter(id__gte=first + (last - first) * i // n).first() for i in range(n)}
    return sorted(pk for pk in picked if pk is not None)


def _opds(user: Any, agency: Any) -> list[int]:
    """The OPD of an OPD operator; otherwise ``agency``'s largest OPD and one of middle size."""
    from django.db.models import Count

    from formasi.workforce.models import Employee

    if user.org_unit_id:
        return [user.org_unit.opd_id or user.org_unit_id]
    rows = list(
        Employee.unscoped.filter(active=True, agency=agency, unit__opd__isnull=False)
        .values("unit__opd_id")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__opd_id")
        .values_list("unit__opd_id", flat=True)
    )
    return sorted({rows[0], rows[len(rows) // 2]}) if rows else []


def session_pages(user: Any, big_agency: Any) -> list[Page]:
    """The main pages of the menu as ``user`` sees them, weighted by how often people open
    them (the dashboard and the employee list most)."""
    from formasi.workforce.models import Employee

    staff = Employee.unscoped.visible_to(user).filter(active=True)
    prefix = run._name_prefix(user)
    people = _spread_ids(staff, 5)
    opds = _opds(user, user.agency or big_agency)
    return [
        Page("dashboard", ["/"], 4),
        Page("employee list", ["/pegawai/"], 3),
        Page("employee list page", [f"/pegawai/?page={n}" for n in (2, 3, 5, 10)], 2),
        Page("employee list sorted", ["/pegawai/?sort=-birth_date"], 1),
        Page("employee list search", [f"/pegawai/?q={prefix}"], 1),
        Page("employee", [f"/pegawai/{pk}/" for pk in people], 2),
        Page("search", [f"/cari/?q={prefix}"], 1),
        Page("units", ["/organisasi/unit/"], 1),
        Page("positions", ["/organisasi/jabatan/"], 1),
        Page("peta jabatan", ["/perencanaan/peta-jabatan/"], 1),
        Page("peta jabatan OPD", [f"/perencanaan/peta-jabatan/{pk}/" for pk in opds], 1),
        Page("needs by area", ["/perencanaan/wilayah/"], 1),
        Page("five-year plan", ["/perencanaan/rencana/"], 1),
        Page("vacancies", ["/perencanaan/lowongan/"], 1),
        Page("proposals", ["/usulan/"], 1),
        Page("equity", ["/pemerataan/"], 1),
        Page("skp", ["/talenta/"], 1),
        Page("9-box", ["/talenta/9-box/"], 1),
        Page("talent pool", ["/talenta/kelompok-suksesi/"], 1),
        Page("training plan", ["/pelatihan/"], 1),
    ]


def api_pages(user: Any) -> list[Page]:
    """What a program reads through the API with ``user``'s token."""
    from formasi.workforce.models import Employee

    people = _spread_ids(Employee.unscoped.visible_to(user).filter(active=True), 5)
    pages = [f"/api/v1/employees?page_size=50&page={n}" for n in (2, 3, 5, 10)]
    return [
        Page("api dashboard", ["/api/v1/dashboard"], 3),
        Page("api employees", ["/api/v1/employees?page_size=50"], 3),
        Page("api employees page", pages, 2),
        Page("api employee", [f"/api/v1/employees/{pk}" for pk in people], 2),
        Page("api units", ["/api/v1/units"], 1),
        Page("api positions", ["/api/v1/positions"], 1),
        Page("api vacancies", ["/api/v1/plan/vacancies"], 1),
        Page("api proposals", ["/api/v1/proposals"], 1),
        Page("api nine-box", ["/api/v1/talent/nine-box"], 1),
        Page("api equity", ["/api/v1/equity/areas"], 1),
    ]


def make_personas() -> dict[str, Persona]:
    """Users, tokens and the pages of every persona of PERSONAS."""
    users = make_users()
    big = users["admin"].agency
    personas = {
        label: Persona(label, session_pages(user, big), username=user.username)
        for label, user in users.items()
    }
    for label, user in (("api planner", users["planner"]), ("api admin", users["admin"])):
        personas[label] = Persona(label, api_pages(user), token=make_token(user))
    return personas


# --- phases 1 and 2: alone, then under load --------------------------------------------------


@dataclass
class Client:
    """One simulated person or program: a session or a token."""

    persona: Persona
    opener: urllib.request.OpenerDirector
    headers: dict[str, str]

    def get(self, base: str, url: str) -> tuple[float, int]:
        return web.get(self.opener, base + url, self.headers, timeout=REQUEST_TIMEOUT_S)


def connect(base: str, persona: Persona) -> Client:
    if persona.token:
        opener = urllib.request.build_opener()
        return Client(persona, opener, {"Authorization": f"Bearer {persona.token}"})
    return Client(persona, web.login(base, persona.username, PASSWORD), {})


def measure_alone(
    base: str, personas: dict[str, Persona], repeat: int
) -> tuple[dict[tuple[str, str], float], list[str]]:
    """Median ms of every (persona, page) requested alone ``repeat`` times (once when its
    warm-up took over SLOW_WARM_UP_S), after one warm-up per URL; URLs answering 403/404 are
    taken out of the persona's pages (with a note)."""
    alone: dict[tuple[str, str], float] = {}
    notes: list[str] = []
    for persona in personas.values():
        client = connect(base, persona)
        kept = []
        for page in persona.pages:
            urls, warm = [], 0.0
            for url in page.urls:
                seconds, status = client.get(base, url)
                if status in (403, 404):
                    notes.append(f"{persona.name}: {url} answers {status}, left out of the mix")
                else:
                    urls.append(url)
                    warm = max(warm, seconds)
            if not urls:
                continue
            page.urls = urls
            kept.append(page)
            # A path over SLOW_WARM_UP_S at warm-up is far from the 50 ms line: once is enough.
            n = 1 if warm > SLOW_WARM_UP_S else repeat
            times = [client.get(base, urls[i % len(urls)])[0] * 1000 for i in range(n)]
            median = alone[(persona.name, page.name)] = round(statistics.median(times), 1)
            note(f"  alone {persona.name:<12} {page.name:<22} {median:8.1f} ms")
        persona.pages = kept
    return alone, notes


def walk(
    client: Client,
    base: str,
    until: float,
    think: tuple[float, float],
    rng: random.Random,
    out: list[Hit],
) -> None:
    """Click through the persona's pages until ``until``: a page by weight, one of its URLs,
    then a think time drawn uniformly from ``think``. The first click comes after a pause
    drawn from [0, think max], so that the users do not all start at once."""
    pages = client.persona.pages
    weights = [p.weight for p in pages]
    pause = rng.uniform(0, think[1])
    while time.monotonic() + pause < until:
        time.sleep(pause)
        page = rng.choices(pages, weights)[0]
        seconds, status = client.get(base, rng.choice(page.urls))
        out.append(Hit(client.persona.name, page.name, seconds, status))
        pause = rng.uniform(*think)


def measure_load(
    base: str,
    personas: dict[str, Persona],
    users: int,
    duration: float,
    think: tuple[float, float],
    seed: int,
) -> tuple[list[Hit], float]:
    """USERS clients walking at once for ``duration`` seconds: their hits and the wall time."""
    names = assign_personas(users, {name: PERSONAS[name] for name in personas})
    note(f"logging {users} users in: " + ", ".join(f"{n} {names.count(n)}" for n in personas))
    clients = [connect(base, personas[name]) for name in names]
    hits: list[Hit] = []
    started = time.monotonic()
    until = started + duration
    threads = [
        threading.Thread(
            target=walk,
            args=(c, base, until, think, random.Random(seed * 1000 + i), hits),
            daemon=True,  # Ctrl+C does not wait for the users' last clicks
        )
        for i, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, until - time.monotonic()) + REQUEST_TIMEOUT_S + 5)
    return list(hits), time.monotonic() - started


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite-demo", action="store_true", help="the embedded demo instead")
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep loaded data (see above)")
    parser.add_argument("--users", type=int, help="simulated users (default 50; demo 20)")
    parser.add_argument("--duration", type=float, default=MAX_DURATION_S, help="seconds, ≤ 300")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--alone-repeat", type=int, default=7)
    parser.add_argument(
        "--persona",
        action="append",
        choices=list(PERSONAS),
        help="only these personas (repeatable; default all, in PERSONAS' shares)",
    )
    parser.add_argument("--host", default=web.HOST, help="only 127.0.0.1 is accepted")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (PostgreSQL)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--redis-db", type=int, default=12, help="Redis database, flushed first")
    args = parser.parse_args(argv)
    web.local_only(args.host)
    if not 0 < args.duration <= MAX_DURATION_S:
        parser.error(f"--duration must be in (0, {MAX_DURATION_S:.0f}] seconds")
    if not 0 <= args.think[0] <= args.think[1]:
        parser.error("--think MIN MAX with 0 ≤ MIN ≤ MAX")
    if args.users is None:
        args.users = 20 if args.sqlite_demo else 50
    return args


def prepare(args: argparse.Namespace) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """Phase 0: data, users, pages; the server's command-line arguments and environment."""
    if args.sqlite_demo:
        info = {"database": "SQLite (embedded demo)"} | setup_demo(args)
        server_args: list[str] = []  # formasi serve's default: waitress, 1 process, 8 threads
        env = demo_env()
    else:
        url, load_info = setup_postgres(args)
        redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        info = {"database": "PostgreSQL", "employees": args.employees, "load": load_info}
        server_args = ["--workers", str(args.workers), "--threads", str(args.threads)]
        env = production_env(url, redis_url)
    info["server"] = "formasi serve " + (" ".join(server_args) or "(waitress 1×8)")
    return info, server_args, env


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    commit = run.checkout()
    info, server_args, env = prepare(args)
    from django.db import connections

    personas = {n: p for n, p in make_personas().items() if n in (args.persona or PERSONAS)}
    connections.close_all()  # the server has the database to itself
    log_path = BENCH_DIR / "results" / f"load-server-{datetime.now():%Y%m%d-%H%M%S}.log"
    log_path.parent.mkdir(exist_ok=True)
    with log_path.open("wb") as log, web.formasi_server(server_args, env=env, log=log) as base:
        note(f"{info['server']} at {base}; alone, {args.alone_repeat} times per path")
        alone, notes = measure_alone(base, personas, args.alone_repeat)
        load_before = os.getloadavg()[0]
        low, high = args.think
        note(f"load: {args.users} users, {args.duration:.0f} s, think uniform {low}–{high} s")
        hits, seconds = measure_load(
            base, personas, args.users, args.duration, tuple(args.think), args.seed
        )
    rows, summary = summarize(hits, alone, seconds)
    summary |= {
        "when": datetime.now().isoformat(timespec="seconds"),
        "commit": commit,
        "users": args.users,
        "duration_s": round(seconds, 1),
        "think_s": f"uniform {args.think[0]}–{args.think[1]}",
        "load_average_before": round(load_before, 1),
        "target": (
            f"zero errors, p95 < {TARGET_P95_MS:.0f} ms over the paths answering alone in "
            f"< {FAST_ALONE_MS:.0f} ms"
        ),
        "notes": notes,
        **info,
    }
    if args.sqlite_demo:
        summary["baseline_ms"] = DEMO_BASELINE
        summary["dashboard_p95_ms"] = page_p95(hits, "dashboard")
        summary["peta_jabatan_opd_p95_ms"] = page_p95(hits, "peta jabatan OPD")
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    out = BENCH_DIR / "results" / f"load-{datetime.now():%Y%m%d-%H%M%S}.json"
    report = {"summary": summary, "paths": rows}
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    note(verdict(summary, args.sqlite_demo) + f"; report in {out.relative_to(web.ROOT)}")
    return 0 if summary["passed"] or args.sqlite_demo else 1


def verdict(summary: dict[str, Any], demo: bool) -> str:
    if demo:
        return (
            f"demo, {summary['users']} users: p95 {summary['p95_ms']} ms "
            f"(issue 21: {DEMO_BASELINE['p95']} ms), errors {summary['errors']}"
        )
    return (
        f"{'PASS' if summary['passed'] else 'FAIL'}: errors {summary['errors']}, p95 of the "
        f"{summary['fast_paths']} paths under {FAST_ALONE_MS:.0f} ms alone "
        f"{summary['fast_p95_ms']} ms (target < {TARGET_P95_MS:.0f}), "
        f"all paths {summary['p95_ms']} ms"
    )


def _interrupted(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


if __name__ == "__main__":
    # Ctrl+C, and a kill (SIGTERM) as well: unwind, so that formasi_server stops the server.
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)  # also when started in the background
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        note("interrupted: the server is stopped")
        sys.exit(130)
