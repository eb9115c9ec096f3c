"""Before/after timings of the performance fixes proposed in bench/README.md.

Run after bench/run.py has loaded the bench database (this script only reuses it):

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/experiments.py [--repeat 7] [--only NAME ...]

Each experiment changes one thing, in this process only: a function of the product is
monkeypatched (an index would be created by hand in the bench database and dropped again). It
times the pages the change should affect without and with it. The experiment "all" applies
every change together and times every page of every user, like run.py. Nothing under src/ is
modified; the README says how each change would be written in the product.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py, importable once bench/ is on the path

Case = tuple[str, str]  # (user, page name as in run.pages_for)
ALL = [
    (u, p)
    for u in ("superuser", "admin", "opd_operator", "evaluator")
    for p in ("dashboard", "list", "filtered", "sorted", "search", "page 50", "api")
]


@dataclass
class Experiment:
    name: str
    change: str
    cases: list[Case]
    apply: Callable[[], Any]  # a context manager factory: applied inside, undone on exit


# --- the changes ---------------------------------------------------------------------------


@contextmanager
def patched(target: Any, attribute: str, value: Any) -> Iterator[None]:
    original = getattr(target, attribute)
    setattr(target, attribute, value)
    try:
        yield
    finally:
        setattr(target, attribute, original)


def _multi_agency(user: Any) -> bool:
    from formasi.core.permissions import Role, role_of

    return user.is_superuser or role_of(user) == Role.EVALUATOR


def districts_where_units_stand() -> Any:
    """The kecamatan filter offers the kecamatan where the user's units stand (OrgUnit.district)
    instead of those whose kabupaten/kota is an agency's region: a provincial agency, whose
    region is the province, got none."""
    from formasi.organization.models import OrgUnit, Region
    from formasi.workforce.filters import EmployeeFilterForm

    original = EmployeeFilterForm.__init__

    def __init__(self: Any, *args: Any, user: Any, **kwargs: Any) -> None:
        original(self, *args, user=user, **kwargs)
        units = OrgUnit.objects.visible_to(user)
        districts = Region.objects.filter(pk__in=units.values("district_id")).order_by("name")
        self.fields["district"].queryset = districts
        if self.multi_agency:  # the dropdown lists the chosen agency's kecamatan only
            chosen = self._raw_pk("agency")
            units = units.filter(agency_id=chosen) if chosen else units.none()
            self._show_choices("district", districts.filter(pk__in=units.values("district_id")))
            self.fields["district"].widget.choices = self.fields["district"].choices

    return patched(EmployeeFilterForm, "__init__", __init__)


def per_agency_headcount() -> Any:
    """For users who see several agencies: keep the figures of each agency in the cache on
    that agency's own data version and add them up, so that a change in one agency recounts
    that agency only (one grouped query) instead of the whole scope."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db.models import Count, Q

    from formasi.core.models import DataVersion
    from formasi.core.permissions import Action
    from formasi.organization.models import Agency
    from formasi.workforce import dashboard
    from formasi.workforce.filters import AGE_BANDS, birth_range
    from formasi.workforce.models import Employee

    original = dashboard.headcount

    def count_agencies(agency_ids: list[int], today: date) -> dict[int, dict[str, Any]]:
        bands = {
            code: Count("id", filter=Q(birth_date__gt=start, birth_date__lte=end))
            for code, *_r in AGE_BANDS
            for start, end in [birth_range(code, today)]
        }
        counts = {a: {"status": Counter(), "age": Counter()} for a in agency_ids}
        rows = (
            Employee.unscoped.filter(agency_id__in=agency_ids, active=True)
            .order_by()
            .values("agency_id", "status")
            .annotate(n=Count("id"), **bands)
        )
        for row in rows:
            counts[row["agency_id"]]["status"][row["status"]] += row["n"]
            for code, *_r in AGE_BANDS:
                counts[row["agency_id"]]["age"][code] += row[code]
        return counts

    def headcount(user: Any, today: date) -> Any:
        if not _multi_agency(user):
            return original(user, today)
        agency_ids = sorted(
            Agency.objects.visible_to(user, Action.VIEW).values_list("pk", flat=True)
        )
        versions = dict(
            DataVersion.objects.filter(agency_id__in=agency_ids).values_list("agency_id", "version")
        )
        keys = {
            a: f"formasi:headcount-agency:{today.isoformat()}:{a}:{versions.get(a, 0)}"
            for a in agency_ids
        }
        found = cache.get_many(list(keys.values()))
        missing = [a for a, key in keys.items() if key not in found]
        if missing:
            fresh = {keys[a]: value for a, value in count_agencies(missing, today).items()}
            cache.set_many(fresh, settings.FIGURES_CACHE_SECONDS)
            found |= fresh
        by_status: Counter[str] = Counter()
        by_age: Counter[str] = Counter()
        by_group = {}
        for a, key in keys.items():
            by_status.update(found[key]["status"])
            by_age.update(found[key]["age"])
            if total := sum(found[key]["status"].values()):
                by_group[a] = total
        counts = dashboard.Counts(
            by_status=dict(by_status),
            by_group=by_group,
            by_district={},
            by_age={code: by_age[code] for code, *_r in AGE_BANDS},
            multi_agency=True,
        )
        return dashboard.label(counts)

    return dashboard_headcount(headcount)


