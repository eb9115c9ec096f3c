"""The merit self-assessments in the admin: read-only for everyone (every change goes through
``meritself_services``, which checks the lock and rescores)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from formasi.core.admin import ScopedHistoryAdmin
from formasi.talent.meritself_models import MeritAssessment


@admin.register(MeritAssessment)
class MeritAssessmentAdmin(ScopedHistoryAdmin):
    resource = "merit"
    list_display = ["agency", "year", "status", "score", "category", "submitted_at"]
    list_filter = ["status", "year"]
    list_select_related = ["agency"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
