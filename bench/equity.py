"""Time formasi.domain.equity over every desa/kelurahan of Indonesia (issue 6's target: the
whole per-desa indicator computation in under 2 s), against a naive pure-Python baseline.

    .venv/bin/python bench/equity.py [--seed 1] [--repeat 7] [--regions-csv PATH]

No database and no Django: synthetic staff over the 83,762 real desa/kelurahan of
``../shared/data/regions/wilayah_kepmendagri_2025.csv``. Everything is drawn from
``numpy.random.default_rng(seed)``:

* population: each kabupaten/kota's Dukcapil 2024 total (``population_dukcapil_2024.csv``)
  split over its desa by log-normal shares (sigma 0.8); the first kecamatan of each kab/kota
  by code (its "centre") gets twice the share;
* six job families with a need per 1,000 residents each (guru 6, kesehatan 2, administrasi
  1.5, teknis 1, penyuluh 0.5, keamanan 0.5), need ~ Poisson(rate x population); staff ~
  Poisson(need x ratio), ratio log-normal around 0.9 (1.3 in the centre kecamatan);
* shortage per family = max(need - staff, 0) plus a binomial share of the posts that are both
  filled and needed (cells short inside a family that is in surplus overall), excess =
  shortage + staff - need, as when summed cell by cell;
* facilities = 1 + Poisson(population / 2,500), facilities_under ~ Binomial(facilities,
  shortage share).

Timed (median of ``--repeat`` runs after one warm-up), the national computation checked
against the target: indicator_arrays for the totals and the six families; gini, theil_t,
theil_l and the coefficient of variation of staff per 1,000 weighted by population;
theil_decomposition (T) of desa within kecamatan, kabupaten/kota and province, and (L) within
kabupaten/kota; lorenz_curve; underserved_from_arrays: every desa ranked by underserved_order
(vectorised) and Underserved objects with their reasons for the first 100 (what a page or a
report shows). Its top 100 is asserted equal to underserved(area_indicators(areas),
limit=100).

Informational, not part of the target: the object path, area_indicators over 83,762
AreaStats and underserved over the result (one AreaIndicators and one Underserved per desa);
building the AreaStats is timed separately. The baseline does the same indices in plain
Python loops, with an O(n^2) Gini on a sample extrapolated by (n / sample)^2. Writes
``results/equity-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT / "src"))

from formasi.domain.equity import (  # noqa: E402
    AreaStats,
    Counts,
    area_indicators,
    coefficient_of_variation,
    gini,
    indicator_arrays,
    lorenz_curve,
    theil_decomposition,
    theil_l,
    theil_t,
    underserved,
    underserved_from_arrays,
)

REGIONS_DIR = ROOT.parent / "shared" / "data" / "regions"
DEFAULT_REGIONS = REGIONS_DIR / "wilayah_kepmendagri_2025.csv"
POPULATION_CSV = "population_dukcapil_2024.csv"
FAMILIES = {
    "guru": 6.0,
    "kesehatan": 2.0,
    "administrasi": 1.5,
    "teknis": 1.0,
    "penyuluh": 0.5,
    "keamanan": 0.5,
}
TARGET_S = 2.0
TOP = 100
GINI_SAMPLE = 3_000


def load(regions_csv: Path, seed: int) -> dict[str, Any]:
    """Synthetic per-desa data over the real desa/kelurahan (see the module docstring)."""
    with regions_csv.open(encoding="utf-8", newline="") as f:
        desa = [row for row in csv.DictReader(f) if row["level"] == "desa_kelurahan"]
    with (regions_csv.parent / POPULATION_CSV).open(encoding="utf-8", newline="") as f:
        kab_population = {row["code"]: int(row["total"]) for row in csv.DictReader(f)}
    desa.sort(key=lambda row: row["code"])
    codes = [row["code"] for row in desa]
    names = [row["name"] for row in desa]
    districts = np.array([c.rsplit(".", 1)[0] for c in codes])
    kabupaten = np.array([c[:5] for c in codes])
    province = np.array([c[:2] for c in codes])
    n = len(codes)
    rng = np.random.default_rng(seed)

    first_district: dict[str, str] = {}
    for kab, kec in zip(kabupaten.tolist(), districts.tolist(), strict=True):
        first_district.setdefault(kab, kec)
    centre = np.array(
        [
            first_district[k] == c
            for k, c in zip(kabupaten.tolist(), districts.tolist(), strict=True)
        ]
    )
    share = rng.lognormal(0.0, 0.8, n) * np.where(centre, 2.0, 1.0)
    kab_names, kab_index = np.unique(kabupaten, return_inverse=True)
    share_sum = np.bincount(kab_index, weights=share)
    kab_total = np.array([kab_population.get(k, 0) for k in kab_names.tolist()], dtype=float)
    missing = int((kab_total == 0).sum())
    kab_total[kab_total == 0] = np.median(kab_total[kab_total > 0])
    population = np.floor(kab_total[kab_index] * share / share_sum[kab_index]).astype(np.int64)

    ratio_mean = np.where(centre, 1.3, 0.9)
    families: dict[str, dict[str, np.ndarray]] = {}
    for family, per_1000 in FAMILIES.items():
        need = rng.poisson(population * per_1000 / 1000.0)
        staff = rng.poisson(need * ratio_mean * rng.lognormal(0.0, 0.35, n))
        both = np.minimum(need, staff)
        shortage = np.maximum(need - staff, 0) + rng.binomial(both, 0.05)
        excess = shortage + staff - need
        families[family] = {"staff": staff, "need": need, "shortage": shortage, "excess": excess}
    total = {
        k: sum(families[f][k] for f in FAMILIES) for k in ("staff", "need", "shortage", "excess")
    }
    facilities = 1 + rng.poisson(population / 2500.0)
    short_share = np.divide(
        total["shortage"], total["need"], out=np.zeros(n), where=total["need"] > 0
    )
    facilities_under = rng.binomial(facilities, np.clip(short_share, 0.0, 1.0))
    return {
        "n": n,
        "codes": codes,
        "names": names,
        "kecamatan": districts,
        "kabupaten": kabupaten,
        "province": province,
        "population": population,
        "families": families,
        "total": total,
        "facilities": facilities,
        "facilities_under": facilities_under,
        "kab_without_population": missing,
    }


def build_areas(data: dict[str, Any]) -> list[AreaStats]:
    fam = {f: {k: v.tolist() for k, v in d.items()} for f, d in data["families"].items()}
    tot = {k: v.tolist() for k, v in data["total"].items()}
    population = data["population"].tolist()
    facilities = data["facilities"].tolist()
    under = data["facilities_under"].tolist()
    return [
        AreaStats(
            code=code,
            name=name,
            population=population[i],
            total=Counts(tot["staff"][i], tot["need"][i], tot["shortage"][i], tot["excess"][i]),
            by_family={
                f: Counts(d["staff"][i], d["need"][i], d["shortage"][i], d["excess"][i])
                for f, d in fam.items()
            },
            facilities=facilities[i],
            facilities_under=under[i],
        )
        for i, (code, name) in enumerate(zip(data["codes"], data["names"], strict=True))
    ]


def ranking(data: dict[str, Any]) -> tuple[int, list[Any]]:
    """Every desa ranked (vectorised), Underserved objects for the first TOP."""
    fam = data["families"]
    order, top = underserved_from_arrays(
        data["codes"],
        data["names"],
        data["population"],
        data["total"]["staff"],
        data["total"]["need"],
        data["total"]["shortage"],
        limit=TOP,
        family_need={f: d["need"] for f, d in fam.items()},
        family_shortage={f: d["shortage"] for f, d in fam.items()},
        facilities=data["facilities"],
        facilities_under=data["facilities_under"],
    )
    return int(order.size), top


def national(data: dict[str, Any]) -> dict[str, Any]:
    """The national computation checked against the target: the numpy part and the ranking."""
    out = vectorised(data)
    out["underserved"], out["top"] = ranking(data)
    return out


def vectorised(data: dict[str, Any]) -> dict[str, Any]:
    """The numpy path: indicators, indices, decompositions and the Lorenz curve."""
    pop = data["population"]
    tot = data["total"]
    totals = indicator_arrays(pop, tot["staff"], tot["need"], tot["shortage"])
    for d in data["families"].values():
        indicator_arrays(pop, d["staff"], d["need"], d["shortage"])
    per_1000 = totals["per_1000"]
    ok = np.isfinite(per_1000)
    x, w = per_1000[ok], pop[ok]
    out: dict[str, Any] = {
        "gini": gini(x, w),
        "theil_t": theil_t(x, w),
        "theil_l": theil_l(x, w),
        "cv": coefficient_of_variation(x, w),
    }
    for level in ("kecamatan", "kabupaten", "province"):
        d = theil_decomposition(x, data[level][ok], w, "T")
        out[f"T_{level}"] = (d.total, d.within, d.between, len(d.groups))
    d = theil_decomposition(x, data["kabupaten"][ok], w, "L")
    out["L_kabupaten"] = (d.total, d.within, d.between, len(d.groups))
    lorenz_curve(x, w)
    return out


def objects(areas: list[AreaStats], limit: int | None = None) -> int:
    return len(underserved(area_indicators(areas), limit=limit))


# --------------------------------------------------------------------------- naive baseline


def naive_indices(x: list[float], w: list[float]) -> dict[str, float]:
    total_w = sum(w)
    p = [wi / total_w for wi in w]
    mu = sum(pi * xi for pi, xi in zip(p, x, strict=True))
    t = sum(pi * (xi / mu) * math.log(xi / mu) for pi, xi in zip(p, x, strict=True) if xi > 0)
    el = (
        math.inf
        if any(xi == 0 for xi in x)
        else sum(pi * math.log(mu / xi) for pi, xi in zip(p, x, strict=True))
    )
    var = sum(pi * (xi - mu) ** 2 for pi, xi in zip(p, x, strict=True))
    return {"theil_t": t, "theil_l": el, "cv": math.sqrt(var) / mu}


def naive_gini(x: list[float], w: list[float]) -> float:
    total_w = sum(w)
    p = [wi / total_w for wi in w]
    mu = sum(pi * xi for pi, xi in zip(p, x, strict=True))
    acc = 0.0
    for pi, xi in zip(p, x, strict=True):
        for pj, xj in zip(p, x, strict=True):
            acc += pi * pj * abs(xi - xj)
    return acc / (2 * mu)


def naive_decomposition(x: list[float], w: list[float], groups: list[str]) -> tuple[float, float]:
    weight: dict[str, float] = defaultdict(float)
    value: dict[str, float] = defaultdict(float)
    for xi, wi, g in zip(x, w, groups, strict=True):
        weight[g] += wi
        value[g] += wi * xi
    total_v = sum(value.values())
    mu = total_v / sum(weight.values())
    within_sum: dict[str, float] = defaultdict(float)
    for xi, wi, g in zip(x, w, groups, strict=True):
        if xi > 0:
            mu_g = value[g] / weight[g]
            within_sum[g] += wi * xi * math.log(xi / mu_g)
    within = sum(within_sum[g] / total_v for g in weight)
    between = sum(
        value[g] / total_v * math.log(value[g] / weight[g] / mu) for g in weight if value[g] > 0
    )
    return within, between


def naive(data: dict[str, Any]) -> dict[str, Any]:
    """The same work in plain Python loops (indicators, indices, decompositions)."""
    pop = data["population"].tolist()
    staff = data["total"]["staff"].tolist()
    per_1000 = [s * 1000 / p if p > 0 else None for s, p in zip(staff, pop, strict=True)]
    for d in [data["total"], *data["families"].values()]:
        for s, need, short, p in zip(
            d["staff"].tolist(), d["need"].tolist(), d["shortage"].tolist(), pop, strict=True
        ):
            _ = (s * 1000 / p if p > 0 else None, s / need if need else None)
            _ = short / need if need else None
    keep = [i for i, v in enumerate(per_1000) if v is not None and pop[i] > 0]
    x = [per_1000[i] for i in keep]
    w = [float(pop[i]) for i in keep]
    out: dict[str, Any] = naive_indices(x, w)  # type: ignore[arg-type]
    for level in ("kecamatan", "kabupaten", "province"):
        labels = data[level].tolist()
        out[f"T_{level}"] = naive_decomposition(x, w, [labels[i] for i in keep])  # type: ignore[arg-type]
    return out


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def summary(times: list[float]) -> dict[str, float]:
    return {"min_s": round(min(times), 4), "median_s": round(statistics.median(times), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--regions-csv", type=Path, default=DEFAULT_REGIONS)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    data = load(args.regions_csv, args.seed)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    areas = build_areas(data)
    build_s = time.perf_counter() - started
    n = data["n"]
    print(
        f"{n:,} desa/kelurahan, population {int(data['population'].sum()):,}, "
        f"staff {int(data['total']['staff'].sum()):,}, need {int(data['total']['need'].sum()):,}, "
        f"shortage {int(data['total']['shortage'].sum()):,}; load {load_s:.2f} s, "
        f"AreaStats build {build_s:.2f} s",
        flush=True,
    )

    whole, vec = timed(lambda: national(data), args.repeat)
    vec_times, _ = timed(lambda: vectorised(data), args.repeat)
    rank_times, _ = timed(lambda: ranking(data), args.repeat)
    obj_times, listed = timed(lambda: objects(areas), args.repeat)
    top_times, _ = timed(lambda: objects(areas, limit=TOP), args.repeat)
    assert vec.pop("top") == underserved(area_indicators(areas), limit=TOP)
    assert vec["underserved"] == listed
    base_repeat = max(1, min(3, args.repeat))
    base_times, base = timed(lambda: naive(data), base_repeat)

    x = indicator_arrays(data["population"], data["total"]["staff"], data["total"]["need"],
                         data["total"]["shortage"])["per_1000"]  # fmt: skip
    ok = np.isfinite(x)
    rng = np.random.default_rng(args.seed + 1)
    sample = rng.choice(np.flatnonzero(ok), size=min(GINI_SAMPLE, int(ok.sum())), replace=False)
    xs, ws = x[sample].tolist(), data["population"][sample].astype(float).tolist()
    started = time.perf_counter()
    g_naive = naive_gini(xs, ws)
    gini_sample_s = time.perf_counter() - started
    gini_naive_s = gini_sample_s * (int(ok.sum()) / len(sample)) ** 2
    assert math.isclose(g_naive, gini(xs, ws), rel_tol=1e-9)
    for key in ("theil_t", "cv"):
        assert math.isclose(vec[key], base[key], rel_tol=1e-9), key
    for level in ("kecamatan", "kabupaten", "province"):
        within, between = base[f"T_{level}"]
        assert math.isclose(vec[f"T_{level}"][1], within, rel_tol=1e-9, abs_tol=1e-12)
        assert math.isclose(vec[f"T_{level}"][2], between, rel_tol=1e-9, abs_tol=1e-12)

    rows = [
        ("indicators + indices + decompositions + Lorenz", summary(vec_times)),
        (f"underserved_from_arrays (rank all, top {TOP})", summary(rank_times)),
        ("whole national computation (the two above)", summary(whole)),
        ("info: area_indicators + underserved (83k obj)", summary(obj_times)),
        (f"info:   the same, underserved(limit={TOP})", summary(top_times)),
        ("naive loops (indices + decomp., no Gini)", summary(base_times)),
    ]
    print(f"\n{'what':<48} {'min s':>8} {'median s':>9}")
    print("-" * 67)
    for title, s in rows:
        print(f"{title:<48} {s['min_s']:>8.3f} {s['median_s']:>9.3f}")
    print(
        f"{'naive O(n^2) Gini, extrapolated':<48} {'':>8} {gini_naive_s:>9.1f}"
        f"  ({len(sample):,} sampled: {gini_sample_s:.2f} s)"
    )
    verdict = "PASS" if statistics.median(whole) < TARGET_S else "FAIL"
    print(f"\ntarget: whole computation < {TARGET_S} s -> {verdict}")
    print(
        f"gini {vec['gini']:.4f}  theil_t {vec['theil_t']:.4f}  theil_l {vec['theil_l']:.4f}  "
        f"cv {vec['cv']:.4f}  underserved {listed:,}"
    )
    for key in ("T_kecamatan", "T_kabupaten", "T_province", "L_kabupaten"):
        total, within, between, groups = vec[key]
        print(
            f"{key:<12} groups {groups:>5}  total {total:.4f}  within {within:.4f}  "
            f"between {between:.4f} ({between / total:.0%} between)"
        )

    report = {
        "desa": n,
        "seed": args.seed,
        "repeat": args.repeat,
        "load_s": round(load_s, 3),
        "build_areas_s": round(build_s, 3),
        "kab_without_population": data["kab_without_population"],
        "timings": {title: s for title, s in rows},
        "naive_gini_extrapolated_s": round(gini_naive_s, 1),
        "naive_gini_sample": len(sample),
        "target_s": TARGET_S,
        "verdict": verdict,
        "indices": {k: v for k, v in vec.items()},
        "underserved": listed,
    }
    out = BENCH_DIR / "results" / f"equity-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwritten {out.relative_to(ROOT)}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
