"""Limits for uploaded files, read from the settings once per use (tests may override)."""

from __future__ import annotations

from django.conf import settings

from formasi.domain.archives import ZipLimits


def zip_limits() -> ZipLimits:
    """How much a zip-based upload (xlsx, ods, zipped shapefile) may hold and inflate to."""
    return ZipLimits(
        max_uncompressed_bytes=settings.FORMASI_IMPORT_MAX_UNCOMPRESSED_BYTES,
        max_members=settings.FORMASI_IMPORT_MAX_ZIP_MEMBERS,
        max_ratio=settings.FORMASI_IMPORT_MAX_ZIP_RATIO,
    )
