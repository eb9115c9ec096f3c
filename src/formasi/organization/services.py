"""Writers for the organisation context: regions, agencies, work units and positions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from formasi.core.audit import record_event
from formasi.core.permissions import Action, can
from formasi.core.scoping import ensure_visible
from formasi.core.versions import StaleEditError, content_version
from formasi.organization.models import Agency, ExternalId, OrgUnit, Position, Region

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser, ScopedUser


def agency_for(user: AnyUser, code: str | None = None) -> Agency | None:
    """The one rule for the agency a page, export, API call or task acts on: the visible agency
    with ``code`` (404 when the user may not see one), else the user's own, else the only
    agency the user may see. None when the user must choose (an evaluator or superuser who
    sees several agencies): pages then show ``agency_choices``, the API answers 422
    (``require_agency``)."""
    visible = Agency.objects.visible_to(user, Action.VIEW)
    if code:
        found = visible.filter(code=code).first()
        if found is None:
            raise Http404
        return found
    own = getattr(user, "agency_id", None)
    if own is not None:
        return visible.filter(pk=own).first()
    agencies = list(visible.order_by("name")[:2])
    return agencies[0] if len(agencies) == 1 else None


#: The most agencies a chooser lists.
CHOICES_LIMIT = 500


def agency_choices(user: AnyUser) -> list[Agency]:
    """The agencies a user without an agency of their own chooses from (empty for the rest)."""
    if getattr(user, "agency_id", None) is not None:
        return []
    visible = Agency.objects.visible_to(user, Action.VIEW)
    return list(visible.order_by("name")[:CHOICES_LIMIT])


def require_agency(user: AnyUser, code: str | None = None) -> Agency:
    """``agency_for`` for the API and the CLI: a ValidationError on ``agency`` (an answer of
    422) when the user must choose one."""
    agency = agency_for(user, code)
    if agency is None:
        raise ValidationError({"agency": [_("Choose an agency.")]})
    return agency


def district_of(region: Region) -> Region | None:
    """The kecamatan a region lies in (itself for a kecamatan), or None above kecamatan."""
    if region.level == Region.Level.DISTRICT:
        return region
    if region.level == Region.Level.VILLAGE:
        return region.parent
    return None


# Fields assign_tree_fields sets; bulk writers pass them to bulk_update.
TREE_FIELDS = ["path", "opd", "district"]


def assign_tree_fields(unit: OrgUnit) -> None:
    """Set `path` and `opd` from the parent and `district` from the region.
    The unit must have a primary key."""
    district = district_of(unit.region)
    unit.district_id = district.pk if district is not None else None
    parent = unit.parent
    if parent is None:
        unit.path = f"{unit.pk}/"
        unit.opd_id = unit.pk
    else:
        unit.path = f"{parent.path}{unit.pk}/"
        unit.opd_id = parent.opd_id


@transaction.atomic
def save_unit(*, unit: OrgUnit, actor: ScopedUser) -> OrgUnit:
    """Create or update a unit, keeping the materialised paths of its subtree right.

    Raises ValidationError for a parent in another agency or inside the unit's own subtree,
    and PermissionDenied (nothing saved) unless the actor may change the unit where it was,
    the parent it goes under, and the unit where it ends up."""
    changeable = OrgUnit.unscoped.visible_to(actor, Action.CHANGE)
    if unit.pk is None and not can(actor, Action.ADD, "orgunit"):
        raise PermissionDenied(_("Your role may not do this."))
    if unit.pk is not None and not changeable.filter(pk=unit.pk).exists():
        raise PermissionDenied(_("This work unit is outside the units you may change."))
    if unit.parent_id is not None and not changeable.filter(pk=unit.parent_id).exists():
        raise PermissionDenied(_("The parent unit is outside the units you may change."))
    unit.full_clean(exclude=["path", "opd"])  # raises ValidationError; nothing is saved
    old_path = None
    if unit.pk is not None:
        old_path = OrgUnit.unscoped.filter(pk=unit.pk).values_list("path", flat=True).first()
    created = unit.pk is None
    unit._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    if created:
        unit.path = "pending/"
        unit.save()
    assign_tree_fields(unit)
    unit.save()
    if old_path and old_path != unit.path:
        for child in OrgUnit.unscoped.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = unit.path + child.path[len(old_path) :]
            child.opd_id = unit.opd_id
            child.save(update_fields=["path", "opd"])
    ensure_visible(unit, actor, Action.CHANGE, _("The work unit would fall outside your scope."))
    record_event(
        action="formasi.orgunit.created" if created else "formasi.orgunit.changed",
        actor=actor,
        obj=unit,
        payload={"name": unit.name, "kind": unit.kind, "path": unit.path},
    )
    return unit


@transaction.atomic
def save_position(*, position: Position, actor: ScopedUser) -> Position:
    """Create or update a position of the agency's position master. Raises PermissionDenied
    (nothing saved) unless the actor may change positions of the agency it was in and of the
    agency it ends up in."""
    if position.pk is None and not can(actor, Action.ADD, "position"):
        raise PermissionDenied(_("Your role may not do this."))
    changeable = Position.unscoped.visible_to(actor, Action.CHANGE)
    if position.pk is not None and not changeable.filter(pk=position.pk).exists():
        raise PermissionDenied(_("This position is outside what you may change."))
    position.full_clean()
    created = position.pk is None
    position._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    position.save()
    ensure_visible(position, actor, Action.CHANGE, _("The position would fall outside your scope."))
    record_event(
        action="formasi.position.created" if created else "formasi.position.changed",
        actor=actor,
        obj=position,
        payload={"name": position.name, "code": position.code},
    )
    return position


@transaction.atomic
def save_external_id(*, external_id: ExternalId, actor: ScopedUser) -> ExternalId:
    """Create or update the id another system gives a unit or position. Raises
    PermissionDenied (nothing saved) unless the actor may change the agency's units."""
    if external_id.pk is None and not can(actor, Action.ADD, "orgunit"):
        raise PermissionDenied(_("Your role may not do this."))
    changeable = ExternalId.unscoped.visible_to(actor, Action.CHANGE)
    if external_id.pk is not None and not changeable.filter(pk=external_id.pk).exists():
        raise PermissionDenied(_("This id is outside what you may change."))
    external_id.full_clean()
    created = external_id.pk is None
    external_id._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    external_id.save()
    ensure_visible(external_id, actor, Action.CHANGE, _("The id would fall outside your scope."))
    record_event(
        action="formasi.external_id.created" if created else "formasi.external_id.changed",
        actor=actor,
        obj=external_id,
        payload={"source": external_id.source, "kind": external_id.kind},
    )
    return external_id


