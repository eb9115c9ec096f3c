"""Reading uploaded boundary files (pure domain: no database, no Django).

Every GeoJSON document and shapefile zip is built in memory; the real polygons come from the
in-repo Palangka Raya file (and, when present, the shared five-city file).
"""

from __future__ import annotations

import io
import json
import math
import pickle
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shapefile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formasi.domain.archives import ZipLimits
from formasi.domain.boundaries import (
    CODES,
    GEOMETRY_REASONS,
    MAX_JSON_DEPTH,
    Boundary,
    BoundaryError,
    normalise_region_code,
    read_boundaries,
)
from tests.domain.builders import rect, shapefile_zip, square_shapefile

REPO = Path(__file__).resolve().parents[2]
PALANGKA_RAYA = REPO / "src" / "formasi" / "data" / "palangka_raya" / "kecamatan_62.71.geojson"
SHARED_DISTRICTS = REPO.parent / "shared" / "data" / "boundaries" / "kecamatan_5_regions.geojson"

UTM_PRJ = (
    'PROJCS["WGS_1984_UTM_Zone_50S",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",'
    'SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Transverse_Mercator"]]'
)


# --------------------------------------------------------------------------- builders


def polygon(*rings: list[Any]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": list(rings)}


def feature(geometry: Any = None, **properties: Any) -> dict[str, Any]:
    if geometry is None:
        geometry = polygon(rect(113.0, -2.0, 113.1, -1.9))
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def one(geometry: Any = None, **properties: Any) -> Boundary:
    properties = properties or {"code": "62.71.01"}
    [boundary] = read_boundaries(collection(feature(geometry, **properties)), "b.geojson")
    return boundary


def error(data: bytes, filename: str = "b.geojson", **kwargs: Any) -> BoundaryError:
    with pytest.raises(BoundaryError) as info:
        read_boundaries(data, filename, **kwargs)
    assert info.value.code in CODES
    return info.value


# --------------------------------------------------------------------------- real files


def test_palangka_raya_districts() -> None:
    """The five kecamatan read with their codes and names.

    The file's ``centroid`` property (from cahyadsn/wilayah_boundaries, computed before the
    polygons were simplified) is compared with our area-weighted centroid of the simplified
    polygons: measured differences are at most 0.0025 degrees (Bukit Batu's longitude).
    """
    source = json.loads(PALANGKA_RAYA.read_bytes())
    boundaries = read_boundaries(PALANGKA_RAYA.read_bytes(), PALANGKA_RAYA.name)

    assert [(b.code, b.name) for b in boundaries] == [
        ("62.71.01", "Pahandut"),
        ("62.71.02", "Bukit Batu"),
        ("62.71.03", "Jekan Raya"),
        ("62.71.04", "Sabangau"),
        ("62.71.05", "Rakumpit"),
    ]
    for boundary, item in zip(boundaries, source["features"], strict=True):
        lon, lat = item["properties"]["centroid"]
        assert boundary.centroid == pytest.approx((lon, lat), abs=0.005)
        assert boundary.geometry == item["geometry"]


@pytest.mark.skipif(not SHARED_DISTRICTS.exists(), reason="shared boundary data not present")
def test_shared_districts_of_five_cities() -> None:
    source = json.loads(SHARED_DISTRICTS.read_bytes())
    boundaries = read_boundaries(SHARED_DISTRICTS.read_bytes(), SHARED_DISTRICTS.name)

    assert len(boundaries) == len(source["features"]) == 39
    assert {b.code[:5] for b in boundaries} == {"19.71", "33.72", "62.02", "62.71", "63.72"}
    for boundary, item in zip(boundaries, source["features"], strict=True):
        assert boundary.centroid == pytest.approx(item["properties"]["centroid"], abs=0.005)


# --------------------------------------------------------------------------- centroids


@pytest.mark.parametrize("clockwise", [False, True])
def test_unit_square_centroid(clockwise: bool) -> None:
    assert one(polygon(rect(0, 0, 1, 1, clockwise=clockwise))).centroid == pytest.approx((0.5, 0.5))


@pytest.mark.parametrize("hole_clockwise", [False, True])
def test_square_with_hole_subtracts_the_hole(hole_clockwise: bool) -> None:
    # Outer 4x4 (area 16, centroid (2, 2)) minus a 1x1 hole centred at (1.5, 1.5).
    boundary = one(polygon(rect(0, 0, 4, 4), rect(1, 1, 2, 2, clockwise=hole_clockwise)))
    expected = (16 * 2 - 1 * 1.5) / 15
    assert boundary.centroid == pytest.approx((expected, expected))


def test_multipolygon_of_two_equal_squares() -> None:
    geometry = {"type": "MultiPolygon", "coordinates": [[rect(0, 0, 1, 1)], [rect(2, 0, 3, 1)]]}
    boundary = one(geometry)
    assert boundary.centroid == pytest.approx((1.5, 0.5))
    assert boundary.geometry == geometry


def test_multipolygon_weights_by_area() -> None:
    geometry = {"type": "MultiPolygon", "coordinates": [[rect(0, 0, 1, 1)], [rect(2, 0, 5, 1)]]}
    assert one(geometry).centroid == pytest.approx(((1 * 0.5 + 3 * 3.5) / 4, 0.5))


def test_geometry_is_normalised_to_float_lon_lat() -> None:
    ring = [[0, 0, 12.5], [1, 0, 12.5], [1, 1, 12.5], [0, 1, 12.5], [0, 0, 12.5]]
    boundary = one(polygon(ring))
    assert boundary.geometry == {"type": "Polygon", "coordinates": [rect(0.0, 0.0, 1.0, 1.0)]}
    coordinates: Any = boundary.geometry["coordinates"]
    assert all(isinstance(v, float) for position in coordinates[0] for v in position)


@settings(max_examples=200, deadline=None)
@given(
    x=st.floats(-170, 160),
    y=st.floats(-80, 70),
    width=st.floats(1e-4, 10),
    height=st.floats(1e-4, 10),
    dx=st.floats(-5, 5),
    dy=st.floats(-5, 5),
)
def test_translating_a_rectangle_moves_its_centroid(
    x: float, y: float, width: float, height: float, dx: float, dy: float
) -> None:
    before = one(polygon(rect(x, y, x + width, y + height))).centroid
    after = one(polygon(rect(x + dx, y + dy, x + width + dx, y + height + dy))).centroid
    assert before == pytest.approx((x + width / 2, y + height / 2), abs=1e-9)
    assert after[0] - before[0] == pytest.approx(dx, abs=1e-9)
    assert after[1] - before[1] == pytest.approx(dy, abs=1e-9)


# --------------------------------------------------------------------------- codes and names


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("62", "62"),
        ("62.71", "62.71"),
        ("62.71.01", "62.71.01"),
        ("62.71.01.1001", "62.71.01.1001"),
        ("6271", "62.71"),
        ("627101", "62.71.01"),
        ("6271011001", "62.71.01.1001"),
        (" 627101 ", "62.71.01"),
        (627101, "62.71.01"),
        (6271011001, "62.71.01.1001"),
        (627101.0, "62.71.01"),
        ("6271010", None),  # a BPS kecamatan code
        ("62711", None),
        ("62.71.1", None),
        ("62.71.01.01", None),
        ("62-71-01", None),
        ("62.71.01.", None),
        ("", None),
        ("abc", None),
        ("٦٢٧١", None),  # Arabic-Indic digits are not ASCII
        (True, None),
        (6271.5, None),
        (None, None),
        ([62, 71], None),
    ],
)
def test_normalise_region_code(value: object, expected: str | None) -> None:
    assert normalise_region_code(value) == expected


