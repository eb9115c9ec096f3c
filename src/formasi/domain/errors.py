"""The one error type of the domain's readers: a stable code and the plain values of its
message.

A reader that refuses an upload (a table, a boundary file) raises a subclass of
:class:`UploadError`; ``code`` names the reason, ``detail`` holds numbers, strings or lists of
them for the placeholders, and the Django layer turns the pair into Indonesian text, so the
domain never writes sentences. ``str(exc)`` is an English message for logs. No units.
"""

from __future__ import annotations

from collections.abc import Mapping


class UploadError(ValueError):
    """The upload cannot be read; ``code`` says why, ``detail`` holds the message's values."""

    code: str
    detail: dict[str, object]

    def __init__(self, code: str, detail: Mapping[str, object] | None = None) -> None:
        self.code = code
        self.detail = dict(detail or {})
        super().__init__(f"{code}: {self.detail}" if self.detail else code)

    def __reduce__(self) -> tuple[type[UploadError], tuple[str, dict[str, object]]]:
        return (type(self), (self.code, self.detail))
