"""API for the agency's user accounts (issue 16): the same scope and services as the pages.

A list, a create, one user (its ETag) and a change of role, OPD, name or e-mail (If-Match:
428 without it, 412 when changed since). A created account gets an invitation link (in the
answer, and mailed when it has an e-mail address), never a password. Roles outside what the
caller may give answer 403 and are audited, like the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.accounts.models import User
from formasi.accounts.services import (
    change_user,
    create_user,
    deactivate_user,
    invite_user,
    mail_invitation,
    manageable_user,
    reactivate_user,
)
from formasi.core.api import Id, Pagination, require_if_match, responses
from formasi.core.permissions import Action
from formasi.core.versions import edit_version
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import OrgUnit

router = Router(tags=["accounts"])

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text holds no NUL character
RoleCode = Literal["admin", "opd_operator", "leader", "evaluator"]


class UserOut(Schema):
    id: int
    username: str
    name: str = Field(..., alias="first_name")
    email: str
    role: str
    agency_id: int | None
    unit_id: int | None = Field(None, alias="org_unit_id")
    is_active: bool
    last_login: datetime | None


class UserIn(Schema):
    username: str = Field(..., min_length=1, max_length=150, pattern=NO_NUL)
    name: str = Field("", max_length=150, pattern=NO_NUL)
    email: str = Field("", max_length=254, pattern=NO_NUL)
    role: RoleCode
    unit_id: Id | None = None


class CreatedOut(Schema):
    user: UserOut
    invitation_link: str


@router.get("/users", response=responses({200: list[UserOut]}, 422))
@paginate(Pagination)
def list_users(request: AuthenticatedHttpRequest) -> QuerySet[User]:
    require(request.user, Action.VIEW, "user")
    return User.objects.visible_to(request.user, Action.VIEW).order_by("username", "pk")


@router.post("/users", response=responses({201: CreatedOut}, 400, 404, 422))
def create_user_account(request: AuthenticatedHttpRequest, payload: UserIn) -> Status:
    require(request.user, Action.ADD, "user")
    unit = (
        get_visible_or_404(OrgUnit, request.user, pk=payload.unit_id) if payload.unit_id else None
    )
    user = create_user(
        actor=request.user,
        username=payload.username,
        password=None,
        role=payload.role,
        unit=unit,
        full_name=payload.name,
        email=payload.email,
    )
    token = invite_user(actor=request.user, user=user)
    link = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
    mail_invitation(user=user, link=link)
    return Status(201, {"user": user, "invitation_link": link})


@router.post("/users/{user_id}/deactivate", response=responses({200: UserOut}, 404, 422))
def deactivate_user_account(request: AuthenticatedHttpRequest, user_id: Id) -> User:
    """The account can no longer log in; its sessions end and its tokens stop working."""
    target = manageable_user(request.user, user_id, Action.CHANGE, attempted="POST")
    return deactivate_user(actor=request.user, user=target)


@router.post("/users/{user_id}/reactivate", response=responses({200: UserOut}, 404, 422))
def reactivate_user_account(request: AuthenticatedHttpRequest, user_id: Id) -> User:
    """The account may log in again; its tokens work again unless revoked or expired."""
    target = manageable_user(request.user, user_id, Action.CHANGE, attempted="POST")
    return reactivate_user(actor=request.user, user=target)


class InvitationOut(Schema):
    invitation_link: str = Field(description="Valid for FORMASI_INVITATION_DAYS; older links stop")


@router.post("/users/{user_id}/invitation", response=responses({200: InvitationOut}, 404, 422))
def invite_user_account(request: AuthenticatedHttpRequest, user_id: Id) -> dict[str, str]:
    """A new invitation link for the account (mailed when it has an e-mail address); any
    older link stops working."""
    target = manageable_user(request.user, user_id, Action.CHANGE, attempted="POST")
    token = invite_user(actor=request.user, user=target)
    link = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
    mail_invitation(user=target, link=link)
    return {"invitation_link": link}


def _etag(user: User) -> str:
    return '"' + edit_version(user) + '"'


@router.get("/users/{user_id}", response=responses({200: UserOut}, 404, 422))
def get_user_account(
    request: AuthenticatedHttpRequest, response: HttpResponse, user_id: Id
) -> User:
    """One account; the ETag header is its version, to send back as If-Match when changing it."""
    target = manageable_user(request.user, user_id, Action.VIEW, attempted="GET")
    response["ETag"] = _etag(target)
    return target


class UserPatchIn(Schema):
    """Only the fields sent change (the user page's form). ``unit_id`` is kept for an OPD
    operator unless sent; other roles have none."""

    # A default of None means "not sent"; a sent null is refused where it makes no sense.
    role: RoleCode = Field(None)  # type: ignore[arg-type]
    unit_id: Id | None = None
    name: str = Field(None, max_length=150, pattern=NO_NUL)  # type: ignore[assignment]
    email: str = Field(None, max_length=254, pattern=NO_NUL)  # type: ignore[assignment]


@router.patch("/users/{user_id}", response=responses({200: UserOut}, 400, 404, 412, 422, 428))
def update_user_account(
    request: AuthenticatedHttpRequest, response: HttpResponse, user_id: Id, payload: UserPatchIn
) -> User:
    """Change the account's role, OPD, name or e-mail, with the page's rules: an agency admin
    gives only the agency's roles and units, an admin only while there is room, and never
    changes their own role (403, audited). If-Match (the ETag of GET) is required."""
    target = manageable_user(request.user, user_id, Action.CHANGE, attempted="PATCH")
    expected = require_if_match(request)
    data = payload.dict(exclude_unset=True)
    unit = target.org_unit
    if "unit_id" in data:
        unit_id = data["unit_id"]
        unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id) if unit_id else None
    saved = change_user(
        actor=request.user,
        user=target,
        role=data.get("role") or target.role,
        unit=unit,
        full_name=data.get("name"),
        email=data.get("email"),
        expected_version=expected,
    )
    response["ETag"] = _etag(saved)
    return saved