def test_code_key_priority_case_and_blanks() -> None:
    # "kode" outranks "kode_wilayah" whatever the order; a blank "CODE" is skipped.
    boundary = one(KODE_WILAYAH="6271020000", Kode="627102", CODE="  ", WADMKC="Bukit Batu")
    assert (boundary.code, boundary.name) == ("62.71.02", "Bukit Batu")


@pytest.mark.parametrize(
    "key", ["code", "kode", "kode_wilayah", "KD_WILAYAH", "KDEPUM", "kodepum", "kode_kemendagri"]
)
def test_every_code_key(key: str) -> None:
    assert one(**{key: "62.71", "id_wilayah": "63"}).code == "62.71"


def test_name_keys_and_missing_name() -> None:
    assert one(code="62", NAMOBJ=" Kalimantan Tengah ").name == "Kalimantan Tengah"
    assert one(code="62", nama="Kalteng", namobj="x").name == "Kalteng"
    assert one(code="62").name is None


# --------------------------------------------------------------------------- shapefiles


def test_shapefile_zip() -> None:
    boundaries = read_boundaries(shapefile_zip(square_shapefile), "BATAS_KECAMATAN.ZIP")

    assert [(b.code, b.name) for b in boundaries] == [
        ("62.71.01.1001", "Pahandut"),
        ("62.71.02", "Bukit Batu"),
    ]
    assert boundaries[0].geometry["type"] == "Polygon"
    assert boundaries[0].centroid == pytest.approx((113.2, -1.8))
    second = boundaries[1]
    assert second.geometry["type"] == "MultiPolygon"
    coordinates: Any = second.geometry["coordinates"]
    assert [len(p) for p in coordinates] == [2, 1]  # the hole stays with its exterior
    # Two 0.16 deg^2 squares centred at x=114.2 and 115.2 minus a 0.01 hole at 114.15.
    expected_x = (0.16 * 114.2 - 0.01 * 114.15 + 0.16 * 115.2) / 0.31
    expected_y = (0.16 * -1.8 - 0.01 * -1.85 + 0.16 * -1.8) / 0.31
    assert second.centroid == pytest.approx((expected_x, expected_y))


