"""File downloads: one way to send bytes (or a stream) as an attachment with its content type."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

from formasi.core.xlsx import CONTENT_TYPES as TABLE_CONTENT_TYPES

CONTENT_TYPES = {**TABLE_CONTENT_TYPES, "pdf": "application/pdf"}


def content_type_for(filename: str) -> str:
    """The content type of a file by its extension (octet-stream when unknown)."""
    extension = filename.rpartition(".")[2].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def download(data: bytes, filename: str, content_type: str | None = None) -> HttpResponse:
    """``data`` as an attachment named ``filename``; the content type follows the extension
    unless given."""
    response = HttpResponse(data, content_type=content_type or content_type_for(filename))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def streamed_download(chunks: Iterable[str | bytes], filename: str) -> StreamingHttpResponse:
    """A streamed attachment (large csv files), content type by the extension."""
    response = StreamingHttpResponse(chunks, content_type=content_type_for(filename))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
