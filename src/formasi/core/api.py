"""Shared pieces of the JSON API: bounded integer types, the one error shape, the error
responses every operation documents, and limit/offset pagination with a bounded offset.

Every integer the API accepts is bounded: a database id fits the 32-bit ``id`` columns
(larger numbers overflowed SQLite's 64-bit integers and answered 500), an offset or page fits
what a list can hold. Every operation lists the error codes it can answer, each with
:class:`ErrorOut`, so the OpenAPI document is the whole contract.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_ID = 2**31 - 1
"""Largest id any table holds (PostgreSQL's ``integer``); larger ids cannot exist."""

MAX_OFFSET = 10_000_000
"""Largest list offset: more rows than any list of one installation holds."""

MAX_PAGE = 1_000_000
"""Largest page number of a paged list (with the smallest page size, ``MAX_OFFSET`` rows)."""

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A database id in a path, a query or a body."""

Code = Annotated[str, Field(max_length=40)]
"""A code in a path, a query or a body (region, agency, NIP, indicator, kind): the longest
code column holds 40 characters."""


class ErrorOut(Schema):
    """The one shape of every error the API answers (4xx and 5xx)."""

    detail: str = Field(description="What went wrong, for people (Indonesian)")
    errors: dict[str, list[str]] | None = Field(
        None, description="Messages per field (``__all__`` for the whole request), if any"
    )


ALWAYS = (401, 403, 429, 500)
"""Not logged in (or a token revoked, expired or unknown); role may not (or CSRF token missing);
too many requests (with Retry-After); unexpected error."""


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """``response=`` of an operation: its success schemas plus ``ErrorOut`` for each error code
    it can answer (the codes of :data:`ALWAYS` are always included).

    Give 404 when the path names a row, 422 when it takes parameters or a body, 400 when it
    takes a JSON body (unparsable body), 412 and 428 for conditional updates (If-Match).
    """
    out = dict(ok)
    for code in sorted({*ALWAYS, *errors}):
        out[code] = ErrorOut
    return out


class Pagination(LimitOffsetPagination):
    """``?limit=&offset=``: the limit bounded by ``NINJA_PAGINATION_MAX_LIMIT``, the offset by
    :data:`MAX_OFFSET`."""

    class Input(LimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def status_message(status: int) -> str:
    """The generic message of an error status, for errors no handler worded."""
    from django.utils.translation import gettext as _

    from formasi.core.errors import internal_error_message

    messages = {
        400: _("The request is not valid."),
        401: _("Log in first."),
        403: _("Your role may not do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("The request conflicts with the current state of the data."),
        412: _("Someone else saved a change since you loaded this; load it again."),
        413: _("The request is too large."),
        428: _("Send the If-Match header (the ETag of your last read) with a change."),
        429: _("Too many requests; wait a moment and try again."),
        500: internal_error_message(),
    }
    if status in messages:
        return messages[status]
    return messages[500] if status >= 500 else messages[400]


class JsonErrorsMiddleware:
    """Under ``/api/``, an error answer that is not JSON (405 from the router, 404 of an unknown
    path, a 500 page of an exception raised outside the API's handlers) becomes the API's one
    error shape, with a generic message: never an HTML page, never exception text."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        from django.http import JsonResponse

        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = JsonResponse(
                {"detail": status_message(response.status_code)}, status=response.status_code
            )
            for header in ("Allow", "Retry-After", "ETag"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response


def require_if_match(request: Any) -> str:
    """The version an update starts from, from ``If-Match`` (the ETag of the last read).

    Mandatory on PATCH and PUT: without it an update would silently overwrite a change saved
    since (lost update), so it answers 428 Precondition Required."""
    from ninja.errors import HttpError

    value = request.headers.get("If-Match", "").strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"').strip()
    if not value or value == "*":
        raise HttpError(428, status_message(428))
    return value
