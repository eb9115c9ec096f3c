"""The notifications page (issue 18, part 9): ``/usulan/notifikasi/`` lists the user's own
notifications, the newest first, unread ones marked; a POST marks them read (all, or the one
named, which then opens its proposal). Only one's own: another user's notification is 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.proposals import services
from formasi.proposals.models import Notification
from formasi.proposals.notifications import PAGE_SIZE, text_for


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = Notification.objects.visible_to(request.user)
    if request.method == "POST":
        raw = request.POST.get("id", "").strip()
        if not raw:
            services.mark_notifications_read(actor=request.user)
            return redirect("proposals:notifications")
        if not raw.isdigit():
            raise Http404(_("Not found."))
        found = mine.filter(pk=int(raw)).first()
        if found is None:
            raise Http404(_("Not found."))
        services.mark_notifications_read(actor=request.user, ids=[found.pk])
        return redirect("proposals:detail", found.proposal_id)
    shown = list(mine.select_related("proposal__agency", "part__org_unit")[:PAGE_SIZE])
    rows = [{"notification": n, "text": text_for(n)} for n in shown]
    unread = sum(1 for n in shown if n.read_at is None)
    return render(request, "proposals/notifications.html", {"rows": rows, "unread": unread})
