"""Time issue 19's succession lists (``formasi.domain.succession``) for a province: 60,000 staff
and 2,000 vacant structural posts (target: every post's list under 5 s, median of the runs).

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/succession.py [--seed 1] [--repeat 5] [--shown 10]

Pure domain code, no database: it times what ``talent.succession_lists.lists`` does after its
fixed number of queries — build a ``Candidate`` per person from the rows read (the box from the
SKP predicate and the potential, the sanction flag), ``prepare`` once per post level, family and
day, and ``for_post`` for each post (its first ``shown`` ranked and excluded). The queries
themselves (employees, SKP, assessments, sanctions of the agency: five reads whatever the
number of posts) are not in the figure.

Generator (``random.Random(seed)``): 60,000 people — about 1,200 administrators and JF ahli
madya (JPT feeders), 7,200 pengawas and JF ahli muda, the rest JF below and pelaksana; six
families; golongan, education, age, years in post,
training hours, competency and SKP/potential spread at random; 3 % serve a sanction. Posts:
60 JPT pratama, 540 administrator, 1,400 pengawas, each vacant, families at random.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date

from formasi.domain import succession
from formasi.domain import talent as talent_rules

ON = date(2027, 10, 1)
FAMILIES = ("manajerial", "kesehatan", "guru", "teknis", "administrasi", "ti")
GOLONGAN = ("II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c")
EDUCATION = ("sma", "d3", "s1", "s1", "s2")
PREDICATES = ("sangat_baik", "baik", "baik", "baik", "butuh_perbaikan", "kurang")
POTENTIALS = ("low", "medium", "medium", "high")
FEEDERS = {
    "jpt_pratama": ["administrator", "fungsional:ahli_madya"],
    "administrator": ["pengawas", "fungsional:ahli_muda"],
    "pengawas": ["pelaksana", "fungsional:ahli_pertama", "fungsional:penyelia"],
}
MIN_GOLONGAN = {"jpt_pratama": "IV/a", "administrator": "III/c", "pengawas": "III/a"}
MIN_EDUCATION = {"jpt_pratama": "s1", "administrator": "s1", "pengawas": "d3"}
LEVELS = (  # (level, share of the staff)
    ("administrator", 0.01),
    ("fungsional:ahli_madya", 0.01),
    ("pengawas", 0.04),
    ("fungsional:ahli_muda", 0.08),
    ("fungsional:ahli_pertama", 0.20),
    ("fungsional:penyelia", 0.06),
    ("pelaksana", 0.60),
)
POSTS = (("jpt_pratama", 60), ("administrator", 540), ("pengawas", 1_400))


def generate_rows(n: int, seed: int) -> list[tuple]:
    """Rows as ``succession_lists.candidates`` reads them from the database."""
    rng = random.Random(seed)
    levels = [lv for lv, _share in LEVELS]
    weights = [share for _lv, share in LEVELS]
    rows = []
    for pk in range(1, n + 1):
        level = rng.choices(levels, weights)[0]
        rows.append(
            (
                pk,
                level,
                rng.choice(FAMILIES),
                "pns" if rng.random() < 0.9 else "pppk",
                rng.choice(GOLONGAN),
                rng.choice(EDUCATION),
                date(rng.randint(1967, 1998), rng.randint(1, 12), rng.randint(1, 28)),
                rng.randint(0, 12) if rng.random() < 0.95 else None,
                rng.choice((0, 8, 12, 20, 24, 32, 40)),
                float(rng.randint(40, 98)) if rng.random() < 0.9 else None,
                rng.choice(PREDICATES) if rng.random() < 0.95 else None,
                rng.choice(POTENTIALS),
                rng.random() < 0.03,
                f"U{rng.randint(1, 3000)}:{level}",
            )
        )
    return rows


BOXES = {
    (p, q): talent_rules.nine_box(talent_rules.performance_level(p), talent_rules.Potential(q))
    for p in set(PREDICATES)
    for q in set(POTENTIALS)
}


def candidates(rows: list[tuple]) -> list[succession.Candidate]:
    """The app's join in Python: the box from the predicate and the potential."""
    out = []
    for (pk, level, family, status, gol, edu, birth, years, hours, comp, pred, pot,
         running, post) in rows:  # fmt: skip
        box = BOXES[pred, pot] if pred is not None else None
        out.append(
            succession.Candidate(
                pk, level, family, status, gol, edu, birth, years, hours, comp, box, running, post
            )
        )
    return out


def posts(seed: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed + 1)
    return [(f"P{level}{i}", level, rng.choice(FAMILIES)) for level, n in POSTS for i in range(n)]


def run_once(rows: list[tuple], vacant: list[tuple[str, str, str]], shown: int) -> int:
    pool = candidates(rows)
    levels: dict[str, succession.LevelRows] = {}
    prepared: dict[tuple[str, str], succession.Prepared] = {}
    ranked = 0
    for key, level, family in vacant:
        if level not in levels:
            req = succession.Requirement(
                level=level,
                feeders=frozenset(FEEDERS[level]),
                min_golongan=MIN_GOLONGAN[level],
                min_education=MIN_EDUCATION[level],
                min_years=2,
                max_age=56 if level == "jpt_pratama" else None,
            )
            levels[level] = succession.prepare_level(req, pool, ON)
        if (level, family) not in prepared:
            prepared[level, family] = succession.for_family(levels[level], family)
        ranked += len(succession.for_post(prepared[level, family], key, shown).ranked)
    return ranked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--staff", type=int, default=60_000)
    parser.add_argument("--shown", type=int, default=10)
    args = parser.parse_args()
    rows = generate_rows(args.staff, args.seed)
    vacant = posts(args.seed)
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        ranked = run_once(rows, vacant, args.shown)
        times.append(time.perf_counter() - started)
    print(f"staff {args.staff:,}, posts {len(vacant):,}, ranked rows shown {ranked:,}")
    print("runs: " + ", ".join(f"{t:.2f} s" for t in times))
    print(f"median {statistics.median(times):.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