def test_shapefile_in_a_folder_without_prj_and_numeric_codes() -> None:
    def write(writer: shapefile.Writer) -> None:
        writer.field("KODE", "N", size=10, decimal=0)
        writer.field("NAMA", "C", size=30)
        writer.poly([rect(113.0, -2.0, 113.4, -1.6, clockwise=True)])
        writer.record(627101, "Pahandut")

    data = shapefile_zip(write, stem="data/batas/kec", prj=None, cpg=None)
    [boundary] = read_boundaries(data, "kec.zip")
    assert (boundary.code, boundary.name) == ("62.71.01", "Pahandut")


def test_shapefile_windows_1252_names() -> None:
    def write(writer: shapefile.Writer) -> None:
        writer.field("KDEPUM", "C", size=20)
        writer.field("WADMKC", "C", size=30)
        writer.poly([rect(113.0, -2.0, 113.4, -1.6, clockwise=True)])
        writer.record("62.71.01", "Pahandut Seberang é")

    without_cpg = shapefile_zip(write, encoding="cp1252", cpg=None)
    with_cpg = shapefile_zip(write, encoding="cp1252", cpg="1252")
    assert read_boundaries(without_cpg, "k.zip")[0].name == "Pahandut Seberang é"
    assert read_boundaries(with_cpg, "k.zip")[0].name == "Pahandut Seberang é"


def test_shapefile_null_and_point_shapes_are_geometry_errors() -> None:
    def null(writer: shapefile.Writer) -> None:
        writer.field("KODE", "C", size=20)
        writer.null()
        writer.record("62.71.01")

    def points(writer: shapefile.Writer) -> None:
        writer.field("KODE", "C", size=20)
        writer.point(113.0, -2.0)
        writer.record("62.71.01")

    assert error(shapefile_zip(null), "k.zip").detail == {
        "index": 0,
        "code": "62.71.01",
        "reason": "missing",
    }
    point_error = error(shapefile_zip(points, shape_type=shapefile.POINT), "k.zip")
    assert point_error.detail["reason"] == "type"


