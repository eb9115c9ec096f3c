"""Writers for the organisation context: regions, agencies, work units and positions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404

from formasi.core.audit import record_event
from formasi.core.permissions import Action
from formasi.organization.models import Agency, OrgUnit, Region


def agency_for(user: Any, code: str | None = None) -> Agency | None:
    """The agency a request acts on: the visible agency with ``code`` (404 when the user may
    not see one), else the user's own, else the only agency the user may see. None when an
    evaluator assigned to several agencies has not chosen one."""
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
def save_unit(*, unit: OrgUnit, actor: Any) -> OrgUnit:
    """Create or update a unit, keeping the materialised paths of its subtree right.

    Raises ValidationError for a parent in another agency or inside the unit's own subtree."""
    unit.full_clean(exclude=["path", "opd"])  # raises ValidationError; nothing is saved
    old_path = None
    if unit.pk is not None:
        old_path = OrgUnit.unscoped.filter(pk=unit.pk).values_list("path", flat=True).first()
    created = unit.pk is None
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
    record_event(
        action="formasi.orgunit.created" if created else "formasi.orgunit.changed",
        actor=actor,
        obj=unit,
        payload={"name": unit.name, "kind": unit.kind, "path": unit.path},
    )
    return unit
