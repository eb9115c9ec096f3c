"""Who may do what: the permission matrix, declared as data (role × resource × action).

Scope (which rows) is decided separately by `ScopedQuerySet.visible_to`; this table only says
which actions a role may take on a kind of resource at all. Views answer 404 for rows outside
the user's scope and 403 for actions their role may not take on a row they can see.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeGuard

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class UnitOfUser(Protocol):
    """The OPD unit an operator works in, as scoping reads it (its materialised path)."""

    @property
    def pk(self) -> Any: ...
    @property
    def path(self) -> str: ...


class AgencySet(Protocol):
    """The agencies assigned to an evaluator, as scoping reads them (their keys). Not
    `models.Manager`: mypy applies a manager's `__get__` to a protocol property's value."""

    def values_list(self, *fields: str, flat: bool = ..., named: bool = ...) -> Iterable[Any]: ...


class ScopedUser(Protocol):
    """What scope and permission checks read of a logged-in user. `accounts.User` is one;
    core and organization sit below accounts, so they name this protocol, not the model."""

    @property
    def pk(self) -> Any: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def is_superuser(self) -> bool: ...
    @property
    def is_staff(self) -> bool: ...
    @property
    def role(self) -> str: ...
    @property
    def agency_id(self) -> int | None: ...
    @property
    def org_unit_id(self) -> int | None: ...
    @property
    def org_unit(self) -> UnitOfUser | None: ...
    @property
    def assigned_agencies(self) -> AgencySet: ...


if TYPE_CHECKING:
    #: Whoever makes a request: a logged-in user, or the anonymous one.
    AnyUser: TypeAlias = ScopedUser | AnonymousUser


def logged_in(user: AnyUser | None) -> TypeGuard[ScopedUser]:
    """Narrows a request's user to a logged-in one."""
    return user is not None and bool(user.is_authenticated)


class Role(models.TextChoices):
    ADMIN = "admin", _("BKPSDM administrator")
    OPD_OPERATOR = "opd_operator", _("OPD operator")
    EVALUATOR = "evaluator", _("Evaluator (BKN/KemenPAN-RB)")
    LEADER = "leader", _("Leader")


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    EXPORT = "export"
    COMMENT = "comment"
    IMPORT = "import"


V, A, C, E, IMP = Action.VIEW, Action.ADD, Action.CHANGE, Action.EXPORT, Action.IMPORT
COM = Action.COMMENT

