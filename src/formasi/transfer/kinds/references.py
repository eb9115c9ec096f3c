"""Finding the unit and position a row of an employee file names.

Order (issue 15): the id another system gives it (SIASN's ``UNOR ID``/``JABATAN ID``, kept
in ``organization.ExternalId``) → Formasi's code → the exact name within the agency
(case- and space-insensitive) → among units sharing that name, the one under the OPD the
row names (``UNOR INDUK``/``SATUAN KERJA``) → else an error naming the value and the
candidates. A SIASN id the agency does not know yet, on a row whose unit or position was
found by code or name, is learned: a commit records it, so the next import matches by id
even after a rename.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping

from django.utils.translation import gettext as _

from formasi.core.permissions import Action, can
from formasi.domain.siasn import strip_apostrophe
from formasi.domain.tabular import normalise_header
from formasi.organization.models import Agency, ExternalId, OrgUnit, Position, Region
from formasi.organization.services import remember_external_ids
from formasi.transfer.kinds.base import Context, Plan, changed_values

BATCH = 2000
SIASN = ExternalId.Source.SIASN
# An ambiguous or unknown name lists at most this many candidates.
CANDIDATES = 8
# SIASN's "jenis jabatan": struktural covers every managerial kind.
STRUCTURAL = "struktural"

Fail = Callable[..., None]


class References:
    """Lookups of units, positions and regions for one import (loaded once)."""

    def __init__(self, ctx: Context, region_codes: Iterable[str]) -> None:
        self.ctx = ctx
        self.by_code: dict[str, dict[str, int]] = {"unit": {}, "position": {}}
        self.by_name: dict[str, dict[str, list[int]]] = {"unit": {}, "position": {}}
        self.by_external: dict[str, dict[str, int]] = {"unit": {}, "position": {}}
        self.names: dict[str, dict[int, str]] = {"unit": {}, "position": {}}
        # SIASN ids found on rows resolved otherwise: kind -> id -> pk (None: conflicting rows)
        self.learned: dict[str, dict[str, int | None]] = {"unit": {}, "position": {}}
        self.unit_paths: dict[int, str] = {}
        self._found: dict[tuple[str, str, str], tuple[int | None, tuple[str, str, str] | None]] = {}
        self.position_kinds: dict[int, str] = {}
        units = OrgUnit.unscoped.filter(agency=ctx.agency).values_list("id", "code", "name", "path")
        for pk, code, name, path in units:
            self._add("unit", pk, code, name)
            self.unit_paths[pk] = path
        positions = Position.unscoped.filter(agency=ctx.agency).values_list(
            "id", "code", "name", "kind"
        )
        for pk, code, name, kind in positions:
            self._add("position", pk, code, name)
            self.position_kinds[pk] = kind
        external = ExternalId.unscoped.filter(agency=ctx.agency, source=SIASN).values_list(
            "kind", "external_id", "unit_id", "position_id"
        )
        for kind, key, unit, position in external:
            self.by_external[kind][key] = unit if kind == ExternalId.Kind.UNIT else position
        self.allowed_units: set[int] | None = None
        if not can(ctx.user, Action.CHANGE, "employee"):
            self.allowed_units = set()
        elif not getattr(ctx.user, "is_superuser", False):
            # Every role, not only OPD operators: an admin of another agency sees no unit here.
            visible = OrgUnit.unscoped.visible_to(ctx.user, Action.VIEW).filter(agency=ctx.agency)
            self.allowed_units = set(visible.values_list("id", flat=True))
        self.regions: dict[str, int] = {}
        codes = sorted(region_codes)
        for start in range(0, len(codes), BATCH):
            batch = codes[start : start + BATCH]
            self.regions.update(Region.objects.filter(code__in=batch).values_list("code", "id"))

    def _add(self, kind: str, pk: int, code: str, name: str) -> None:
        self.by_code[kind][code.strip().casefold()] = pk
        self.by_name[kind].setdefault(normalise_header(name), []).append(pk)
        self.names[kind][pk] = name

    # ------------------------------------------------------------------ resolution

    def find(
        self,
        kind: str,
        code: object,
        name: object,
        fail: Fail,
        *,
        external: object = None,
        parent: object = None,
    ) -> int | None:
        """The unit or position a row names, or None after ``fail(field, code, message)``."""
        field = f"{kind}_id"
        key = strip_apostrophe(str(external)) if external else ""
        if key and (pk := self.by_external[kind].get(key)) is not None:
            return pk
        pk = None
        if code:
            # A code names one row: a wrong one is an error, never replaced by the name.
            pk = self.by_code[kind].get(strip_apostrophe(str(code)).casefold())
            if pk is None:
                fail(field, f"employee.{kind}_unknown", self._unknown_code(kind, code))
                return None
        elif name:
            pk = self._by_name(kind, str(name), parent, fail)
        if pk is not None and key:
            known = self.learned[kind].get(key, pk)
            self.learned[kind][key] = pk if known == pk else None
        return pk

    def _by_name(self, kind: str, name: str, parent: object, fail: Fail) -> int | None:
        """A unit or position by name; the answer for a name (and OPD) is kept, since a file
        of 100,000 rows names a few hundred units."""
        memo = (kind, name, str(parent or ""))
        if memo in self._found:
            found, failure = self._found[memo]
            if failure is not None:
                fail(*failure)
            return found
        failures: list[tuple[str, str, str]] = []
        found = self._lookup_name(kind, name, parent, lambda *a: failures.append(a))
        self._found[memo] = (found, failures[0] if failures else None)
        if failures:
            fail(*failures[0])
        return found

    def _lookup_name(self, kind: str, name: str, parent: object, fail: Fail) -> int | None:
        field = f"{kind}_id"
        matches = self.by_name[kind].get(normalise_header(name), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            fail(field, f"employee.{kind}_unknown", self._unknown_name(kind, name))
            return None
        if kind == "unit" and parent:
            under = self._under(matches, str(parent))
            if len(under) == 1:
                return under[0]
        candidates = [self.label(kind, pk) for pk in matches[:CANDIDATES]]
        more = " …" if len(matches) > CANDIDATES else ""
        message = (
            _(
                "{count} work units are named “{value}”: {candidates}. Add the parent unit "
                "(UNOR INDUK or SATUAN KERJA) or the unit code to say which."
            )
            if kind == "unit"
            else _(
                "{count} positions are named “{value}”: {candidates}. Add the position code "
                "to say which."
            )
        )
        fail(
            field,
            f"employee.{kind}_ambiguous",
            message.format(count=len(matches), value=name, candidates="; ".join(candidates) + more),
        )
        return None

    def _under(self, matches: list[int], parent: str) -> list[int]:
        """The units among ``matches`` with an ancestor named ``parent``."""
        wanted = normalise_header(parent)
        found = []
        for pk in matches:
            ancestors = [int(p) for p in self.unit_paths.get(pk, "").split("/") if p][:-1]
            names = {normalise_header(self.names["unit"].get(a, "")) for a in ancestors}
            if wanted in names:
                found.append(pk)
        return found

    def label(self, kind: str, pk: int) -> str:
        """A unit with its path of names (``Dinas Kesehatan › Sekretariat``); a position's name."""
        if kind != "unit":
            return self.names[kind].get(pk, "")
        ids = [int(p) for p in self.unit_paths.get(pk, "").split("/") if p]
        return " › ".join(self.names["unit"].get(i, "?") for i in ids)

    def _unknown_code(self, kind: str, code: object) -> str:
        if kind == "unit":
            return _("No work unit has the code “{value}” in the agency.").format(value=code)
        return _("No position has the code “{value}” in the agency's position master.").format(
            value=code
        )

    def _unknown_name(self, kind: str, name: str) -> str:
        names = {normalise_header(n): n for n in self.names[kind].values()}
        close = difflib.get_close_matches(normalise_header(name), list(names), n=5, cutoff=0.75)
        if kind == "unit":
            message = _("No work unit is named “{value}” in the agency.").format(value=name)
        else:
            message = _("No position is named “{value}” in the agency's position master.").format(
                value=name
            )
        if close:
            message += " " + _("Similar names: {names}.").format(
                names="; ".join(names[c] for c in close)
            )
        return message

    # ------------------------------------------------------------------ the rest

    def may_place(self, unit: int) -> bool:
        return self.allowed_units is None or unit in self.allowed_units

    def kind_matches(self, position: int, kind: str) -> bool:
        actual = self.position_kinds.get(position, "")
        if kind == STRUCTURAL:
            return actual in Position.MANAGERIAL_KINDS
        return actual == kind

    def region(self, code: str) -> int | None:
        return self.regions.get(code.strip())

    def save_learned(self, ctx: Context) -> None:
        """Record the SIASN ids rows taught (inside the commit's transaction)."""
        for kind, learned in self.learned.items():
            targets = {
                key: pk
                for key, pk in learned.items()
                if pk is not None and key not in self.by_external[kind]
            }
            remember_external_ids(
                agency=ctx.agency,
                source=SIASN,
                kind=kind,
                targets=targets,
                actor=ctx.user,
                reason=ctx.reason,
            )


