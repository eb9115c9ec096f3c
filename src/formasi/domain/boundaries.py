"""Read an uploaded region-boundary file (GeoJSON or zipped ESRI shapefile) safely.

A Pemda brings its own boundary file (a BIG/BPS shapefile or a GeoJSON export) so the maps
can draw its kecamatan and desa/kelurahan; Formasi must also work without one. This module
turns such a file into one :class:`Boundary` per region, keyed by the Kemendagri region code.
Pure Python (no Django); every failure is a :class:`BoundaryError` whose ``code`` (one of
:data:`CODES`) the Django layer turns into an Indonesian message, with ``detail`` holding the
plain values for the placeholders.

Rules implemented
-----------------
* Size first: more than ``max_bytes`` (50 MiB by default) is refused before anything else.
* The extension decides the reader: ``.geojson``/``.json`` is a GeoJSON FeatureCollection
  (RFC 7946: UTF-8, optional BOM; ``NaN``/``Infinity`` refused), ``.zip`` an ESRI shapefile
  (exactly one ``.shp`` with its ``.shx`` and ``.dbf``; ``.prj`` and ``.cpg`` optional),
  read with pyshp entirely in memory.
* JSON nesting: a MultiPolygon feature needs 8 levels (collection, features, feature,
  geometry, coordinates, polygon, ring, position); :data:`MAX_JSON_DEPTH` leaves a little
  room for nested properties. Deeper files are refused before :func:`json.loads` runs.
* Zip archives: :func:`formasi.domain.archives.open_zip` inflates every member in chunks,
  counting real bytes, before pyshp sees them: at most ``zip_limits`` (members, total
  size, compression ratio), and a member inflating to more than it declares is refused; a
  member name that is absolute, has a drive letter or a ``..`` segment is refused. A
  ``.prj`` naming a projected coordinate system (``PROJCS``) is refused: coordinates must
  be longitude/latitude degrees (WGS 84, or DGN95 which differs from it by less than a
  metre).
* Region code (Permendagri 58/2021, ``PP.KK.CC.DDDD``): the first property present (with a
  non-blank value) among :data:`CODE_KEYS`, keys compared case-insensitively. It is
  normalised to the dotted form: ``62.71.01`` stays, ``627101`` becomes ``62.71.01``,
  ``6271011001`` becomes ``62.71.01.1001`` (likewise 2 and 4 digits). Integers (shapefile
  numeric fields) are read as their digits. Anything else is refused; BPS 7-digit kecamatan
  codes are not Kemendagri codes and are refused too. Codes must be unique in the file.
* Name: the first non-blank property among :data:`NAME_KEYS`, or ``None``.
* Geometry: a Polygon or MultiPolygon; every ring has at least 4 positions and is closed;
  positions are 2 or more finite numbers with longitude in [-180, 180] and latitude in
  [-90, 90]. The returned geometry keeps only longitude and latitude, as floats.
* Centroid: area-weighted over all polygons by the shoelace formula on longitude/latitude
  degrees (planar, fine for regions the size of a kabupaten); holes subtract; ring
  orientation does not matter. A geometry whose net area is not positive is refused.

Units: sizes in bytes (``limit_mb``/``size_mb`` details in MiB); coordinates and centroids in
decimal degrees, (longitude, latitude) as GeoJSON orders them; feature ``index`` details
are 0-based positions in the file's feature list (GeoJSON) or record numbers (shapefile).
"""

from __future__ import annotations

import codecs
import io
import json
import math
import posixpath
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType
from typing import Final

import shapefile

from formasi.domain.archives import ZipLimits, ZipRefused, open_zip
from formasi.domain.errors import UploadError

__all__ = [
    "CODES",
    "CODE_KEYS",
    "MAX_JSON_DEPTH",
    "NAME_KEYS",
    "Boundary",
    "BoundaryError",
    "normalise_region_code",
    "read_boundaries",
]

CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "file.too_large": "the file is larger than the limit (detail: limit_mb, size_mb)",
        "file.unsupported": "the extension is not one of geojson, json, zip (detail: extension)",
        "file.corrupt": "the file is damaged, not a GeoJSON FeatureCollection or not a "
        "shapefile (detail: reason, sometimes index or member)",
        "file.zip_bomb": "the archive expands too much (detail: limit_mb, or member and "
        "ratio, or member and declared)",
        "file.zip_members": "the archive holds too many files (detail: limit)",
        "file.zip_path": "an archive member's path is absolute or climbs out with '..' "
        "(detail: member)",
        "file.projection": "the shapefile's .prj names a projected coordinate system, not "
        "longitude/latitude (detail: projection)",
        "file.empty": "the file has no features",
        "feature.no_code": "a feature has no region code property (detail: index)",
        "feature.bad_code": "a region code is not a Kemendagri code (detail: index, value)",
        "feature.geometry": "a feature's geometry is missing or invalid "
        "(detail: index, code, reason)",
        "feature.duplicate_code": "two features have the same region code (detail: code, indexes)",
    }
)
"""Every ``BoundaryError.code`` with a short English description of it and its ``detail``."""

GEOMETRY_REASONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "missing": "no geometry, or a geometry with no polygons",
        "type": "not a Polygon or MultiPolygon",
        "structure": "coordinates are not nested lists of the expected depth",
        "ring_short": "a ring has fewer than 4 positions",
        "ring_open": "a ring's last position differs from its first",
        "coordinate": "a position is not 2 or more finite numbers",
        "range": "longitude outside [-180, 180] or latitude outside [-90, 90]",
        "area": "the polygons have no positive net area",
    }
)
"""The ``reason`` values of ``feature.geometry`` errors."""

CODE_KEYS: Final = (
    "code",
    "kode",
    "kode_wilayah",
    "kd_wilayah",
    "kdepum",
    "kodepum",
    "kode_kemendagri",
    "id_wilayah",
)
"""Property names that hold the region code, by priority (compared case-insensitively)."""

NAME_KEYS: Final = ("name", "nama", "wadmkc", "wadmkd", "wadmkk", "namobj")
"""Property names that hold the region name, by priority (compared case-insensitively)."""

MAX_JSON_DEPTH: Final = 12
"""Deepest nesting of JSON arrays and objects accepted (a MultiPolygon feature needs 8)."""

MIB: Final = 1024 * 1024
EXTENSIONS: Final = ("geojson", "json", "zip")
MIN_RING_POSITIONS: Final = 4
MAX_DETAIL_CHARS: Final = 40

_DOTTED_CODE: Final = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_DIGIT_GROUPS: Final[Mapping[int, tuple[int, ...]]] = MappingProxyType(
    {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}
)
_JSON_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_BRACKETS: Final = str.maketrans("{}", "[]")
_DRIVE: Final = re.compile(r"^[A-Za-z]:")


class BoundaryError(UploadError):
    """The upload cannot be read as region boundaries; ``code`` is one of :data:`CODES`."""


@dataclass(frozen=True)
class Boundary:
    """One region's outline.

    ``geometry`` is a GeoJSON Polygon or MultiPolygon dict with [longitude, latitude] float
    positions; ``centroid`` is its area-weighted centroid as (longitude, latitude).
    """

    code: str
    name: str | None
    geometry: dict[str, object]
    centroid: tuple[float, float]


# A feature as read from either format: its properties (None when absent) and geometry.
_RawFeature = tuple[Mapping[str, object] | None, object]
_Ring = list[list[float]]
_Polygon = list[_Ring]


def read_boundaries(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = 50 * MIB,
    zip_limits: ZipLimits = ZipLimits(),  # noqa: B008 (a frozen dataclass)
) -> list[Boundary]:
    """Read a GeoJSON FeatureCollection or a zipped shapefile into boundaries, in file order.

    Raises :class:`BoundaryError` for anything wrong with the file (see the module rules).
    """
    if len(data) > max_bytes:
        raise BoundaryError(
            "file.too_large",
            {"limit_mb": round(max_bytes / MIB), "size_mb": round(len(data) / MIB, 1)},
        )
    extension = posixpath.splitext(filename.replace("\\", "/"))[1].lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise BoundaryError("file.unsupported", {"extension": extension})
    zipped = extension == "zip"
    features = _read_shapefile_zip(data, zip_limits) if zipped else _read_geojson(data)
    if not features:
        raise BoundaryError("file.empty")
    boundaries: list[Boundary] = []
    first_index: dict[str, int] = {}
    for index, (properties, geometry) in enumerate(features):
        boundary = _boundary(index, properties, geometry)
        if boundary.code in first_index:
            raise BoundaryError(
                "feature.duplicate_code",
                {"code": boundary.code, "indexes": [first_index[boundary.code], index]},
            )
        first_index[boundary.code] = index
        boundaries.append(boundary)
    return boundaries


