"""The open selections in the admin: read-only for everyone, scoped like the pages. Every
change goes through ``selection_services`` (the rules of PermenPAN-RB 15/2019, the ranking and
the audit trail); the admin would skip them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from formasi.core.admin import ScopedHistoryAdmin
from formasi.talent.selection_models import Candidate, CommitteeMember, Selection


class _ReadOnly(ScopedHistoryAdmin):
    resource = "selection"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Selection)
class SelectionAdmin(_ReadOnly):
    list_display = ["title", "position", "unit", "opens_on", "closes_on", "state"]
    list_filter = ["state"]
    list_select_related = ["position", "unit"]
    search_fields = ["title"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(_ReadOnly):
    list_display = ["name", "role", "internal", "institution", "selection"]
    list_filter = ["role", "internal"]
    list_select_related = ["selection"]


@admin.register(Candidate)
class CandidateAdmin(_ReadOnly):
    list_display = ["name", "origin", "final_score", "place", "shortlisted", "selection"]
    list_filter = ["shortlisted"]
    list_select_related = ["selection"]
    search_fields = ["name"]
    raw_id_fields = ["employee"]
