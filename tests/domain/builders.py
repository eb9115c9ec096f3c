"""Builders for the domain tests: archives and shapefiles, built in memory.

Zip archives whose headers lie are for the zip-bomb tests (issue 13).

``zipfile`` always writes honest headers, so :func:`with_member` writes the archive itself:
each member is given as already-compressed bytes with the CRC and the uncompressed size its
headers should state, true or not.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
import shapefile

MIB = 1024 * 1024


@dataclass(frozen=True)
class Member:
    name: str
    payload: bytes  # as stored: raw deflate (method 8) or the plain bytes (method 0)
    crc: int
    declared_size: int
    method: int = zipfile.ZIP_DEFLATED


def deflated(data: bytes, *, declared_size: int | None = None, name: str = "") -> Member:
    """``data`` deflated honestly; ``declared_size`` overrides the size the headers state."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    size = len(data) if declared_size is None else declared_size
    return Member(name, payload, zlib.crc32(data), size)


def deflated_zeros(size: int) -> tuple[bytes, int]:
    """``size`` zero bytes as raw deflate (about 1,000:1) and their CRC, built in chunks."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * MIB
    parts: list[bytes] = []
    crc = 0
    for _ in range(size // MIB):
        parts.append(compressor.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(compressor.flush())
    return b"".join(parts), crc


def archive(members: Sequence[Member]) -> bytes:
    """A zip of ``members`` with exactly the headers they ask for."""
    out = io.BytesIO()
    directory = io.BytesIO()
    for member in members:
        name = member.name.encode()
        offset = out.tell()
        sizes = (member.crc, len(member.payload), member.declared_size)
        out.write(
            struct.pack(
                "<4s5H3I2H", b"PK\x03\x04", 20, 0, member.method, 0, 33, *sizes, len(name), 0
            )
        )
        out.write(name)
        out.write(member.payload)
        directory.write(
            struct.pack(
                "<4s6H3I5H2I",
                b"PK\x01\x02",
                20,
                20,
                0,
                member.method,
                0,
                33,
                *sizes,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        directory.write(name)
    start, size = out.tell(), directory.tell()
    out.write(directory.getvalue())
    count = len(members)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


def xlsx_members() -> list[Member]:
    """The members of a small real workbook (header row NIP, Nama), deflated honestly."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["NIP", "Nama"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    return [deflated(source.read(info), name=info.filename) for info in source.infolist()]


def xlsx_with_sheet(sheet: Member) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``sheet``."""
    name = "xl/worksheets/sheet1.xml"
    members = [m for m in xlsx_members() if m.name != name]
    return archive([*members, Member(name, sheet.payload, sheet.crc, sheet.declared_size)])


WGS84_PRJ = (
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)


def shapefile_zip(
    write: Callable[[shapefile.Writer], None],
    *,
    shape_type: int = shapefile.POLYGON,
    encoding: str = "utf-8",
    stem: str = "kecamatan",
    prj: str | None = WGS84_PRJ,
    cpg: str | None = "UTF-8",
    extra: dict[str, bytes] | None = None,
    skip: tuple[str, ...] = (),
) -> bytes:
    """A zipped shapefile written by pyshp; ``write`` adds fields, shapes and records."""
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = shapefile.Writer(shapeType=shape_type, shp=shp, shx=shx, dbf=dbf, encoding=encoding)
    write(writer)
    writer.close()
    members = {f"{stem}.shp": shp.getvalue(), f"{stem}.shx": shx.getvalue()}
    members[f"{stem}.dbf"] = dbf.getvalue()
    if prj is not None:
        members[f"{stem}.prj"] = prj.encode()
    if cpg is not None:
        members[f"{stem}.cpg"] = cpg.encode()
    members.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if not name.endswith(skip):
                archive.writestr(name, content)
    return buffer.getvalue()


def square_shapefile(writer: shapefile.Writer) -> None:
    writer.field("KDEPUM", "C", size=20)
    writer.field("WADMKC", "C", size=50)
    # Shapefile rings: exteriors clockwise, holes counter-clockwise.
    writer.poly([rect(113.0, -2.0, 113.4, -1.6, clockwise=True)])
    writer.record("6271011001", "Pahandut")
    writer.poly(
        [
            rect(114.0, -2.0, 114.4, -1.6, clockwise=True),
            rect(114.1, -1.9, 114.2, -1.8),  # a hole
            rect(115.0, -2.0, 115.4, -1.6, clockwise=True),  # a second island
        ]
    )
    writer.record("62.71.02", "Bukit Batu")


def rect(x0: float, y0: float, x1: float, y1: float, *, clockwise: bool = False) -> list[Any]:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return ring[::-1] if clockwise else ring
