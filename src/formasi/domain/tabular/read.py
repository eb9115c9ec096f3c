"""The entry point: detect the format and read the table."""

from __future__ import annotations

import codecs
import posixpath
import zipfile
from collections.abc import Collection

from formasi.domain.archives import ZipLimits, ZipRefused, open_zip
from formasi.domain.tabular.base import (
    EXTENSIONS,
    MIB,
    ODS_MIMETYPE,
    OLE2_MAGIC,
    OTHER_MAGIC,
    ZIP_MAGIC,
    Table,
    TableError,
)
from formasi.domain.tabular.delimited import (
    _read_csv,
)
from formasi.domain.tabular.rows import (
    normalise_header,
)
from formasi.domain.tabular.workbooks import (
    _read_workbook,
)

# --------------------------------------------------------------------------- entry point


def read_table(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = 50 * MIB,
    zip_limits: ZipLimits = ZipLimits(),  # noqa: B008 (a frozen dataclass)
    sheet: str | None = None,
    expected_headers: Collection[str] | None = None,
) -> Table:
    """Read ``data`` (the uploaded file named ``filename``) into a :class:`Table`.

    ``zip_limits`` bound what a zip-based file (xlsx, ods) may inflate to.
    ``sheet`` picks a worksheet by name (default: the first); csv ignores it.
    ``expected_headers`` are the header spellings the caller recognises (compared after
    :func:`normalise_header`, e.g. every synonym in :data:`EMPLOYEE_HEADER_SYNONYMS`): given,
    the header is looked for below any title rows (see the module docstring). Raises
    :class:`TableError` for every problem with the file, and nothing else.
    """
    if len(data) > max_bytes:
        raise TableError(
            "file.too_large",
            {"limit_mb": round(max_bytes / MIB, 1), "size_mb": round(len(data) / MIB, 1)},
        )
    extension = posixpath.splitext(filename.replace("\\", "/"))[1].lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise TableError("file.unsupported", {"extension": extension})
    if not data:
        raise TableError("file.empty", {"sheet": ""})

    archive = _open_zip(data, zip_limits) if data.startswith(ZIP_MAGIC) else None
    detected = _detect(data, archive)
    if detected != extension:
        raise TableError("file.type_mismatch", {"extension": extension, "detected": detected})
    expected = (
        None
        if expected_headers is None
        else frozenset(filter(None, map(normalise_header, expected_headers)))
    )
    if detected == "csv":
        return _read_csv(data, expected)
    return _read_workbook(data, detected, archive, sheet, expected)


def _detect(data: bytes, archive: zipfile.ZipFile | None) -> str:
    if archive is not None:
        names = set(archive.namelist())
        if "[Content_Types].xml" in names:
            return "xlsx" if any(n.startswith("xl/") for n in names) else "ooxml"
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            if info.file_size <= 200 and _read_member(archive, info) == ODS_MIMETYPE:
                return "ods"
            return "opendocument"
        return "zip"
    if data.startswith(OLE2_MAGIC):
        return "xls"
    for magic, name in OTHER_MAGIC:
        if data.startswith(magic):
            return name
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    return "binary" if b"\x00" in data[:8192] else "csv"


def _open_zip(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    try:
        return open_zip(data, limits)
    except ZipRefused as exc:
        raise _zip_error(exc) from exc


def _zip_error(exc: ZipRefused) -> TableError:
    if exc.code == "zip.corrupt":
        return TableError("file.corrupt", {"reason": "zip"})
    if exc.code == "zip.too_many_members":
        return TableError("file.zip_members", exc.detail)
    return TableError("file.zip_bomb", exc.detail)  # too large, ratio or size mismatch


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        # _open_zip checked that every member inflates to exactly its declared size.
        with archive.open(info) as stream:
            return stream.read(info.file_size + 1)[: info.file_size]
    except Exception as exc:  # zlib.error, BadZipFile (CRC), NotImplementedError, ...
        raise TableError("file.corrupt", {"reason": "zip"}) from exc
