"""Checks on the bundled Kota Palangka Raya demo data (no Django needed)."""

import csv
import json
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "src/formasi/data/palangka_raya"

# Generous box around Kota Palangka Raya (about 113.5-114.2 E, 1.5-2.5 S).
LAT_MIN, LAT_MAX = -2.6, -1.4
LNG_MIN, LNG_MAX = 113.4, 114.3

EXPECTED_DISTRICTS = {"Pahandut", "Bukit Batu", "Jekan Raya", "Sabangau", "Rakumpit"}


def _read_csv(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def regions():
    return _read_csv("regions.csv")


@pytest.fixture(scope="module")
def by_code(regions):
    return {r["code"]: r for r in regions}


def _level(regions, level):
    return [r for r in regions if r["level"] == level]


def test_regions_columns(regions):
    assert list(regions[0].keys()) == [
        "code",
        "name",
        "level",
        "parent_code",
        "area_km2",
        "latitude",
        "longitude",
    ]


def test_region_row_counts(regions, by_code):
    assert len(regions) == 1 + 1 + 5 + 30
    assert len(by_code) == len(regions), "codes must be unique"
    assert len(_level(regions, "provinsi")) == 1
    assert len(_level(regions, "kabupaten_kota")) == 1
    assert len(_level(regions, "kecamatan")) == 5
    assert len(_level(regions, "desa_kelurahan")) == 30
    assert by_code["62"]["name"] == "Kalimantan Tengah"
    assert by_code["62.71"]["name"] == "Kota Palangkaraya"


def test_every_parent_code_exists(regions, by_code):
    expected_parent_level = {
        "kabupaten_kota": "provinsi",
        "kecamatan": "kabupaten_kota",
        "desa_kelurahan": "kecamatan",
    }
    for r in regions:
        if r["level"] == "provinsi":
            assert r["parent_code"] == ""
            continue
        assert r["parent_code"] in by_code, r
        assert by_code[r["parent_code"]]["level"] == expected_parent_level[r["level"]], r


def test_kelurahan_code_starts_with_district_code(regions):
    for r in _level(regions, "desa_kelurahan"):
        assert r["code"].startswith(r["parent_code"] + "."), r
        # all 30 are kelurahan: village suffix starts with 1
        assert r["code"].rsplit(".", 1)[1].startswith("1"), r


def test_district_names(regions):
    names = {r["name"] for r in _level(regions, "kecamatan")}
    assert names == EXPECTED_DISTRICTS


@pytest.mark.parametrize("level", ["kecamatan", "desa_kelurahan"])
def test_coordinates_inside_palangka_raya(regions, level):
    for r in _level(regions, level):
        assert r["latitude"] and r["longitude"], r
        lat, lng = float(r["latitude"]), float(r["longitude"])
        assert LAT_MIN < lat < LAT_MAX, r
        assert LNG_MIN < lng < LNG_MAX, r


def test_areas(regions, by_code):
    for r in _level(regions, "kecamatan"):
        assert float(r["area_km2"]) > 0, r
    for r in _level(regions, "desa_kelurahan"):
        assert r["area_km2"] == "", r
    assert float(by_code["62.71"]["area_km2"]) == pytest.approx(2848.699)


def test_population_rows_reference_existing_codes(by_code):
    rows = _read_csv("population.csv")
    assert rows
    for r in rows:
        assert r["code"] in by_code, r
        assert int(r["population"]) > 0, r
        assert int(r["year"]) in (2015, 2024), r
        assert r["source"], r
        if r["male"] and r["female"]:
            assert int(r["male"]) + int(r["female"]) == int(r["population"]), r
    kec_2015 = [r for r in rows if r["year"] == "2015"]
    assert {by_code[r["code"]]["name"] for r in kec_2015} == EXPECTED_DISTRICTS
    assert sum(int(r["population"]) for r in kec_2015) == 253380
    city_2024 = [r for r in rows if r["code"] == "62.71" and r["year"] == "2024"]
    assert [int(r["population"]) for r in city_2024] == [315153]


def test_facilities_reference_existing_districts(by_code):
    rows = _read_csv("facilities.csv")
    assert len(rows) == 5
    for r in rows:
        assert by_code[r["code"]]["level"] == "kecamatan", r
        assert by_code[r["code"]]["name"] == r["kecamatan"], r
        assert r["source"], r


def test_boundary_files_match_regions(by_code):
    for name, level, count in [
        ("kecamatan_62.71.geojson", "kecamatan", 5),
        ("desa_kelurahan_62.71.geojson", "desa_kelurahan", 30),
    ]:
        path = DATA_DIR / name
        if not path.exists():
            pytest.skip(f"{name} not bundled")
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        assert len(features) == count
        for ft in features:
            code = ft["properties"]["code"]
            assert by_code[code]["level"] == level
            assert by_code[code]["name"] == ft["properties"]["name"]


def test_licence_files_present():
    for name in ("LICENSE-wilayah.txt", "LICENSE-wilayah_boundaries.txt", "README.md"):
        assert (DATA_DIR / name).is_file(), name
