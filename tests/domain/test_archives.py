"""Zip-based uploads are inflated and counted before any parser sees them (issue 13, finding 6).

Pure domain: no database. The archives come from ``tests.domain.builders``, which writes headers
that lie; the memory bound itself is measured in ``tests/transfer/test_zip_bomb_memory.py``.
"""

from __future__ import annotations

import io
import pickle
import zipfile
import zlib

import pytest

from formasi.domain import archives
from formasi.domain.archives import ZipLimits, ZipRefused, open_zip
from formasi.domain.boundaries import BoundaryError, read_boundaries
from formasi.domain.tabular import TableError, read_table
from tests.domain.builders import (
    MIB,
    Member,
    archive,
    deflated,
    deflated_zeros,
    shapefile_zip,
    square_shapefile,
    xlsx_members,
    xlsx_with_sheet,
)

SHEET = "xl/worksheets/sheet1.xml"


def lying_sheet(real: int, declared: int) -> bytes:
    payload, crc = deflated_zeros(real)
    return xlsx_with_sheet(Member(SHEET, payload, crc, declared))


def test_an_honest_workbook_opens_with_every_member_checked() -> None:
    data = archive(xlsx_members())
    assert read_table(data, "a.xlsx").headers == ("NIP", "Nama")
    assert len(open_zip(data, ZipLimits()).infolist()) == len(xlsx_members())


def test_a_sheet_inflating_beyond_its_declared_size_is_a_zip_bomb() -> None:
    # 20 MiB of zeros declared as 5,000 bytes: zipfile alone stops at 5,000 and reports a
    # bad CRC (corrupt), while calamine inflated everything before refusing.
    with pytest.raises(TableError) as info:
        read_table(lying_sheet(20 * MIB, 5_000), "a.xlsx")
    assert (info.value.code, info.value.detail) == (
        "file.zip_bomb",
        {"member": SHEET, "declared": 5_000},
    )


def test_a_lying_member_is_inflated_only_one_chunk_past_its_declared_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inflated: list[int] = []
    real_read = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        chunk = real_read(self, n)
        inflated.append(len(chunk))
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    with pytest.raises(ZipRefused) as info:
        open_zip(lying_sheet(64 * MIB, 1_000), ZipLimits())
    assert info.value.code == "zip.size_mismatch"
    assert sum(inflated) <= 1_000 + archives.CHUNK_BYTES + 10 * 1024  # + the small members


def test_a_member_shorter_than_declared_is_corrupt() -> None:
    with pytest.raises(TableError) as info:
        read_table(xlsx_with_sheet(deflated(b"<worksheet/>", declared_size=50)), "a.xlsx")
    assert (info.value.code, info.value.detail) == ("file.corrupt", {"reason": "zip"})


def test_a_member_with_a_wrong_crc_is_corrupt() -> None:
    honest = deflated(b"<worksheet/>")
    wrong = Member(SHEET, honest.payload, honest.crc ^ 1, honest.declared_size)
    with pytest.raises(TableError) as info:
        read_table(xlsx_with_sheet(wrong), "a.xlsx")
    assert info.value.code == "file.corrupt"


def test_real_sizes_must_fit_the_total_limit() -> None:
    payload, crc = deflated_zeros(2 * MIB)
    data = xlsx_with_sheet(Member(SHEET, payload, crc, 2 * MIB))
    limits = ZipLimits(max_uncompressed_bytes=MIB)
    with pytest.raises(TableError) as info:
        read_table(data, "a.xlsx", zip_limits=limits)
    assert (info.value.code, info.value.detail) == ("file.zip_bomb", {"limit_mb": 1})


def test_a_large_member_compressed_beyond_the_ratio_is_a_zip_bomb() -> None:
    payload, crc = deflated_zeros(11 * MIB)
    data = xlsx_with_sheet(Member(SHEET, payload, crc, 11 * MIB))
    with pytest.raises(TableError) as info:
        read_table(data, "a.xlsx", zip_limits=ZipLimits(max_ratio=50))
    assert info.value.code == "file.zip_bomb"
    assert info.value.detail["member"] == SHEET


def many_members(count: int) -> bytes:
    empty = deflated(b"")
    extra = [Member(f"x/{i}", empty.payload, empty.crc, 0) for i in range(count)]
    return archive([*xlsx_members(), *extra])


def test_an_archive_with_too_many_members_is_refused() -> None:
    with pytest.raises(TableError) as info:
        read_table(many_members(ZipLimits().max_members), "a.xlsx")
    assert (info.value.code, info.value.detail) == ("file.zip_members", {"limit": 2000})


def test_a_huge_central_directory_is_refused_before_zipfile_parses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile parsed the directory")

    data = many_members(300)  # about 300 x 50 bytes of directory; 10 members allow 10 KiB
    monkeypatch.setattr(archives.zipfile, "ZipFile", no_parse)
    with pytest.raises(ZipRefused) as info:
        open_zip(data, ZipLimits(max_members=10))
    assert (info.value.code, info.value.detail) == ("zip.too_many_members", {"limit": 10})


def test_a_shapefile_member_inflating_beyond_its_declared_size_is_a_zip_bomb() -> None:
    source = zipfile.ZipFile(io.BytesIO(shapefile_zip(square_shapefile)))
    members = [deflated(source.read(i), name=i.filename) for i in source.infolist()]
    payload, _crc = deflated_zeros(8 * MIB)
    shp = next(m for m in members if m.name.endswith(".shp"))
    lying = Member(shp.name, payload, zlib.crc32(b"\0" * 100), 100)
    data = archive([lying if m is shp else m for m in members])
    with pytest.raises(BoundaryError) as info:
        read_boundaries(data, "batas.zip")
    assert (info.value.code, info.value.detail) == (
        "file.zip_bomb",
        {"member": shp.name, "declared": 100},
    )


def test_a_shapefile_zip_with_too_many_members_is_refused() -> None:
    empty = deflated(b"")
    data = shapefile_zip(square_shapefile)
    source = zipfile.ZipFile(io.BytesIO(data))
    members = [deflated(source.read(i), name=i.filename) for i in source.infolist()]
    extra = [Member(f"junk/{i}", empty.payload, empty.crc, 0) for i in range(20)]
    with pytest.raises(BoundaryError) as info:
        read_boundaries(archive([*members, *extra]), "b.zip", zip_limits=ZipLimits(max_members=10))
    assert info.value.code == "file.zip_members"


def test_the_refusal_is_a_picklable_value_error() -> None:
    exc = ZipRefused("zip.ratio", {"member": "a", "ratio": 500})
    copy = pickle.loads(pickle.dumps(exc))  # noqa: S301
    assert isinstance(copy, ValueError) and (copy.code, copy.detail) == (exc.code, exc.detail)