# resource -> role -> allowed actions. Nothing is ever deleted: employees become inactive.
MATRIX: dict[str, dict[Role, frozenset[Action]]] = {
    "employee": {
        Role.ADMIN: frozenset({V, A, C, E, IMP}),
        Role.OPD_OPERATOR: frozenset({V, A, C, E, IMP}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    "orgunit": {
        Role.ADMIN: frozenset({V, A, C, E, IMP}),
        Role.OPD_OPERATOR: frozenset({V, E}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    "position": {
        Role.ADMIN: frozenset({V, A, C, E, IMP}),
        Role.OPD_OPERATOR: frozenset({V, E}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    "agency": {
        Role.ADMIN: frozenset({V, C}),
        Role.OPD_OPERATOR: frozenset({V}),
        Role.EVALUATOR: frozenset({V}),
        Role.LEADER: frozenset({V}),
    },
    # Region codes, names, areas and populations are public data; an admin imports those of
    # the agency's own region (the import checks the code prefix).
    "region": {
        Role.ADMIN: frozenset({V, E, IMP}),
        Role.OPD_OPERATOR: frozenset({V, E}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # Needs per unit and position (peta jabatan, ABK): the OPD operator keeps the ABK of their
    # OPD; the admin every unit's; evaluators and leaders read.
    "need": {
        Role.ADMIN: frozenset({V, A, C, E}),
        Role.OPD_OPERATOR: frozenset({V, A, C, E}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # The five-year plan and the vacancy forecast of the whole agency (budget included): kept
    # by BKPSDM; evaluators and leaders read and export.
    "plan": {
        Role.ADMIN: frozenset({V, A, C, E}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # Placement of new hires and transfers (issue 7): BKPSDM runs, decides and applies;
    # evaluators and leaders read and export the draft; OPD operators do not see it. The
    # admin also imports the year's applicants (import kind "applicants").
    "placement": {
        Role.ADMIN: frozenset({V, A, C, E, IMP}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # The yearly usul kebutuhan (issue 18): BKPSDM drafts and sends it; an OPD operator edits
    # and submits their OPD's part; evaluators (BKN, KemenPAN-RB) review the agencies assigned
    # to them once it is sent; leaders read. Which step each may take, and when, is the
    # workflow table (formasi.domain.proposal_workflow); scope is in proposals.models.
    # Its documents (the whole proposal's PDF and xlsx) are exported by those who read the
    # whole proposal: not the OPD operator, who sees their OPD's part only.
    "proposal": {
        Role.ADMIN: frozenset({V, A, C, E, COM}),
        Role.OPD_OPERATOR: frozenset({V, C, COM}),
        Role.EVALUATOR: frozenset({V, C, E, COM}),
        Role.LEADER: frozenset({V, E}),
    },
    # Talent (issue 19): yearly SKP results and potential assessments; the OPD operator enters
    # the people of their OPD, the admin everyone's; evaluators and leaders read the 9-box and
    # the talent pool. Both also import the year's SKP results (import kind "skp").
    "talent": {
        Role.ADMIN: frozenset({V, A, C, E, IMP}),
        Role.OPD_OPERATOR: frozenset({V, A, C, E, IMP}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # Discipline records (PP 94/2021): BKPSDM keeps them; the OPD operator reads their OPD's.
    "discipline": {
        Role.ADMIN: frozenset({V, A, C, E}),
        Role.OPD_OPERATOR: frozenset({V}),
        Role.EVALUATOR: frozenset({V}),
        Role.LEADER: frozenset({V}),
    },
    # Training needs (issue 20 item 4): competency records, development hours and the yearly
    # training plan; the OPD operator keeps (and imports) their OPD's people, BKPSDM the
    # agency's; evaluators and leaders read and export.
    "training": {
        Role.ADMIN: frozenset({V, A, C, E, IMP}),
        Role.OPD_OPERATOR: frozenset({V, A, C, E, IMP}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # The competency dictionary and standards per position (PermenPAN-RB 38/2017): master
    # data like the positions, kept by BKPSDM, read by everyone.
    "competency_standard": {
        Role.ADMIN: frozenset({V, A, C, E, IMP}),
        Role.OPD_OPERATOR: frozenset({V, E}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # Public survey results and complaints (issue 20): the public answers without a login
    # (those pages need no role); the OPD operator follows up their OPD's complaints, the admin
    # every unit's; evaluators read; leaders read and print.
    "survey": {
        Role.ADMIN: frozenset({V, C, E}),
        Role.OPD_OPERATOR: frozenset({V, C, E}),
        Role.EVALUATOR: frozenset({V}),
        Role.LEADER: frozenset({V, E}),
    },
    # The merit self-assessment (PermenPAN-RB 40/2018): the agency's BKPSDM fills, uploads its
    # evidence and submits it; evaluators and leaders read and print it.
    "merit": {
        Role.ADMIN: frozenset({V, A, C, E}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # Open selection for JPT posts (issue 19, seleksi terbuka): BKPSDM runs it (announcement,
    # committee, candidates, scores, the three names to the PPK, the decision); evaluators and
    # leaders read; OPD operators do not see it (as the plan and placement).
    "selection": {
        Role.ADMIN: frozenset({V, A, C, E}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # Succession lists and filling a post from them (issue 19): BKPSDM decides; the OPD
    # operator reads their OPD's posts and people; evaluators and leaders read.
    "succession": {
        Role.ADMIN: frozenset({V, A, C, E}),
        Role.OPD_OPERATOR: frozenset({V}),
        Role.EVALUATOR: frozenset({V, E}),
        Role.LEADER: frozenset({V, E}),
    },
    # The leader's page (issue 19): merit score, talent-pool coverage, SKP distribution, for
    # the regional leader and BKPSDM.
    "leader_page": {Role.ADMIN: frozenset({V}), Role.LEADER: frozenset({V})},
    # Personal data (UU 27/2022): the full NIK for the agency's admin only; birth date, birth
    # place and address also for the OPD operator who keeps the records.
    "nik": {Role.ADMIN: frozenset({V})},
    "personal_data": {Role.ADMIN: frozenset({V}), Role.OPD_OPERATOR: frozenset({V})},
    # User accounts of the agency (issue 16): its admin manages them (only the roles admin,
    # opd_operator and leader, never a superuser or an evaluator; accounts.services checks);
    # who evaluates an agency is a superuser's choice.
    "user": {Role.ADMIN: frozenset({V, A, C, E, IMP})},
    "dashboard": {
        Role.ADMIN: frozenset({V}),
        Role.OPD_OPERATOR: frozenset({V}),
        Role.EVALUATOR: frozenset({V}),
        Role.LEADER: frozenset({V}),
    },
    # The national view of the usul kebutuhan (issue 18 part 8): totals across the agencies
    # assigned to an evaluator (BKN, KemenPAN-RB), read and exported; superusers see all.
    "proposal_national": {Role.EVALUATOR: frozenset({V, E})},
    # The national summary (issue 21): needs and the five-year projection over the agencies
    # assigned to an evaluator, computed per agency in the background; superusers see all.
    "national_summary": {Role.EVALUATOR: frozenset({V})},
}


def role_of(user: AnyUser | None) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    raw = getattr(user, "role", "")
    try:
        return Role(raw)
    except ValueError:
        return None


def can(user: AnyUser | None, action: Action | str, resource: str) -> bool:
    """May this user take `action` on rows of `resource` (inside their scope)?"""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    role = role_of(user)
    if role is None or not getattr(user, "is_active", False):
        return False
    return Action(action) in MATRIX.get(resource, {}).get(role, frozenset())
