"""Search across positions, work units and people, each inside the user's scope.

"guru" finds the teacher positions (by name or family) and the people holding them; "Puskesmas"
finds the puskesmas and the people working there; a name or the start of a NIP finds the
person. The NIK is never searched nor shown (personal data, UU 27/2022). Each group costs a
fixed number of queries, whatever the matches: positions and units one each (at most ``LIMIT``
rows, each with the number of all matches); people four (below).

People are matched first and sorted afterwards. One OR over the name, the position's and the
unit's name, sorted by name, made PostgreSQL walk the name index over every active row of a
national scope (20 s at 1,000,000 employees). Instead each criterion (name or NIP prefix,
position, unit) finds at most ``CAP + 1`` ids of its own, with no order (an index or a short
scan each); then the first ``LIMIT`` of those ids by name are loaded. When a criterion finds
more than ``CAP``, the total is "more than ``CAP``" and the rows are the first by name among
the matches found, not of all matches: the page asks to refine the search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Window

from formasi.core.permissions import Action, can
from formasi.organization.models import OrgUnit, Position, Region
from formasi.workforce.models import Employee

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

#: The most rows shown per group.
LIMIT = 20
#: Shorter queries match too much to be useful.
MIN_LENGTH = 2
#: The most people matched per criterion; beyond it the total reads "more than CAP".
CAP = 1000


@dataclass
class Group:
    rows: list[Any] = field(default_factory=list)
    total: int = 0
    #: True when the matches were not all counted: ``total`` is then a lower bound (CAP).
    capped: bool = False

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
    # Places by id (a subquery on the regions), not through joins on every unit.
    places = Region.objects.filter(name__icontains=query).values("pk")
    unit_match = (
        Q(name__icontains=query)
        | Q(code__iexact=query)
        | Q(district_id__in=places)
        | Q(region_id__in=places)
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
        found.people = _people(user, query, families)
    return found


def _people(user: AnyUser, query: str, families: list[str]) -> Group:
    """Active people in the scope matching by name (or NIP prefix), position or unit: three
    bounded id queries, then one for the first ``LIMIT`` rows by name."""
    digits = query.replace(" ", "").replace(".", "")
    by_name = Q(name__icontains=query)
    if digits.isdigit():
        by_name |= Q(nip__startswith=digits)
    positions = Position.unscoped.filter(Q(name__icontains=query) | Q(family__in=families))
    units = OrgUnit.unscoped.filter(name__icontains=query)
    criteria = [
        by_name,
        Q(position_id__in=positions.values("pk")),
        Q(unit_id__in=units.values("pk")),
    ]
    scope = Employee.objects.visible_to(user, Action.VIEW).filter(active=True).order_by()
    ids: set[int] = set()
    capped = False
    for criterion in criteria:
        matched = list(scope.filter(criterion).values_list("pk", flat=True)[: CAP + 1])
        capped = capped or len(matched) > CAP
        ids.update(matched)
    rows = list(
        Employee.unscoped.filter(pk__in=sorted(ids))
        .select_related("position", "unit")
        .order_by("name", "pk")[:LIMIT]
    )
    return Group(rows=rows, total=CAP if capped else len(ids), capped=capped)