@contextmanager
def dashboard_headcount(function: Callable[..., Any]) -> Iterator[None]:
    from formasi.workforce import api, views

    with patched(views, "headcount", function), patched(api, "headcount", function):
        yield


def _both(*changes: Callable[[], Any]) -> Any:
    stack = ExitStack()
    for change in changes:
        stack.enter_context(change())
    return stack


def everything() -> Any:
    return _both(districts_where_units_stand, per_agency_headcount)


MULTI = ("superuser", "evaluator")
EXPERIMENTS = [
    Experiment(
        "district-choices",
        "kecamatan filter offers the kecamatan where the user's units stand",
        [(u, "filtered") for u in ("superuser", "admin", "opd_operator", "evaluator")],
        districts_where_units_stand,
    ),
    Experiment(
        "per-agency-figures",
        "dashboard figures of several agencies added up from per-agency cache entries",
        [(u, "dashboard") for u in MULTI],
        per_agency_headcount,
    ),
    Experiment("all", "both changes together", ALL, everything),
]


# --- running -------------------------------------------------------------------------------


def measure(cases: list[Case], users: dict[str, Any], repeat: int) -> dict[Case, run.Result]:
    from django.test import Client

    results = {}
    for label in dict.fromkeys(u for u, _p in cases):
        client = Client()
        client.force_login(users[label])
        pages = {p.name: p for p in run.pages_for(users[label])}
        changed_agency = run.largest_agency(users[label])
        for user_label, page_name in cases:
            if user_label == label:
                page = pages[page_name]
                results[(label, page_name)] = run.time_page(
                    client, label, page, repeat, changed_agency
                )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", action="append", choices=[e.name for e in EXPERIMENTS])
    args = parser.parse_args(argv)
    commit = run.checkout()  # now: the checkout may change while the experiments run
    run.setup_django()
    from formasi.organization.models import Agency

    users = run.bench_users(Agency.unscoped.get(kind=Agency.Kind.PROVINCE).code)
    report = []
    for experiment in EXPERIMENTS:
        if args.only and experiment.name not in args.only:
            continue
        print(f"\n## {experiment.name}: {experiment.change}", flush=True)
        before = measure(experiment.cases, users, args.repeat)
        with experiment.apply():
            after = measure(experiment.cases, users, args.repeat)
        print(
            f"{'user':<13} {'page':<10} {'changed: before':>15} {'after':>7}  "
            f"{'cold: before':>12} {'after':>7}  {'queries':>7}  result"
        )
        for case in experiment.cases:
            b, a = before[case], after[case]
            verdict = "pass" if a.passed else "FAIL"
            print(
                f"{case[0]:<13} {case[1]:<10} {b.changed_median_ms:>15.1f} "
                f"{a.changed_median_ms:>7.1f}  {b.cold_median_ms:>12.1f} {a.cold_median_ms:>7.1f}  "
                f"{b.changed_queries:>3}→{a.changed_queries:<3}  {verdict}"
                + (f"  ({a.note})" if a.note else ""),
                flush=True,
            )
        run.print_explains([after[c] for c in experiment.cases])
        report.append(
            {
                "name": experiment.name,
                "change": experiment.change,
                "before": [asdict(before[c]) for c in experiment.cases],
                "after": [asdict(after[c]) for c in experiment.cases],
            }
        )
    out = run.BENCH_DIR / "results" / f"experiments-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "commit": commit,
                "repeat": args.repeat,
                "machine": run.machine(),
                "experiments": report,
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(f"\nresults in {out.relative_to(run.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