def remember_external_ids(
    *,
    agency: Agency,
    source: str,
    kind: str,
    targets: dict[str, int],
    actor: ScopedUser | None,
    reason: str,
) -> int:
    """Record that ``targets`` (external id -> unit or position primary key) are the agency's
    ids in ``source``: new ids are created, an id now naming another row is moved (with
    history). Called by imports inside their transaction, after their own permission checks.
    Returns how many rows were written."""
    if not targets:
        return 0
    field = "unit_id" if kind == ExternalId.Kind.UNIT else "position_id"
    stored = {
        row.external_id: row
        for row in ExternalId.unscoped.filter(
            agency=agency, source=source, kind=kind, external_id__in=list(targets)
        )
    }
    user = actor if getattr(actor, "pk", None) else None
    new = [
        ExternalId(agency=agency, source=source, kind=kind, external_id=key, **{field: pk})
        for key, pk in targets.items()
        if key not in stored
    ]
    moved = []
    for key, row in stored.items():
        if getattr(row, field) != targets[key]:
            setattr(row, field, targets[key])
            moved.append(row)
    if new:
        bulk_create_with_history(
            new, ExternalId, default_user=user, default_change_reason=reason[:100]
        )
    if moved:
        bulk_update_with_history(
            moved,
            ExternalId,
            fields=[field.removesuffix("_id")],
            default_user=user,
            default_change_reason=reason[:100],
            manager=ExternalId.unscoped,
        )
    return len(new) + len(moved)


#: The agency's fields its documents' signature block prints.
SIGNATORY_FIELDS = ("signature_place", "signatory_title", "signatory_name", "signatory_nip")


def signatory_version(agency: Agency) -> str:
    """The version of the agency's signature block (its ETag): changes with any of its fields."""
    return content_version(getattr(agency, field) for field in SIGNATORY_FIELDS)


@transaction.atomic
def save_signatory(
    *, agency: Agency, actor: ScopedUser, expected_version: str | None = None, **values: str
) -> Agency:
    """Set who signs the agency's documents (place, position, name, NIP); empty values
    print blank lines. Raises ValidationError (nothing saved) for an invalid NIP,
    StaleEditError when ``expected_version`` is given and the block changed since, and
    PermissionDenied unless the actor may change the agency."""
    if not Agency.objects.visible_to(actor, Action.CHANGE).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("Your role may not do this."))
    unknown = set(values) - set(SIGNATORY_FIELDS)
    if unknown:
        raise TypeError(f"not signatory fields: {sorted(unknown)}")
    if expected_version is not None:
        stored = Agency.unscoped.select_for_update().only(*SIGNATORY_FIELDS).get(pk=agency.pk)
        if signatory_version(stored) != expected_version:
            raise StaleEditError(
                _("Someone else changed the signature block since you loaded it; load it again.")
            )
    for field, value in values.items():
        setattr(agency, field, value.strip())
    agency.full_clean()
    agency.save(update_fields=list(values))
    record_event(
        action="formasi.agency.signatory_changed",
        actor=actor,
        obj=agency,
        agency_id=agency.pk,
        payload={field: getattr(agency, field) for field in values},
    )
    return agency
