"""Region boundaries from a GeoJSON FeatureCollection or a zipped shapefile.

Not a table: :meth:`BoundaryKind.read_file` reads the file with
``formasi.domain.boundaries.read_boundaries`` and gives one row per feature (numbered from
1 in file order). Each feature must name an existing region; its geometry becomes the
region's boundary, and its centroid the region's latitude and longitude when the region has
none yet. The same regional permission as the region import applies to regions that would
change. Exports write every stored boundary as one deterministic GeoJSON file.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from formasi.core.uploads import zip_limits
from formasi.domain.boundaries import BoundaryError, read_boundaries
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.organization.models import Region
from formasi.transfer.kinds.base import (
    Context,
    ImportKind,
    Plan,
    Stored,
    every_agency,
    write_updates,
)
from formasi.transfer.kinds.regions import (
    editable_prefix,
    may_edit,
    refused_message,
)

COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Wilayah", ColumnKind.TEXT, required=True, max_length=13),
    Column("name", "Nama", ColumnKind.TEXT, max_length=100),
)
BATCH = 500  # boundaries are large


def boundary_error_message(code: str, detail: Mapping[str, object]) -> str:
    """The message for a ``formasi.domain.boundaries.BoundaryError``."""
    d = dict(detail)
    reasons = {
        "missing": _("it has no polygon"),
        "type": _("it is not a Polygon or MultiPolygon"),
        "structure": _("its coordinates are not nested as GeoJSON requires"),
        "ring_short": _("a ring has fewer than 4 points"),
        "ring_open": _("a ring does not end where it starts"),
        "coordinate": _("a point is not a pair of numbers"),
        "range": _("a point lies outside longitude −180…180 or latitude −90…90"),
        "area": _("its area is zero"),
    }
    messages = {
        "file.too_large": _("The file is {size_mb} MB; the limit is {limit_mb} MB."),
        "file.unsupported": _(
            "Files of type .{extension} cannot be read as boundaries; use .geojson, .json or a "
            ".zip holding a shapefile."
        ),
        "file.corrupt": _(
            "The file is damaged, or it is not a GeoJSON FeatureCollection or a zipped "
            "shapefile ({reason})."
        ),
        "file.zip_bomb": _("The archive expands to more than {limit_mb} MB and was refused.")
        if "limit_mb" in d
        else _("The archive expands to far more data than its size suggests and was refused."),
        "file.zip_members": _("The archive holds more than {limit} files and was refused."),
        "file.zip_path": _("The archive holds a file with an unsafe path ({member})."),
        "file.projection": _(
            "The shapefile uses the projected coordinate system {projection}; export it in "
            "longitude/latitude (WGS 84) and upload again."
        ),
        "file.empty": _("The file has no features."),
        "feature.no_code": _(
            "Feature {number} has no region code property (e.g. “kode” or “code”)."
        ),
        "feature.bad_code": _(
            "Feature {number}: “{value}” is not a Kemendagri region code (e.g. 62.71.01)."
        ),
        "feature.geometry": _("Feature {number} ({code}) has an invalid geometry: {reason}."),
        "feature.duplicate_code": _("Region {code} appears more than once (features {numbers})."),
    }
    index, indexes = d.get("index"), d.get("indexes")
    if isinstance(index, int):
        d["number"] = index + 1  # features are numbered from 1 for people
    if isinstance(indexes, list):
        d["numbers"] = ", ".join(str(i + 1) for i in indexes if isinstance(i, int))
    if "reason" in d and code == "feature.geometry":
        d["reason"] = reasons.get(str(d["reason"]), str(d["reason"]))
    template = messages.get(code, _("The boundary file cannot be read ({code}).")).replace(
        "{code}", str(d.get("code", code))
    )
    try:
        return template.format(**d)
    except (KeyError, IndexError, ValueError):
        return template


class BoundaryKind(ImportKind):
    name = "boundaries"
    label = gettext_lazy("Region boundaries (GeoJSON)")
    resource = "region"
    columns = COLUMNS
    key_field = "code"
    needs_agency = False
    formats = ("geojson",)
    tabular = False

    def touched_agencies(self, ctx: Context) -> list[int]:
        return every_agency()

    def read_file(self, data: bytes, filename: str) -> tuple[list[ParsedRow], list[str]]:
        """One row per feature (code, name, geometry, centroid), or the file's errors."""
        try:
            boundaries = read_boundaries(
                data,
                filename,
                max_bytes=settings.FORMASI_IMPORT_MAX_BYTES,
                zip_limits=zip_limits(),
            )
        except BoundaryError as exc:
            return [], [boundary_error_message(exc.code, exc.detail)]
        rows = [
            ParsedRow(
                number,
                {"code": b.code, "name": b.name, "geometry": b.geometry, "centroid": b.centroid},
            )
            for number, b in enumerate(boundaries, start=1)
        ]
        return rows, []

    def load(self, ctx: Context) -> Stored:
        """Nothing up front: boundaries are large, so prepare() loads the file's regions."""
        return Stored()

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        codes = sorted({str(row.values["code"]) for row in rows})
        for start in range(0, len(codes), BATCH):
            found = Region.objects.filter(code__in=codes[start : start + BATCH]).values_list(
                "id", "code", "boundary", "latitude", "longitude"
            )
            for pk, code, boundary, latitude, longitude in found:
                stored.ids[code] = pk
                stored.values[code] = {
                    "boundary": boundary,
                    "latitude": latitude,
                    "longitude": longitude,
                }
        prefix = editable_prefix(ctx.user)
        header = COLUMNS[0].header
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            code = str(row.values["code"])
            old = stored.values.get(code)
            if old is None:
                message = _("No region has the code {code}; import the region first.")
                errors.append(
                    RowError(
                        row.number,
                        header,
                        "boundary.region",
                        {"message": message.format(code=code)},
                    )
                )
                continue
            record: dict[str, object] = {"boundary": row.values["geometry"]}
            if old["latitude"] is None or old["longitude"] is None:
                longitude, latitude = row.values["centroid"]  # type: ignore[misc]
                record["latitude"], record["longitude"] = latitude, longitude
            if any(old.get(k) != v for k, v in record.items()) and not may_edit(prefix, code):
                errors.append(
                    RowError(
                        row.number, header, "region.scope", {"message": refused_message(prefix)}
                    )
                )
                continue
            records[code] = record
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        write_updates(ctx, plan, Region, batch_size=BATCH)

    def export_bytes(self, ctx: Context) -> bytes:
        """Every stored boundary as a GeoJSON FeatureCollection, by region code."""
        regions = (
            Region.objects.filter(boundary__isnull=False)
            .order_by("code")
            .values_list("code", "name", "boundary")
        )
        features = [
            {
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": boundary,
            }
            for code, name, boundary in regions.iterator(chunk_size=BATCH)
        ]
        collection = {"type": "FeatureCollection", "features": features}
        return json.dumps(
            collection, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")