def normalise_region_code(value: object) -> str | None:
    """The dotted Kemendagri form of a region code, or ``None`` when it is not one.

    ``"62.71.01"`` and ``"627101"`` and ``627101`` all give ``"62.71.01"``;
    ``"6271011001"`` gives ``"62.71.01.1001"``. Surrounding whitespace is ignored.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer() and 0 < value < 1e10:
        value = int(value)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _DOTTED_CODE.fullmatch(text):
        return text
    groups = _DIGIT_GROUPS.get(len(text))
    if groups is None or not (text.isascii() and text.isdigit()):
        return None
    parts: list[str] = []
    start = 0
    for width in groups:
        parts.append(text[start : start + width])
        start += width
    return ".".join(parts)


# --------------------------------------------------------------------------- features


def _lookup(properties: Mapping[str, object], keys: Sequence[str]) -> object:
    """The first non-blank value among ``keys`` (case-insensitive), else ``None``."""
    folded: dict[str, object] = {}
    for key, value in properties.items():
        folded.setdefault(str(key).casefold(), value)
    for key in keys:
        value = folded.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        return value
    return None


def _clip(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_DETAIL_CHARS else text[: MAX_DETAIL_CHARS - 1] + "…"


def _boundary(index: int, properties: Mapping[str, object] | None, geometry: object) -> Boundary:
    raw_code = _lookup(properties, CODE_KEYS) if properties else None
    if raw_code is None:
        raise BoundaryError("feature.no_code", {"index": index})
    code = normalise_region_code(raw_code)
    if code is None:
        raise BoundaryError("feature.bad_code", {"index": index, "value": _clip(raw_code)})
    raw_name = _lookup(properties, NAME_KEYS) if properties else None
    name = None if raw_name is None else str(raw_name).strip()
    try:
        kind, polygons = _polygons(geometry)
        centroid = _centroid(polygons)
    except _GeometryError as exc:
        raise BoundaryError(
            "feature.geometry", {"index": index, "code": code, "reason": exc.reason}
        ) from None
    coordinates: object = polygons[0] if kind == "Polygon" else polygons
    return Boundary(
        code=code,
        name=name,
        geometry={"type": kind, "coordinates": coordinates},
        centroid=centroid,
    )


class _GeometryError(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _polygons(geometry: object) -> tuple[str, list[_Polygon]]:
    """The geometry's type and its polygons (as lists of [lon, lat] rings), validated."""
    if not isinstance(geometry, Mapping):
        raise _GeometryError("missing")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        raise _GeometryError("type")
    if not isinstance(coordinates, (list, tuple)):
        raise _GeometryError("structure")
    if not coordinates:
        raise _GeometryError("missing")
    raw_polygons = [coordinates] if kind == "Polygon" else coordinates
    polygons = [_polygon(raw) for raw in raw_polygons]
    return str(kind), polygons


def _polygon(raw: object) -> _Polygon:
    if not isinstance(raw, (list, tuple)):
        raise _GeometryError("structure")
    if not raw:
        raise _GeometryError("missing")
    return [_ring(ring) for ring in raw]


def _ring(raw: object) -> _Ring:
    if not isinstance(raw, (list, tuple)):
        raise _GeometryError("structure")
    if len(raw) < MIN_RING_POSITIONS:
        raise _GeometryError("ring_short")
    ring = [_position(position) for position in raw]
    if ring[0] != ring[-1]:
        raise _GeometryError("ring_open")
    return ring


