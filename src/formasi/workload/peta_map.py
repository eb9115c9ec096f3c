"""The peta jabatan of an OPD as a working tool (issue 17): the filters and sort a page, a link
and the xlsx share, the largest shortages and excesses, and the xlsx itself.

Everything here reads: ``services.peta_jabatan`` loads the cells (a fixed number of queries
whatever the size of the OPD); this module filters, ranks and flattens them in Python.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.utils import translation
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from formasi.core.xlsx import workbook_bytes
from formasi.domain import abk
from formasi.organization.models import OrgUnit, Position
from formasi.workload import services
from formasi.workload.services import PetaRow, PetaUnit

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

K = Position.Kind
#: The three kinds a planner filters by, over the model's seven (struktural: JPT and the
#: administration posts).
KIND_GROUPS: Mapping[str, frozenset[str]] = {
    "struktural": frozenset({K.JPT_UTAMA, K.JPT_MADYA, K.JPT_PRATAMA, K.ADMINISTRATOR, K.PENGAWAS}),
    "fungsional": frozenset({K.FUNGSIONAL}),
    "pelaksana": frozenset({K.PELAKSANA}),
}
GAPS = ("short", "over")  # only cells with a shortage / an excess
SORTS = ("", "shortage", "excess", "position")  # "" is the unit tree
PARAMS = ("unit", "family", "kind", "gap", "sort")
TOP = 10


@dataclass(frozen=True)
class PetaFilter:
    """What the planner chose; parsed leniently from the query string (an unknown value is
    no filter), so every link reproduces a view and a stale one still opens."""

    unit: int | None = None
    family: str = ""
    kind: str = ""
    gap: str = ""
    sort: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> PetaFilter:
        unit = query.get("unit", "")
        family = query.get("family", "")
        kind = query.get("kind", "")
        gap = query.get("gap", "")
        sort = query.get("sort", "")
        return cls(
            unit=int(unit) if unit.isdigit() else None,
            family=family if family in Position.Family.values else "",
            kind=kind if kind in KIND_GROUPS else "",
            gap=gap if gap in GAPS else "",
            sort=sort if sort in SORTS else "",
        )

    @property
    def narrows(self) -> bool:
        """True when some rows are left out (the tree then hides units with none left)."""
        return bool(self.unit or self.family or self.kind or self.gap)

    def keeps(self, row: PetaRow) -> bool:
        position = row.position
        return not (
            (self.family and position.family != self.family)
            or (self.kind and position.kind not in KIND_GROUPS[self.kind])
            or (self.gap == "short" and not row.gap.shortage)
            or (self.gap == "over" and not row.gap.excess)
        )

    def query(self, **changes: object) -> str:
        """The query string of this view (with ``changes``), without empty values."""
        values = {name: getattr(self, name) for name in PARAMS} | changes
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass(frozen=True)
class Cell:
    """One row of the peta with its unit (a summary line, a flat list row, an xlsx row)."""

    unit: PetaUnit
    row: PetaRow


@dataclass
class PetaView:
    units: list[PetaUnit]  # the tree, filtered (units with no row left are out when narrowed)
    shortages: list[Cell] = field(default_factory=list)  # largest first, at most TOP
    excesses: list[Cell] = field(default_factory=list)

    def cells(self) -> Iterator[Cell]:
        for unit in self.units:
            for row in unit.rows:
                yield Cell(unit, row)


def _root(user: AnyUser, opd: OrgUnit, chosen: PetaFilter) -> OrgUnit:
    """The chosen unit of the OPD's subtree (the OPD when none or one outside it)."""
    if chosen.unit is None or chosen.unit == opd.pk:
        return opd
    found = (
        OrgUnit.objects.visible_to(user)
        .filter(pk=chosen.unit, path__startswith=opd.path)
        .select_related("agency")
        .first()
    )
    return found or opd