# --------------------------------------------------------------------------- unit/position kinds

SIASN_FIELD = "siasn_id"


def stored_siasn_ids(agency: Agency, kind: str) -> dict[int, str]:
    """The SIASN id of each unit or position of the agency that has one (primary key -> id;
    of several, the first in order)."""
    column = "unit_id" if kind == ExternalId.Kind.UNIT else "position_id"
    rows = (
        ExternalId.unscoped.filter(agency=agency, source=SIASN, kind=kind)
        .order_by("-external_id")
        .values_list(column, "external_id")
    )
    return dict(rows)


def siasn_id_of(values: Mapping[str, object]) -> str | None:
    """The SIASN id a row gives (an empty cell gives none: ids are never removed by a file)."""
    value = values.get(SIASN_FIELD)
    return strip_apostrophe(str(value)) or None if value else None


def model_updates(plan: Plan) -> dict[int, dict[str, object]]:
    """``write_updates``' changes of ``plan`` without the SIASN id, which is no model field."""
    changed = {
        pk: {name: value for name, value in values.items() if name != SIASN_FIELD}
        for pk, values in changed_values(plan).items()
    }
    for key in plan.deactivate:
        changed.setdefault(plan.stored.ids[key], {})["active"] = False
    return {pk: values for pk, values in changed.items() if values}


def save_siasn_ids(ctx: Context, plan: Plan, kind: str, pk_of: Mapping[str, int]) -> None:
    """Record the SIASN ids the file gives its units or positions (``pk_of``: code -> pk)."""
    targets = {
        str(record[SIASN_FIELD]): pk_of[str(code)]
        for code, record in plan.records.items()
        if record.get(SIASN_FIELD) and str(code) in pk_of
    }
    remember_external_ids(
        agency=ctx.agency, source=SIASN, kind=kind, targets=targets, actor=ctx.user,
        reason=ctx.reason,
    )  # fmt: skip
