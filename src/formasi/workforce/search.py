"""Search across positions, work units and people, each inside the user's scope.

"guru" finds the teacher positions (by name or family) and the people holding them; "Puskesmas"
finds the puskesmas and the people working there; a name or the start of a NIP finds the
person. The NIK is never searched nor shown (personal data, UU 27/2022). Each group costs a
fixed number of queries (one per group: at most ``LIMIT`` rows, each with the number of
all matches), whatever the matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Window

from formasi.core.permissions import Action, can
from formasi.organization.models import OrgUnit, Position
from formasi.workforce.models import Employee

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

#: The most rows shown per group.
LIMIT = 20
#: Shorter queries match too much to be useful.
MIN_LENGTH = 2


@dataclass
class Group:
    rows: list[Any] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass
class Results:
    query: str
    positions: Group | None = None  # None: the user may not see this kind
    units: Group | None = None
    people: Group | None = None

    @property
    def empty(self) -> bool:
        return not any(g and g.total for g in (self.positions, self.units, self.people))


def _families(query: str) -> list[str]:
    """Position families whose code or label (in the reader's language) contains the query."""
    q = query.casefold()
    return [
        code
        for code, label in Position.Family.choices
        if q in code.casefold() or q in str(label).casefold()
    ]


def _group(qs: Any) -> Group:
    """The first ``LIMIT`` rows and the number of all matches, in one query (a window count)."""
    rows = list(qs.annotate(matches=Window(Count("*")))[:LIMIT])
    return Group(rows=rows, total=rows[0].matches if rows else 0)


def search(user: AnyUser, query: str) -> Results:
    query = " ".join(query.split())[:100]
    found = Results(query=query)
    if len(query) < MIN_LENGTH:
        return found
    families = _families(query)
    position_match = Q(name__icontains=query) | Q(code__iexact=query) | Q(family__in=families)
    unit_match = (
        Q(name__icontains=query)
        | Q(code__iexact=query)
        | Q(district__name__icontains=query)
        | Q(region__name__icontains=query)
    )
    if can(user, Action.VIEW, "position"):
        positions = Position.objects.visible_to(user, Action.VIEW).filter(position_match)
        found.positions = _group(positions.order_by("family", "name", "pk"))
        held = dict(
            Employee.objects.visible_to(user, Action.VIEW)
            .filter(active=True, position_id__in=[p.pk for p in found.positions.rows])
            .order_by()
            .values_list("position_id")
            .annotate(n=Count("*"))
        )
        # (position, active people holding it in the scope)
        found.positions.rows = [(p, held.get(p.pk, 0)) for p in found.positions.rows]
    if can(user, Action.VIEW, "orgunit"):
        units = OrgUnit.objects.visible_to(user, Action.VIEW).filter(unit_match)
        found.units = _group(units.select_related("district").order_by("path", "pk"))
    if can(user, Action.VIEW, "employee"):
        digits = query.replace(" ", "").replace(".", "")
        person = Q(name__icontains=query)
        if digits.isdigit():
            person |= Q(nip__startswith=digits)
        # People holding a matching position or working in a matching unit, too.
        person |= Q(position__name__icontains=query) | Q(position__family__in=families)
        person |= Q(unit__name__icontains=query)
        people = Employee.objects.visible_to(user, Action.VIEW).filter(person, active=True)
        found.people = _group(people.select_related("position", "unit").order_by("name", "pk"))
    return found