def _position(raw: object) -> list[float]:
    if not isinstance(raw, (list, tuple)):
        raise _GeometryError("structure")
    if len(raw) < 2:  # a position is at least longitude and latitude
        raise _GeometryError("coordinate")
    for number in raw:
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise _GeometryError("coordinate")
    try:
        lon, lat = float(raw[0]), float(raw[1])
    except OverflowError:  # an int too large for a float
        raise _GeometryError("range") from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise _GeometryError("coordinate")
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise _GeometryError("range")
    return [lon, lat]


def _ring_moments(ring: _Ring) -> tuple[float, float, float]:
    """Signed area and the first moments (area x centroid) of a closed ring.

    Computed relative to the ring's first position to avoid cancellation far from (0, 0).
    """
    ox, oy = ring[0]
    area2 = mx = my = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        ax, ay, bx, by = x0 - ox, y0 - oy, x1 - ox, y1 - oy
        cross = ax * by - bx * ay
        area2 += cross
        mx += (ax + bx) * cross
        my += (ay + by) * cross
    area = area2 / 2
    if area == 0:
        return 0.0, 0.0, 0.0
    # Centroid relative to the origin is (mx / (3 * area2), my / (3 * area2)).
    cx, cy = mx / (3 * area2) + ox, my / (3 * area2) + oy
    return area, area * cx, area * cy


def _centroid(polygons: list[_Polygon]) -> tuple[float, float]:
    total = sum_x = sum_y = 0.0
    for polygon in polygons:
        for position, ring in enumerate(polygon):
            area, ax, ay = _ring_moments(ring)
            # Orientation-free: the exterior adds its absolute area, holes subtract theirs.
            sign = (1.0 if position == 0 else -1.0) * (1.0 if area >= 0 else -1.0)
            total += sign * area
            sum_x += sign * ax
            sum_y += sign * ay
    if not total > 0:
        raise _GeometryError("area")
    return (sum_x / total, sum_y / total)


# --------------------------------------------------------------------------- GeoJSON


def _refuse_constant(name: str) -> object:
    raise ValueError(f"non-finite number {name}")


def _json_too_deep(text: str, limit: int) -> bool:
    """Whether arrays/objects nest deeper than ``limit`` (strings are ignored).

    Each pass deletes every innermost ``[]`` pair, so the number of passes needed to empty
    the bracket skeleton is its depth. All the work is in C (regex, replace).
    """
    skeleton = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)).translate(_BRACKETS)
    for _ in range(limit):
        if not skeleton:
            return False
        shorter = skeleton.replace("[]", "")
        if shorter == skeleton:
            return False  # unbalanced: json.loads will say so
        skeleton = shorter
    return bool(skeleton)


def _read_geojson(data: bytes) -> list[_RawFeature]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BoundaryError("file.corrupt", {"reason": "encoding"}) from None
    if _json_too_deep(text, MAX_JSON_DEPTH):
        raise BoundaryError("file.corrupt", {"reason": "too_deep"})
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise BoundaryError("file.corrupt", {"reason": "json"}) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise BoundaryError("file.corrupt", {"reason": "not_feature_collection"})
    features = document.get("features")
    if not isinstance(features, list):
        raise BoundaryError("file.corrupt", {"reason": "not_feature_collection"})
    result: list[_RawFeature] = []
    for index, feature in enumerate(features):
        if not isinstance(feature, dict):
            raise BoundaryError("file.corrupt", {"reason": "feature", "index": index})
        properties = feature.get("properties")
        result.append(
            (properties if isinstance(properties, dict) else None, feature.get("geometry"))
        )
    return result


# --------------------------------------------------------------------------- shapefile


def _unsafe_member(name: str) -> bool:
    path = name.replace("\\", "/")
    return (
        path.startswith("/")
        or bool(_DRIVE.match(path))
        or any(part == ".." for part in path.split("/"))
    )