def build(user: AnyUser, opd: OrgUnit, chosen: PetaFilter) -> PetaView:
    """The filtered peta of the OPD (or of the chosen unit in it) with its top shortages and
    excesses. Depths stay relative to the OPD."""
    root = _root(user, opd, chosen)
    units = services.peta_jabatan(user, root, keep=chosen.keeps)
    shift = root.depth - opd.depth
    for unit in units:
        unit.depth += shift
    if chosen.narrows:
        units = [u for u in units if u.total.need or u.total.bezetting or u.rows]
    view = PetaView(units=units)
    every = list(view.cells())
    short = sorted(
        (c for c in every if c.row.gap.shortage),
        key=lambda c: (-c.row.gap.shortage, c.unit.unit.path, c.row.position.name),
    )
    over = sorted(
        (c for c in every if c.row.gap.excess),
        key=lambda c: (-c.row.gap.excess, c.unit.unit.path, c.row.position.name),
    )
    view.shortages, view.excesses = short[:TOP], over[:TOP]
    return view


def sorted_cells(view: PetaView, sort: str) -> list[Cell]:
    """Every row as one flat list: largest shortage or excess first, or by position name."""
    cells = list(view.cells())
    if sort == "shortage":
        cells.sort(key=lambda c: (-c.row.gap.shortage, -c.row.gap.need, c.unit.unit.path))
    elif sort == "excess":
        cells.sort(key=lambda c: (-c.row.gap.excess, -c.row.gap.bezetting, c.unit.unit.path))
    elif sort == "position":
        cells.sort(key=lambda c: (c.row.position.name, c.unit.unit.path))
    return cells


# --------------------------------------------------------------------------- xlsx

HEADER = [
    "No",
    "Unit kerja",
    "Jabatan",
    "Jenis jabatan",
    "Rumpun",
    "Kelas",
    "Kebutuhan",
    "Sumber kebutuhan",
    "Bezetting",
    "Kurang",
    "Lebih",
    "EJ",
    "PJ",
    "Keterangan EJ/PJ",
]
NO_GRADE_ID = {
    services.NOT_ABK: "kebutuhan dari standar, bukan ABK",
    services.NO_NEED: "belum ada kebutuhan",
    abk.NO_TASKS: "belum ada uraian tugas",
    abk.NO_STAFF: "belum ada pemangku jabatan",
}
SOURCE_ID = {"abk": "ABK", "standard": "Standar", "wisn": "WISN", "entered": "Diisi"}


def filename(opd: OrgUnit) -> str:
    return f"peta-jabatan-{slugify(opd.code or opd.name)}.xlsx"


def workbook(opd: OrgUnit, cells: list[Cell], chosen: PetaFilter) -> bytes:
    """The rows on screen (same filters and order) as an xlsx, in Indonesian like every
    document; the filter is written above the table."""
    with translation.override("id"):
        return _workbook(opd, cells, chosen)


def _workbook(opd: OrgUnit, cells: list[Cell], chosen: PetaFilter) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Peta jabatan"
    ws.append([f"Peta jabatan — {opd.name}"])
    ws.append([f"Saring: {chosen.query() or 'semua'}"])
    ws.append(HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=13)
    kinds = {value: str(label) for value, label in Position.Kind.choices}  # worded once
    families = {value: str(label) for value, label in Position.Family.choices}
    for n, item in enumerate(cells, start=1):
        row, position = item.row, item.row.position
        need = row.need
        ws.append(
            [
                n,
                item.unit.unit.name,
                position.name,
                kinds.get(position.kind, position.kind),
                families.get(position.family, position.family),
                position.grade,
                row.gap.need,
                SOURCE_ID.get(need.source, need.source) if need is not None else "",
                row.bezetting,
                row.gap.shortage,
                row.gap.excess,
                None if row.effectiveness is None else round(row.effectiveness, 4),
                row.grade or "",
                NO_GRADE_ID.get(row.no_grade or "", ""),
            ]
        )
    ws.freeze_panes = "A4"
    widths = (5, 34, 34, 16, 16, 7, 11, 16, 10, 8, 8, 8, 5, 32)
    for column, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        ws.column_dimensions[column].width = width
    wb.properties.title = f"Peta jabatan — {opd.name}"
    return workbook_bytes(wb)
