"""Open an uploaded zip archive (xlsx, ods, zipped shapefile) without trusting its headers.

A zip archive states each member's uncompressed size in its headers, and a parser that
believes them can be made to inflate gigabytes from a file of a few megabytes (a "zip
bomb"; OWASP File Upload Cheat Sheet). The readers downstream (python-calamine, openpyxl,
pyshp) do not bound what they inflate, so every member is inflated here first, in chunks,
counting the bytes that really come out, before any of them sees the file.

Rules implemented
-----------------
* The central directory may hold at most ``max_members`` entries, checked twice: its size
  in bytes (from the end record, before :mod:`zipfile` parses it into objects) may not
  exceed :data:`DIRECTORY_BYTES_PER_MEMBER` per allowed member, and the parsed entries may
  not outnumber ``max_members``.
* The declared uncompressed sizes together may not exceed ``max_uncompressed_bytes``, and a
  member declaring more than ``ratio_min_bytes`` may not declare more than ``max_ratio``
  times its compressed size (cheap refusals first).
* Then every member is inflated in chunks of :data:`CHUNK_BYTES` and its real bytes are
  counted: a member yielding more than it declared is refused (the headers lie), one
  yielding less, or failing its CRC, is corrupt. At most ``declared + 1`` bytes of a member
  are inflated, so the work and memory stay bounded by the limits above whatever the
  headers say.

Units: sizes in bytes (the ``limit_mb`` detail in MiB); ratios are uncompressed ÷ compressed.
"""

from __future__ import annotations

import copy
import io
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = ["CODES", "ZipLimits", "ZipRefused", "open_zip"]

MIB: Final = 1024 * 1024
CHUNK_BYTES: Final = MIB
"""How much is inflated at a time while counting a member's real size."""

DIRECTORY_BYTES_PER_MEMBER: Final = 1024
"""Central-directory bytes allowed per allowed member (46 fixed bytes plus name, extra field
and comment; real names in xlsx, ods and shapefile archives are far shorter)."""

CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "zip.corrupt": "not a readable zip archive, or a member fails its CRC or is shorter "
        "than declared",
        "zip.too_many_members": "more members than allowed (detail: limit)",
        "zip.too_large": "the members together expand beyond the limit (detail: limit_mb)",
        "zip.ratio": "a large member is compressed more than allowed (detail: member, ratio)",
        "zip.size_mismatch": "a member expands to more than its header declares (detail: "
        "member, declared)",
    }
)

_END_RECORD: Final = b"PK\x05\x06"
_END_RECORD_SIZE: Final = 22
_MAX_COMMENT: Final = 0xFFFF
_ZIP64_LOCATOR: Final = b"PK\x06\x07"
_ZIP64_END_RECORD: Final = b"PK\x06\x06"


@dataclass(frozen=True)
class ZipLimits:
    """How much an uploaded archive may hold (see the module rules)."""

    max_uncompressed_bytes: int = 500 * MIB
    max_members: int = 2000
    max_ratio: int = 100
    ratio_min_bytes: int = 10 * MIB


class ZipRefused(ValueError):
    """The archive is refused; ``code`` is one of :data:`CODES`, ``detail`` plain values."""

    code: str
    detail: dict[str, object]

    def __init__(self, code: str, detail: Mapping[str, object] | None = None) -> None:
        self.code = code
        self.detail = dict(detail or {})
        super().__init__(f"{code}: {self.detail}" if self.detail else code)

    def __reduce__(self) -> tuple[type[ZipRefused], tuple[str, dict[str, object]]]:
        return (type(self), (self.code, self.detail))


def open_zip(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    """The archive in ``data``, every member checked to inflate to exactly what it declares
    and within ``limits``; raises :class:`ZipRefused` otherwise (and nothing else)."""
    directory_limit = limits.max_members * DIRECTORY_BYTES_PER_MEMBER
    if _directory_size(data) > directory_limit:
        raise ZipRefused("zip.too_many_members", {"limit": limits.max_members})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (zip version), OSError, ...
        raise ZipRefused("zip.corrupt") from exc
    if len(infos) > limits.max_members:
        raise ZipRefused("zip.too_many_members", {"limit": limits.max_members})
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise ZipRefused(
                "zip.too_large", {"limit_mb": round(limits.max_uncompressed_bytes / MIB)}
            )
        _check_ratio(info.filename, info.file_size, info.compress_size, limits)
    for info in infos:
        _check_member(archive, info, limits)
    return archive


def _check_ratio(name: str, size: int, compressed: int, limits: ZipLimits) -> None:
    ratio = size / max(compressed, 1)
    if size > limits.ratio_min_bytes and ratio > limits.max_ratio:
        raise ZipRefused("zip.ratio", {"member": name, "ratio": round(ratio)})


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    """Inflate ``info`` in chunks, counting real bytes; refuse more or less than declared,
    or a CRC that does not match."""
    declared = info.file_size
    # zipfile stops a member at its declared size and checks the CRC there: ask for one byte
    # more, without zipfile's CRC check, to see a lie; the CRC is checked below instead.
    probe = copy.copy(info)
    probe.file_size = declared + 1
    del probe.CRC
    real = crc = 0
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                real += len(chunk)
                if real > declared:
                    raise ZipRefused(
                        "zip.size_mismatch", {"member": info.filename, "declared": declared}
                    )
                crc = zlib.crc32(chunk, crc)
    except ZipRefused:
        raise
    except Exception as exc:  # zlib.error, BadZipFile, NotImplementedError, EOFError ...
        raise ZipRefused("zip.corrupt") from exc
    if real != declared or crc != info.CRC:
        raise ZipRefused("zip.corrupt")
    _check_ratio(info.filename, real, info.compress_size, limits)


def _end_record(data: bytes) -> int:
    """Offset of the end-of-central-directory record (the last one, as zipfile finds it),
    or -1 when there is none (zipfile will then call the file corrupt)."""
    start = max(0, len(data) - _END_RECORD_SIZE - _MAX_COMMENT)
    return data.rfind(_END_RECORD, start)


def _directory_size(data: bytes) -> int:
    """The central directory's size in bytes as the end record (or its zip64 version)
    states it: the amount zipfile will parse into ZipInfo objects."""
    end = _end_record(data)
    if end < 0 or end + _END_RECORD_SIZE > len(data):
        return 0
    (size,) = struct.unpack_from("<I", data, end + 12)
    locator = end - 20
    # zipfile uses a zip64 end record placed just before a locator preceding the end record.
    record = locator - 56
    if (
        record >= 0
        and data.startswith(_ZIP64_LOCATOR, locator)
        and data.startswith(_ZIP64_END_RECORD, record)
    ):
        (size64,) = struct.unpack_from("<Q", data, record + 40)
        size = max(size, size64)
    return int(size)