def _open_zip(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    try:
        archive = open_zip(data, limits)
    except ZipRefused as exc:
        if exc.code == "zip.corrupt":
            raise BoundaryError("file.corrupt", {"reason": "zip"}) from exc
        if exc.code == "zip.too_many_members":
            raise BoundaryError("file.zip_members", exc.detail) from exc
        raise BoundaryError("file.zip_bomb", exc.detail) from exc
    for info in archive.infolist():
        if _unsafe_member(info.filename):
            raise BoundaryError("file.zip_path", {"member": _clip(info.filename)})
    return archive


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        # _open_zip checked that every member inflates to exactly its declared size.
        with archive.open(info) as stream:
            content = stream.read(info.file_size + 1)
    except Exception as exc:  # zlib.error, BadZipFile (CRC), NotImplementedError, ...
        _reraise_fatal(exc)
        raise BoundaryError("file.corrupt", {"reason": "zip"}) from exc
    if len(content) != info.file_size:
        raise BoundaryError("file.corrupt", {"reason": "zip"})
    return content


def _shapefile_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The members of the one shapefile in the archive, by lower-case extension."""
    files = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not posixpath.basename(info.filename).startswith(".")
    ]
    shps = [info for info in files if info.filename.lower().endswith(".shp")]
    if not shps:
        raise BoundaryError("file.corrupt", {"reason": "no_shp"})
    if len(shps) > 1:
        raise BoundaryError("file.corrupt", {"reason": "several_shp"})
    stem = shps[0].filename[:-4].lower()
    members: dict[str, zipfile.ZipInfo] = {}
    for info in files:
        base, extension = posixpath.splitext(info.filename.lower())
        if base == stem and extension in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            members.setdefault(extension[1:], info)
    for required in ("shx", "dbf"):
        if required not in members:
            raise BoundaryError("file.corrupt", {"reason": "missing_member", "member": required})
    return members


def _cpg_encoding(content: bytes | None) -> str | None:
    """The Python codec named by a .cpg file ("UTF-8", "1252", "ANSI 1252"), if known."""
    if content is None:
        return None
    text = content.decode("ascii", "replace").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    for candidate in (text, f"cp{digits}" if digits else ""):
        if not candidate:
            continue
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def _read_shapefile_zip(data: bytes, limits: ZipLimits) -> list[_RawFeature]:
    archive = _open_zip(data, limits)
    with archive:
        members = _shapefile_members(archive)
        content = {ext: _read_member(archive, info) for ext, info in members.items()}
    prj = content.get("prj", b"").decode("latin-1").strip().upper()
    if prj.startswith(("PROJCS", "PROJCRS")):
        name = prj.split('"')[1] if prj.count('"') >= 2 else prj
        raise BoundaryError("file.projection", {"projection": _clip(name)})
    encoding = _cpg_encoding(content.get("cpg"))
    # Without a .cpg, try UTF-8, then Windows-1252 (older ArcGIS exports), then Latin-1
    # (which decodes anything). pyshp reports undecodable text as a dbfFileException.
    codecs_to_try = [encoding] if encoding else ["utf-8", "cp1252", "latin-1"]
    for attempt, codec in enumerate(codecs_to_try, start=1):
        try:
            return _shape_records(content, codec)
        except (UnicodeDecodeError, shapefile.dbfFileException) as exc:
            if attempt == len(codecs_to_try):
                reason = "encoding" if encoding else "shapefile"
                raise BoundaryError("file.corrupt", {"reason": reason}) from exc
        except Exception as exc:  # struct.error, ShapefileException, IndexError, ...
            _reraise_fatal(exc)
            raise BoundaryError("file.corrupt", {"reason": "shapefile"}) from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _shape_records(content: Mapping[str, bytes], encoding: str) -> list[_RawFeature]:
    reader = shapefile.Reader(
        shp=io.BytesIO(content["shp"]),
        shx=io.BytesIO(content["shx"]),
        dbf=io.BytesIO(content["dbf"]),
        encoding=encoding,
    )
    try:
        shapes = reader.shapes()
        records = reader.records()
    finally:
        reader.close()
    if len(shapes) != len(records):
        raise BoundaryError("file.corrupt", {"reason": "shapefile_count"})
    result: list[_RawFeature] = []
    for shape, record in zip(shapes, records, strict=True):
        geometry: object = None
        if shape is not None and shape.shapeType != shapefile.NULL:
            geometry = shape.__geo_interface__
        properties = None if record is None else record.as_dict(date_strings=True)
        result.append((properties, geometry))
    return result


def _reraise_fatal(exc: BaseException) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError, BoundaryError)):
        raise exc