# --------------------------------------------------------------------------- errors


def deep_json(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


GOOD = collection(feature(code="62.71.01"))
TEN_LEVELS = collection(feature(code="62.71.01", extra=[[[[[[1]]]]]]))


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ERROR_CASES: list[tuple[str, bytes, str, str, dict[str, object]]] = [
    ("too large", GOOD, "b.geojson", "file.too_large", {"limit_mb": 0}),
    ("shapefile parts", b"", "kec.shp", "file.unsupported", {"extension": "shp"}),
    ("no extension", GOOD, "geojson", "file.unsupported", {"extension": ""}),
    ("kml", b"<kml/>", "b.kml", "file.unsupported", {"extension": "kml"}),
    ("not json", b"{nope", "b.json", "file.corrupt", {"reason": "json"}),
    ("latin-1", b'{"type": "FeatureCollection\xe9"}', "b.json", "file.corrupt", {}),
    ("NaN", b'{"type":"FeatureCollection","features":[NaN]}', "b.json", "file.corrupt", {}),
    ("too deep", deep_json(MAX_JSON_DEPTH + 1), "b.json", "file.corrupt", {}),
    ("very deep", deep_json(100_000), "b.json", "file.corrupt", {"reason": "too_deep"}),
    ("a feature", json.dumps(feature(code="62")).encode(), "b.json", "file.corrupt", {}),
    ("no features", b'{"type": "FeatureCollection"}', "b.json", "file.corrupt", {}),
    ("string feature", collection("x"), "b.json", "file.corrupt", {"index": 0}),
    ("not a zip", GOOD, "b.zip", "file.corrupt", {"reason": "zip"}),
    ("no shp", zip_of({"a.dbf": b""}), "b.zip", "file.corrupt", {"reason": "no_shp"}),
    (
        "two shp",
        zip_of({"a.shp": b"", "b.shp": b""}),
        "b.zip",
        "file.corrupt",
        {"reason": "several_shp"},
    ),
    (
        "no dbf",
        shapefile_zip(square_shapefile, skip=(".dbf",)),
        "b.zip",
        "file.corrupt",
        {"reason": "missing_member", "member": "dbf"},
    ),
    (
        "garbage shp",
        zip_of({"a.shp": b"\x00" * 50, "a.shx": b"\x00" * 10, "a.dbf": b"x"}),
        "b.zip",
        "file.corrupt",
        {"reason": "shapefile"},
    ),
    (
        "traversal",
        shapefile_zip(square_shapefile, extra={"../../etc/cron.d/x": b"x"}),
        "b.zip",
        "file.zip_path",
        {"member": "../../etc/cron.d/x"},
    ),
    ("absolute", zip_of({"/srv/a.shp": b""}), "b.zip", "file.zip_path", {}),
    ("drive", zip_of({"C:\\a.shp": b""}), "b.zip", "file.zip_path", {}),
    (
        "projected",
        shapefile_zip(square_shapefile, prj=UTM_PRJ),
        "b.zip",
        "file.projection",
        {"projection": "WGS_1984_UTM_ZONE_50S"},
    ),
    ("empty", collection(), "b.geojson", "file.empty", {}),
    ("empty shapefile", shapefile_zip(lambda w: w.field("KODE")), "b.zip", "file.empty", {}),
    ("no code", collection(feature(), feature(nama="x")), "b.json", "feature.no_code", {}),
    ("null properties", collection({"geometry": None}), "b.json", "feature.no_code", {}),
    (
        "BPS code",
        collection(feature(kode="6271010")),
        "b.json",
        "feature.bad_code",
        {"index": 0, "value": "6271010"},
    ),
    (
        "object code",
        collection(feature(code={"a": 1})),
        "b.json",
        "feature.bad_code",
        {"index": 0, "value": "{'a': 1}"},
    ),
    (
        "duplicate",
        collection(feature(code="62.71"), feature(code="6271")),
        "b.json",
        "feature.duplicate_code",
        {"code": "62.71", "indexes": [0, 1]},
    ),
]


@pytest.mark.parametrize(
    ("data", "filename", "code", "detail"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_errors(data: bytes, filename: str, code: str, detail: dict[str, object]) -> None:
    kwargs = {"max_bytes": 10} if code == "file.too_large" else {}
    exc = error(data, filename, **kwargs)
    assert exc.code == code
    assert detail.items() <= exc.detail.items()


def test_no_code_reports_the_index() -> None:
    assert error(collection(feature(code="62"), feature(name="x"))).detail == {"index": 1}


def test_zip_bomb_uses_the_declared_size() -> None:
    data = shapefile_zip(square_shapefile)
    assert read_boundaries(data, "k.zip", zip_limits=ZipLimits(max_uncompressed_bytes=10_000))
    exc = error(data, "k.zip", zip_limits=ZipLimits(max_uncompressed_bytes=100))
    assert (exc.code, exc.detail) == ("file.zip_bomb", {"limit_mb": 0})


def test_nesting_just_deep_enough_is_accepted() -> None:
    # Collection, features, feature, properties, then 6 arrays: 10 levels; 12 is the limit.
    assert read_boundaries(TEN_LEVELS, "b.json")[0].code == "62.71.01"
    brackets_in_strings = collection(feature(code="62.71.01", note='[[[[[[[[[[[[[[[[[["{{{{'))
    assert read_boundaries(brackets_in_strings, "b.json")


def test_utf8_bom_is_accepted() -> None:
    assert read_boundaries(b"\xef\xbb\xbf" + GOOD, "b.geojson")[0].code == "62.71.01"


def lon_lat(lon: Any, lat: Any) -> list[Any]:
    return [[lon, lat], [lon, lat], [lon, lat], [lon, lat]]


GEOMETRY_CASES: list[tuple[str, Any, str]] = [
    ("null", None, "missing"),
    ("empty polygon", polygon(), "missing"),
    ("empty multipolygon", {"type": "MultiPolygon", "coordinates": []}, "missing"),
    ("polygon without rings", {"type": "MultiPolygon", "coordinates": [[]]}, "missing"),
    ("point", {"type": "Point", "coordinates": [113, -2]}, "type"),
    ("collection", {"type": "GeometryCollection", "geometries": []}, "type"),
    ("no coordinates", {"type": "Polygon"}, "structure"),
    ("flat ring", {"type": "Polygon", "coordinates": [[113, -2, 113, -2]]}, "structure"),
    (
        "positions of positions",
        {"type": "Polygon", "coordinates": [[rect(0, 0, 1, 1)] * 4]},
        "coordinate",
    ),
    ("short ring", polygon([[0, 0], [1, 0], [0, 0]]), "ring_short"),
    ("open ring", polygon([[0, 0], [1, 0], [1, 1], [0, 1]]), "ring_open"),
    ("string coordinate", polygon(lon_lat("113", -2)), "coordinate"),
    ("boolean coordinate", polygon(lon_lat(True, -2)), "coordinate"),
    ("one number", polygon([[113]] * 4), "coordinate"),
    ("null altitude", polygon([[113, -2, None]] * 4), "coordinate"),
    ("longitude", polygon(lon_lat(180.5, -2)), "range"),
    ("latitude", polygon(lon_lat(113, -90.1)), "range"),
    ("projected metres", polygon(lon_lat(500_000, 9_750_000)), "range"),
    ("huge int", polygon(lon_lat(10**400, 0)), "range"),
    ("zero area", polygon([[0, 0], [1, 1], [2, 2], [0, 0]]), "area"),
    ("hole as big as exterior", polygon(rect(0, 0, 1, 1), rect(0, 0, 1, 1)), "area"),
]


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [case[1:] for case in GEOMETRY_CASES],
    ids=[case[0] for case in GEOMETRY_CASES],
)
def test_geometry_errors(geometry: Any, reason: str) -> None:
    item = {"type": "Feature", "properties": {"kode": "627101"}, "geometry": geometry}
    exc = error(collection(feature(code="62.71.02"), item))
    assert exc.code == "feature.geometry"
    assert exc.detail == {"index": 1, "code": "62.71.01", "reason": reason}
    assert reason in GEOMETRY_REASONS


def test_overflowing_number_is_not_a_coordinate() -> None:
    ring = "[[1e400, -2], [113, -2], [113, -1], [1e400, -2]]"
    data = '{"type": "FeatureCollection", "features": [{"type": "Feature", '
    data += '"properties": {"code": "62"}, "geometry": {"type": "Polygon", "coordinates": ['
    exc = error((data + ring + "]}}]}").encode())
    assert exc.detail == {"index": 0, "code": "62", "reason": "coordinate"}


def test_every_code_is_tested() -> None:
    tested_elsewhere = {"feature.geometry", "file.zip_bomb", "file.zip_members"}  # archives
    assert {case[3] for case in ERROR_CASES} | tested_elsewhere == set(CODES)
    assert {case[2] for case in GEOMETRY_CASES} == set(GEOMETRY_REASONS)


def test_error_pickles_and_reads_well() -> None:
    exc = BoundaryError("feature.bad_code", {"index": 3, "value": "x"})
    copy = pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own bytes)
    assert (copy.code, copy.detail) == (exc.code, exc.detail)
    assert str(exc) == "feature.bad_code: {'index': 3, 'value': 'x'}"
    assert isinstance(exc, ValueError)


# --------------------------------------------------------------------------- robustness

EXTENSIONS = st.sampled_from(["b.geojson", "b.json", "b.zip", "B.GeoJSON"])
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), filename=EXTENSIONS)
def test_arbitrary_bytes_never_crash(data: bytes, filename: str) -> None:
    try:
        result = read_boundaries(data, filename)
    except BoundaryError as exc:
        assert exc.code in CODES
    else:
        assert isinstance(result, list)


