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


# What an evidence file may be, recognised by its first bytes (never by its name alone).
_EVIDENCE_MAGIC = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
)
_OFFICE = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", *_OFFICE)


def evidence_type(name: str, head: bytes) -> str | None:
    """The content type of an evidence file (PDF, PNG, JPEG or an office document) when its
    first bytes agree with its extension; None for anything else."""
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    extension = "jpg" if extension == "jpeg" else extension
    for magic, ext, content_type in _EVIDENCE_MAGIC:
        if head.startswith(magic):
            return content_type if ext == extension else None
    if head.startswith(b"PK\x03\x04") and extension in _OFFICE:
        return _OFFICE[extension]
    return None


def evidence_limit() -> int:
    """The largest evidence file accepted, in bytes."""
    return int(settings.FORMASI_MERIT_EVIDENCE_MAX_BYTES)
