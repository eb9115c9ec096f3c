"""The proposals in the admin: read-only for everyone. Every change goes through the
services (``formasi.proposals.services``), which check the workflow and record the audit
trail; the admin would skip both."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from formasi.core.admin import ScopedAdmin, ScopedHistoryAdmin
from formasi.proposals.models import (
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalItem,
    ProposalPart,
)


class ReadOnly:
    resource = "proposal"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnly, ScopedHistoryAdmin):
    list_display = ["agency", "year", "state", "version", "updated_at"]
    list_filter = ["state", "year"]
    list_select_related = ["agency"]


@admin.register(ProposalPart)
class ProposalPartAdmin(ReadOnly, ScopedHistoryAdmin):
    list_display = ["proposal", "org_unit", "state", "version"]
    list_filter = ["state"]
    list_select_related = ["proposal__agency", "org_unit"]


@admin.register(ProposalItem)
class ProposalItemAdmin(ReadOnly, ScopedHistoryAdmin):
    list_display = ["position", "org_unit", "status", "count", "bkn_verdict", "decided_count"]
    list_filter = ["status", "bkn_verdict"]
    list_select_related = ["position", "org_unit"]
    raw_id_fields = ["part", "org_unit", "position", "location"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(ReadOnly, ScopedAdmin):
    list_display = ["at", "proposal", "step", "actor"]
    list_filter = ["step"]
    list_select_related = ["proposal__agency", "actor"]


@admin.register(ProposalComment)
class ProposalCommentAdmin(ReadOnly, ScopedHistoryAdmin):
    list_display = ["at", "proposal", "author", "text"]
    list_select_related = ["proposal__agency", "author"]
    raw_id_fields = ["item", "parent"]