@settings(max_examples=300, deadline=None)
@given(
    code=JSON_VALUES | st.sampled_from(["62.71.01", "627101", 6271]),
    geometry=JSON_VALUES
    | st.fixed_dictionaries(
        {"type": st.sampled_from(["Polygon", "MultiPolygon"]), "coordinates": JSON_VALUES}
    ),
)
def test_arbitrary_features_never_crash(code: object, geometry: object) -> None:
    item = {"type": "Feature", "properties": {"code": code}, "geometry": geometry}
    try:
        [boundary] = read_boundaries(collection(item), "b.geojson")
    except BoundaryError as exc:
        assert exc.code in CODES
    else:
        assert math.isfinite(boundary.centroid[0]) and math.isfinite(boundary.centroid[1])


def shapefile_members(write: Callable[[shapefile.Writer], None]) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(shapefile_zip(write))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


SHAPEFILE_MEMBERS = shapefile_members(square_shapefile)


@pytest.mark.filterwarnings("ignore::Warning:shapefile")  # pyshp warns about bad headers
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    member=st.sampled_from(["kecamatan.shp", "kecamatan.shx", "kecamatan.dbf"]),
    position=st.integers(0, 10_000),
    value=st.integers(0, 255),
    truncate=st.booleans(),
)
def test_corrupted_shapefiles_never_crash(
    member: str, position: int, value: int, truncate: bool
) -> None:
    members = dict(SHAPEFILE_MEMBERS)
    content = bytearray(members[member])
    position %= len(content)
    if truncate:
        del content[position:]
    else:
        content[position] = value
    members[member] = bytes(content)
    try:
        result = read_boundaries(zip_of(members), "k.zip")
    except BoundaryError as exc:
        assert exc.code in CODES
    else:
        assert all(isinstance(b, Boundary) for b in result)
