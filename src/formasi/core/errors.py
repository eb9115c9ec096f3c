"""What people are told about a failure nobody foresaw: a generic sentence, never the
exception's text (it can carry internals: paths, SQL, library messages). The detail goes to
the log with its traceback."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _


def internal_error_message() -> str:
    """The generic message, in the active language."""
    return _("An internal error occurred; it has been logged. Try again later.")


def stored_internal_error_message() -> str:
    """The generic message in the site's language, for a job row read later by anyone."""
    with translation.override(settings.LANGUAGE_CODE):
        return internal_error_message()
