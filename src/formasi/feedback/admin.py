"""The survey rows in the admin: read-only for everyone, scoped like the pages. Responses come
only from the public form (its guard); complaints are followed up on the unit's page, through
``services.answer_complaint``, which checks the status steps."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from formasi.core.admin import ScopedAdmin, ScopedHistoryAdmin
from formasi.feedback.models import Complaint, SurveyResponse


class ReadOnly:
    resource = "survey"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnly, ScopedAdmin):
    list_display = ["submitted_at", "unit", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]
    show_full_result_count = False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly, ScopedHistoryAdmin):
    list_display = ["received_at", "unit", "status", "handled_by", "answered_at"]
    list_filter = ["status"]
    list_select_related = ["unit", "handled_by"]
    raw_id_fields = ["unit", "handled_by"]
