"""Demo regions: Kota Palangka Raya with its kecamatan and kelurahan, plus the places the
demo workforce comes from.

Reads the cited copy in ``formasi/data/palangka_raya`` (see its README): ``regions.csv``
(Kepmendagri 300.2.2-2138/2025 codes and names, BIG 2024 and BPS 2025 areas, centroids),
``population.csv`` (Dukcapil 2024 and 2015), ``origin_regions.csv`` (other kabupaten/kota and
provinces, same Kepmendagri list) and, when present, the boundary GeoJSON files.

The only derived numbers are the 2024 kecamatan populations: the Dukcapil 2015 shares scaled
to the Dukcapil 2024 city total, stored with ``is_estimate=True`` and a source that says so.
Regions that already exist (matched by code) are reused, so the demo can sit on top of a full
national region import.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from formasi.demo.apportion import largest_remainder
from formasi.organization.models import Region, RegionPopulation

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "palangka_raya"
CITY_CODE = "62.71"
# Kemendagri writes "Kota Palangkaraya"; the city itself and BPS write "Kota Palangka Raya", as
# the agency's name ("Pemerintah Kota Palangka Raya") does. Every page says it one way.
CITY_NAME = "Kota Palangka Raya"
ESTIMATE_YEAR = 2024
ESTIMATE_SOURCE = (
    "Demo estimate: Dukcapil 2015 kecamatan shares scaled to the Dukcapil Semester II 2024 "
    "city total"
)
AREA_SOURCES = {
    Region.Level.PROVINCE: "BIG 2024 (B-16.10/DIGD-BIG/IGD.04.04/12/2024)",
    Region.Level.REGENCY: "BIG 2024 (B-16.10/DIGD-BIG/IGD.04.04/12/2024)",
    Region.Level.DISTRICT: "BPS, Kota Palangka Raya Dalam Angka 2025",
}
# How the city describes its kecamatan; kelurahan inherit their kecamatan's class.
REMOTENESS = {
    "62.71.01": Region.Remoteness.URBAN,  # Pahandut
    "62.71.03": Region.Remoteness.URBAN,  # Jekan Raya
    "62.71.04": Region.Remoteness.RURAL,  # Sabangau
    "62.71.02": Region.Remoteness.RURAL,  # Bukit Batu
    "62.71.05": Region.Remoteness.REMOTE,  # Rakumpit
}
_LEVEL_ORDER = [
    Region.Level.PROVINCE,
    Region.Level.REGENCY,
    Region.Level.DISTRICT,
    Region.Level.VILLAGE,
]


T = TypeVar("T")


def known(value: T | None, what: str) -> T:
    """``value``, which the demo's own data always has (a kelurahan's kecamatan, a unit's
    district); a missing one is a bug in the demo, not input to put up with."""
    if value is None:
        raise ValueError(f"The demo data has no {what} here.")
    return value


@dataclass
class DemoRegions:
    """The regions the rest of the demo needs, by code."""

    by_code: dict[str, Region]
    city: Region
    districts: list[Region]
    kelurahan: list[Region]
    # Kecamatan code -> its 2024 (estimated) population.
    population_2024: dict[str, int]
    # Regions people come from outside the city (kabupaten/kota and kecamatan).
    origins_outside: list[Region] = field(default_factory=list)
    created: int = 0

    def __post_init__(self) -> None:
        self.by_pk = {r.pk: r for r in self.by_code.values()}

    def kelurahan_of(self, district_code: str) -> list[Region]:
        return [k for k in self.kelurahan if k.parent_id == self.by_code[district_code].pk]

    def district_of(self, region: Region) -> Region | None:
        """The kecamatan a region lies in (itself for a kecamatan), None above that level."""
        if region.level == Region.Level.DISTRICT:
            return region
        if region.level == Region.Level.VILLAGE:
            return self.by_pk[known(region.parent_id, "parent of a kelurahan")]
        return None

    def district_in(self, region: Region) -> Region:
        """The kecamatan of a region at or below that level (a kelurahan's, or itself)."""
        return known(self.district_of(region), f"kecamatan of {region.code}")


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _boundaries() -> dict[str, dict]:
    """Region code -> GeoJSON geometry from the boundary files that are present."""
    geometries: dict[str, dict] = {}
    for name in ("kecamatan_62.71.geojson", "desa_kelurahan_62.71.geojson"):
        path = DATA_DIR / name
        if not path.exists():
            continue
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection.get("features", []):
            code = (feature.get("properties") or {}).get("code")
            if code and feature.get("geometry"):
                geometries[code] = feature["geometry"]
    return geometries


def _remoteness(code: str) -> str:
    return REMOTENESS.get(code[:8], "") if code.startswith(CITY_CODE + ".") else ""


def _create_regions(rows: list[dict[str, str]]) -> tuple[dict[str, Region], int]:
    """Create missing regions level by level (parents first); return all of them by code.
    Existing regions (matched by code) are reused as they are."""
    codes = [r["code"] for r in rows]
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    geometries = _boundaries()
    created = 0
    for level in _LEVEL_ORDER:
        new = []
        for row in rows:
            if row["level"] != level or row["code"] in by_code:
                continue
            parent = by_code[row["parent_code"]] if row["parent_code"] else None
            area = row.get("area_km2") or ""
            lat, lng = row.get("latitude") or "", row.get("longitude") or ""
            new.append(
                Region(
                    code=row["code"],
                    name=CITY_NAME if row["code"] == CITY_CODE else row["name"],
                    level=level,
                    parent=parent,
                    area_km2=Decimal(area) if area else None,
                    area_source=AREA_SOURCES.get(level, "") if area else "",
                    remoteness=_remoteness(row["code"]),
                    latitude=float(lat) if lat else None,
                    longitude=float(lng) if lng else None,
                    boundary=geometries.get(row["code"]),
                )
            )
        for region in Region.objects.bulk_create(new):
            by_code[region.code] = region
        created += len(new)
    # Regions imported before the demo may lack the remoteness the demo relies on.
    unclassified = [r for r in by_code.values() if _remoteness(r.code) and not r.remoteness]
    for region in unclassified:
        region.remoteness = _remoteness(region.code)
    Region.objects.bulk_update(unclassified, ["remoteness"])
    return by_code, created


def _district_estimates(rows: list[dict[str, str]]) -> dict[str, int]:
    """Scale the 2015 kecamatan shares to the 2024 city total (exact sum)."""
    city_total = next(
        int(r["population"]) for r in rows if r["code"] == CITY_CODE and r["year"] == "2024"
    )
    base = {r["code"]: int(r["population"]) for r in rows if r["year"] == "2015"}
    return largest_remainder(city_total, base)


def _create_populations(by_code: dict[str, Region], rows: list[dict[str, str]]) -> dict[str, int]:
    estimates = _district_estimates(rows)
    existing = set(
        RegionPopulation.objects.filter(region__in=by_code.values()).values_list(
            "region__code", "year"
        )
    )
    new = []
    for row in rows:
        if (row["code"], int(row["year"])) in existing:
            continue
        new.append(
            RegionPopulation(
                region=by_code[row["code"]],
                year=int(row["year"]),
                population=int(row["population"]),
                male=int(row["male"]) if row["male"] else None,
                female=int(row["female"]) if row["female"] else None,
                source=row["source"],
            )
        )
    for code, population in estimates.items():
        if (code, ESTIMATE_YEAR) not in existing:
            new.append(
                RegionPopulation(
                    region=by_code[code],
                    year=ESTIMATE_YEAR,
                    population=population,
                    source=ESTIMATE_SOURCE,
                    is_estimate=True,
                )
            )
    RegionPopulation.objects.bulk_create(new)
    return estimates


def load_regions() -> DemoRegions:
    city_rows = _read_csv("regions.csv")
    origin_rows = _read_csv("origin_regions.csv")
    by_code, created = _create_regions(city_rows + origin_rows)
    population_2024 = _create_populations(by_code, _read_csv("population.csv"))
    city_codes = {r["code"] for r in city_rows}
    return DemoRegions(
        by_code=by_code,
        city=by_code[CITY_CODE],
        districts=[by_code[r["code"]] for r in city_rows if r["level"] == Region.Level.DISTRICT],
        kelurahan=[by_code[r["code"]] for r in city_rows if r["level"] == Region.Level.VILLAGE],
        population_2024=population_2024,
        origins_outside=[
            by_code[r["code"]]
            for r in origin_rows
            if r["code"] not in city_codes
            and r["level"] in (Region.Level.REGENCY, Region.Level.DISTRICT)
        ],
        created=created,
    )
