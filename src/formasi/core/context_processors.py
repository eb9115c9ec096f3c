"""Template context shared by every page: the navigation the user's role may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from formasi.core.permissions import can, role_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_role": role_of(user),
        "nav_can_view_employees": can(user, "view", "employee"),
        "nav_can_add_employees": can(user, "add", "employee"),
        "nav_can_view_plan": can(user, "view", "plan"),
        "nav_can_view_national": can(user, "view", "national_summary"),
        "nav_can_view_proposals": can(user, "view", "proposal"),
        "nav_can_view_needs": can(user, "view", "need"),
        "nav_can_view_talent": can(user, "view", "talent"),
        "nav_can_view_discipline": can(user, "view", "discipline"),
        "nav_can_view_training": can(user, "view", "training"),
        "nav_can_view_survey": can(user, "view", "survey"),
        "nav_can_view_merit": can(user, "view", "merit"),
        "nav_can_view_selection": can(user, "view", "selection"),
        "nav_can_view_leader_page": can(user, "view", "leader_page"),
        "nav_can_change_agency": can(user, "change", "agency"),
        "nav_can_manage_users": can(user, "view", "user"),
        "nav_can_transfer": can(user, "import", "employee") or can(user, "export", "employee"),
    }
