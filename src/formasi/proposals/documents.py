"""The documents of a yearly usul kebutuhan ASN (issue 18 part 5), made in the background.

* "Dokumen Usulan Kebutuhan ASN" (PDF): cover, summary, the contents DOMAIN.md §7.4 lists
  (1 informasi jabatan, 2 kebutuhan, 3 bezetting per 31 December N−1, 4 PNS reaching BUP and
  5 PPPK contracts ending over the plan years, 6 gap, 7 the five-year plan, 8 the region and
  the belanja pegawai ratio, UU 1/2022 Pasal 146), the rincian, the signature block of the
  PPK (the agency's signatory, as the five-year plan's PDF) and the trace annex of every item.
* The rincian in the e-Formasi upload layout (xlsx): ``proposal_rules.eformasi_rows`` in the
  order of ``EFORMASI_COLUMNS`` (docs/eformasi.md).
* The pertimbangan teknis (BKN's verdict, count and reason per item; Perban BKN 9/2022) and
  the penetapan (KemenPAN-RB's decided count per item; PP 11/2017), as PDFs.

They are Indonesian documents for BKN and KemenPAN-RB whatever the UI language; every count
is a whole person (the item counts are integers). The PDFs are WeasyPrint with fixed table
layouts and the annex as fixed-width lines, as ``planning/plan_pdf.html`` (speed).
"""

from __future__ import annotations

import gc
import hashlib
import json
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from itertools import zip_longest
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from formasi.core import jobs
from formasi.core.errors import stored_internal_error_message
from formasi.core.xlsx import workbook_bytes
from formasi.domain import proposal_rules as rules
from formasi.domain.budget import SPENDING_CAP
from formasi.domain.proposal_workflow import State
from formasi.organization.models import Position, RegionPopulation
from formasi.planning.export import print_pdf, signatory
from formasi.proposals import extra_evidence, trace, wording
from formasi.proposals.models import (
    ItemStatusChoice,
    Proposal,
    ProposalDocument,
    ProposalItem,
    ProposalState,
    VerdictChoice,
)
from formasi.workforce.models import Employee

Kind = ProposalDocument.Kind

#: Bump when a document's layout changes, so documents made by the old one are not reused.
LAYOUT_VERSION = 3

#: The proposal states in which each document can be made (the verdicts exist from the
#: pertimbangan on, the decided counts from the penetapan on).
AVAILABLE: dict[str, tuple[str, ...]] = {
    Kind.USULAN_PDF: tuple(State),
    Kind.EFORMASI_XLSX: tuple(State),
    Kind.PERTIMBANGAN_PDF: (
        State.PERTIMBANGAN,
        State.SUBMITTED_KEMENPANRB,
        State.DECIDED,
        State.CLOSED,
    ),
    Kind.PENETAPAN_PDF: (State.DECIDED, State.CLOSED),
}

TITLES = {
    Kind.USULAN_PDF: "Dokumen Usulan Kebutuhan ASN",
    Kind.EFORMASI_XLSX: "Rincian Usulan Formasi",
    Kind.PERTIMBANGAN_PDF: "Pertimbangan Teknis Kebutuhan ASN",
    Kind.PENETAPAN_PDF: "Penetapan Kebutuhan ASN",
}

#: The headers of the e-Formasi rincian, in the order of ``rules.EFORMASI_COLUMNS``.
EFORMASI_HEADERS = {
    "no": "No",
    "jabatan": "Jabatan",
    "unit_kerja": "Unit Kerja",
    "kualifikasi_pendidikan": "Kualifikasi Pendidikan",
    "jenis_pengadaan": "Jenis Pengadaan",
    "jumlah": "Jumlah",
}
#: Jenis pengadaan as e-Formasi names it.
PROCUREMENT = {"pns": "PNS", "pppk": "PPPK", "pppk_pw": "PPPK Paruh Waktu"}
#: Kualifikasi pendidikan of an item that names none.
NO_EDUCATION = "-"


def available(proposal: Proposal) -> list[str]:
    """The kinds of document that can be made in the proposal's state."""
    return [kind for kind, states in AVAILABLE.items() if proposal.state in states]


def title(proposal: Proposal, kind: str) -> str:
    return f"{TITLES[Kind(kind)]} {proposal.agency.name} Tahun {proposal.year}"


def filename(proposal: Proposal, kind: str) -> str:
    ext = "xlsx" if kind == Kind.EFORMASI_XLSX else "pdf"
    name = TITLES[Kind(kind)]
    return f"{slugify(name)}-{slugify(proposal.agency.code)}-{proposal.year}.{ext}"


def document_key(proposal: Proposal, kind: str, on: date) -> str:
    """What a document is made from: its kind and layout, the proposal's version and state
    (every write bumps the version), the agency's signatory and the date it bears. Equal keys
    give equal documents (the trace annex reads the staff as they are when it is made)."""
    agency = proposal.agency
    parts = [
        LAYOUT_VERSION,
        kind,
        proposal.pk,
        proposal.version,
        proposal.state,
        agency.signature_place,
        agency.signatory_title,
        agency.signatory_name,
        agency.signatory_nip,
        on.isoformat(),
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def items_of(proposal: Proposal) -> list[ProposalItem]:
    return list(
        ProposalItem.unscoped.filter(part__proposal=proposal)
        .select_related("part__org_unit", "org_unit", "position")
        .order_by("part__org_unit__path", "priority", "org_unit__path", "position__name", "id")
    )


# --------------------------------------------------------------------------- the rincian


def rincian(items: list[ProposalItem]) -> list[rules.EformasiRow]:
    """The e-Formasi rows of the items (merged per jabatan × unit × education × status)."""
    return rules.eformasi_rows(
        rules.RincianItem(
            position=i.position.name,
            unit=i.org_unit.name,
            education=i.education or NO_EDUCATION,
            status=i.status,  # type: ignore[arg-type]
            count=i.count,
        )
        for i in items
    )


def rincian_xlsx(proposal: Proposal) -> bytes:
    """The rincian as the e-Formasi upload sheet: one header row, then one row per jabatan ×
    unit × kualifikasi pendidikan × jenis pengadaan with its count."""
    wb = Workbook()
    wb.properties.creator = "Formasi"
    wb.properties.title = title(proposal, Kind.EFORMASI_XLSX)
    ws = wb.active
    assert ws is not None
    ws.title = TITLES[Kind.EFORMASI_XLSX]
    ws.append([EFORMASI_HEADERS[c] for c in rules.EFORMASI_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for no, position, unit, education, status, count in rincian(items_of(proposal)):
        ws.append([no, position, unit, education, PROCUREMENT[status], count])
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)


# --------------------------------------------------------------------------- the usulan PDF


#: The need's source in the item table, as its legend spells it out.
SOURCE_CODES = {"abk": "ABK", "wisn": "WISN", "standard": "STD", "entered": "ISI", "manual": "ISI"}


def _evidence_row(item: ProposalItem) -> dict[str, Any]:
    """An item's drafted evidence as whole persons (zeros for an item entered by hand)."""
    ev = item.evidence or {}
    counted = int(ev.get("counted_years") or trace.COUNTED_YEARS)
    retirements = [int(v) for v in ev.get("retirements") or []]
    ends = [int(v) for v in ev.get("contract_ends") or []]
    need, bezetting = int(ev.get("need") or 0), int(ev.get("bezetting") or 0)
    years = rules.gaps_by_year(need, bezetting, retirements, ends) if ev else ()
    return {
        "item": item,
        "need": need,
        "source_code": SOURCE_CODES.get(str(ev.get("need_source", "")), "–") if ev else "–",
        "basis": ev.get("need_basis") or "",
        "bezetting": bezetting,
        "retirements": retirements,
        "contract_ends": ends,
        "available": max(0, bezetting - sum(retirements[:counted]) - sum(ends[:counted])),
        "gap": need - bezetting,
        "leavers": list(zip_longest(retirements, ends, fillvalue=0)),
        "shortage_by_year": [y.usul for y in years],
    }


def _region(proposal: Proposal) -> dict[str, Any]:
    """§7.4 item 8: the region, its area and population, the ASN per 1,000 inhabitants and
    the belanja pegawai ratio."""
    region = proposal.agency.region
    population = (
        RegionPopulation.objects.filter(region=region, year__lte=proposal.year)
        .order_by("-year")
        .first()
    )
    asn = (
        Employee.unscoped.filter(agency_id=proposal.agency_id, active=True)
        .exclude(status=Employee.Status.NON_ASN)
        .count()
    )
    ratio = trace.spending_ratio(proposal.agency_id, proposal.year)
    return {
        "region": region,
        "population": population,
        "asn": asn,
        "asn_per_1000": round(asn * 1000 / population.population, 2)
        if population and population.population
        else None,
        "spending_pct": round(ratio * 100, 2) if ratio is not None else None,
        "over_cap": ratio is not None and ratio > SPENDING_CAP,
        "cap_pct": round(SPENDING_CAP * 100),
    }


#: Tables of one row per item are set as fixed-width lines, a page of lines at a time: a
#: table of a thousand rows costs WeasyPrint many seconds (every cell is a box), lines cost
#: almost nothing (as the plan PDF's annex).
LINES_PER_PAGE = 60
Column = tuple[str, int, str]  # header, width in characters, "l" or "r"


def _cell(text: object, width: int, align: str) -> str:
    value = " ".join(str(text).split())
    if len(value) > width:
        value = value[: width - 1] + "…"
    return value.ljust(width) if align == "l" else value.rjust(width)


def line_table(columns: list[Column], rows: list[list[object]]) -> list[dict[str, Any]]:
    """Pages of fixed-width lines, each with its header line. The last column wraps onto
    further lines (a justification, a reason); the others are cut with "…". A column of
    width 0 is as wide as its widest cell or header (numbers: never cut, no spare spaces;
    WeasyPrint's time follows the characters printed, spaces included)."""
    widths = [
        w or max(len(" ".join(str(c).split())) for c in [h, *(row[k] for row in rows)])
        for k, (h, w, _a) in enumerate(columns)
    ]
    fixed = [(h, w, a) for (h, _w, a), w in zip(columns[:-1], widths, strict=False)]
    last_width = widths[-1]

    def fmt(cells: list[object]) -> list[str]:
        head = " ".join(_cell(c, w, a) for c, (_, w, a) in zip(cells, fixed, strict=False))
        rest = textwrap.wrap(" ".join(str(cells[-1]).split()), last_width) or [""]
        pad = " " * len(head)
        return [(head if k == 0 else pad) + " " + part for k, part in enumerate(rest)]

    header = fmt([c[0] for c in columns])[0].rstrip()
    lines = [line.rstrip() for row in rows for line in fmt(row)]
    return [
        {"header": header, "lines": lines[k : k + LINES_PER_PAGE]}
        for k in range(0, len(lines), LINES_PER_PAGE)
    ]


ANNEX_WIDTH = 200
#: Up to this many people counted in bezetting are named in the annex (by name, without NIP);
#: above it the annex gives their number and names only those leaving in the plan years (BUP,
#: contract end). Every name and NIP is on the item's trace page
#: (``/usulan/<id>/butir/<id>/jejak/``).
NAMED_UP_TO = 5


def _wrapped(text: str, indent: int = 2) -> list[str]:
    """``text`` in lines of at most ``ANNEX_WIDTH`` characters, broken between words, the
    lines after the first indented 4 more (greedy, as ``textwrap.wrap`` but a few times
    faster: the annex wraps thousands of paragraphs)."""
    words = text.split()
    cont = " " * (indent + 4)
    if any(len(w) > ANNEX_WIDTH - len(cont) for w in words):  # a word too long for a line
        return textwrap.wrap(
            " ".join(words), ANNEX_WIDTH, initial_indent=" " * indent, subsequent_indent=cont
        )
    lines: list[str] = []
    line = ""
    for word in words:
        if not line:
            line = (cont if lines else " " * indent) + word
        elif len(line) + 1 + len(word) <= ANNEX_WIDTH:
            line += " " + word
        else:
            lines.append(line)
            line = cont + word
    if line:
        lines.append(line)
    return lines


@lru_cache(maxsize=4096)
def _drafted(evidence: rules.Evidence, count: int, language: str | None) -> str:
    """``wording.justification`` once per evidence, count and language (the demo city's
    1,715 items have a few hundred distinct ones)."""
    return wording.justification(evidence, count)


def _drafted_wording(item: ProposalItem, language: str | None, extra: list[str]) -> bool:
    """Whether the item's justification is the wording of its own evidence and the ``extra``
    sentences other apps add (``extra_evidence``; every number of the rest is in the table of
    items 2–7, so the annex prints only the extra sentences); words written or carried by hand
    are kept whole."""
    evidence = trace.evidence_of(item.evidence or {})
    if evidence is None:
        return False
    drafted = " ".join([_drafted(evidence, item.count, language), *extra])
    return " ".join(item.justification.split()) == " ".join(drafted.split())


def _people_text(entry: trace.AnnexEntry) -> str:
    leaving: dict[int, str] = {}
    for label, per_year in (("BUP", entry.retirements), ("kontrak", entry.contract_ends)):
        for year, leavers in per_year:
            for e in leavers:
                leaving[e.pk] = f" [{label} {year}]"
    staff = entry.bezetting
    named = staff if len(staff) <= NAMED_UP_TO else [e for e in staff if e.pk in leaving]
    people = "; ".join(f"{e.name}{leaving.get(e.pk, '')}" for e in named)
    if len(staff) <= NAMED_UP_TO:
        return f"Bezetting {len(staff)} orang: {people or '–'}."
    return f"Bezetting {len(staff)} orang; yang keluar {len(named)} orang: {people or '–'}."


def _annex_lines(
    no: int,
    entry: trace.AnnexEntry,
    refs: tuple[dict[str, int], dict[str, int]],
    justification: str,
) -> list[str]:
    """One item's trace as one wrapped paragraph of fixed-width lines: the item, the need
    and its basis (the ABK tasks: volume × norm time = minutes a year), the people counted
    in bezetting (by name up to ``NAMED_UP_TO``, else their number and the leavers
    by name) with the year each leaves, and a justification written by hand. The basis of
    the need is a reference to the OPD's list of bases, a justification shared by several of
    its items one to its list of justifications (``refs``: text → number, for each)."""
    bases, shared = refs
    item = entry.item
    status = item.get_status_display()
    text = f"{no}. {item.position.name} — {item.org_unit.name} ({status}, {item.count} orang)."
    need = entry.need
    if need is not None:
        basis = f"; dasar [{bases[need.basis]}]" if need.basis else ""
        tasks = "; ".join(
            f"{t.description} ({t.volume:g} {t.output_unit} × {t.norm_minutes:g} menit = "
            f"{minutes} menit)"
            for t, minutes in trace.task_minutes(entry.tasks)
        )
        uraian = f"; uraian tugas: {tasks}" if tasks else ""
        source = SOURCE_CODES.get(need.source, need.source)
        text += f" Kebutuhan {need.count} ({source}{basis}){uraian}."
    text += " " + _people_text(entry)
    if justification in shared:
        text += f" Justifikasi [J{shared[justification]}]."
    elif justification:
        text += f" Justifikasi: {justification}"
    return _wrapped(text, 0)


def _own_justification(item: ProposalItem, language: str | None) -> str:
    """The item's justification as the annex prints it: "" when it is the wording of the
    item's own evidence, else the words written or carried, whitespace normalised."""
    if not item.justification:
        return ""
    extra = extra_evidence.sentences((item.evidence or {}).get("extra"))
    if _drafted_wording(item, language, extra):
        return " ".join(" ".join(extra).split())
    return " ".join(item.justification.split())


def _annex(proposal: Proposal, items: list[ProposalItem]) -> list[list[str]]:
    """The trace annex in pages of lines, grouped per OPD: a heading line per OPD, the bases
    of its needs numbered once (many items share one), then a paragraph per item."""
    language = translation.get_language()  # once: thousands of items
    per_part: dict[int, list[tuple[int, trace.AnnexEntry]]] = {}
    for no, entry in enumerate(trace.annex(proposal, items), start=1):
        per_part.setdefault(entry.item.part_id, []).append((no, entry))
    lines: list[str] = []
    for entries in per_part.values():
        bases: dict[str, int] = {}
        for _no, entry in entries:
            if entry.need is not None and entry.need.basis:
                bases.setdefault(entry.need.basis, len(bases) + 1)
        own = {e.item.pk: _own_justification(e.item, language) for _no, e in entries}
        uses = Counter(own.values())
        shared: dict[str, int] = {}
        for text, n in uses.items():
            if text and n > 1:
                shared[text] = len(shared) + 1
        lines.append(f"== OPD: {entries[0][1].item.part.org_unit.name}")
        if bases:
            lines += _wrapped(
                "Dasar kebutuhan: " + "; ".join(f"[{k}] {text}" for text, k in bases.items()), 0
            )
        if shared:
            listed = " ".join(f"[J{k}] {text}" for text, k in shared.items())
            lines += _wrapped(f"Justifikasi bersama: {listed}", 0)
        for no, entry in entries:
            lines += _annex_lines(no, entry, (bases, shared), own[entry.item.pk])
    return [lines[k : k + LINES_PER_PAGE] for k in range(0, len(lines), LINES_PER_PAGE)]


def _per_year(values: Any, years: list[int], join: str = "") -> list[str]:
    """One cell per plan year ("a/b" for pairs), "–" where an item has no figure (an item
    entered by hand, a shorter plan), so the columns stay in line."""
    cells = [join.join(map(str, v)) if join else str(v) for v in values][: len(years)]
    return cells + ["–"] * (len(years) - len(cells))


def _item_tables(
    rows: list[dict[str, Any]], years: list[int], positions: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """The jabatan and the items (§7.4 items 2–7 in one line per item) as line tables."""
    totals = [
        sum(r["shortage_by_year"][k] for r in rows if k < len(r["shortage_by_year"]))
        for k in range(len(years))
    ]
    return {
        "positions": line_table(
            [("Jabatan", 60, "l"), ("Jenis", 22, "l"), ("Rumpun", 20, "l"), ("BUP", 4, "r"),
             ("Kualifikasi pendidikan", 60, "l")],
            [[p["name"], p["kind"], p["family"], p["bup"], p["education"] or "–"]
             for p in positions],
        ),
        "items": line_table(
            [("No", 0, "r"), ("Jabatan", 34, "l"), ("Unit kerja", 26, "l"), ("Sbr", 4, "l"),
             ("Keb", 0, "r"), ("Bez", 0, "r"), ("Ters", 0, "r"), ("Gap", 0, "r"),
             *[(f"B/K{y % 100:02d}", 0, "r") for y in years], ("Usul", 0, "r"),
             *[(f"K{y % 100:02d}", 0, "r") for y in years], ("", 1, "l")],
            [[k, r["item"].position.name, r["item"].org_unit.name, r["source_code"], r["need"],
              r["bezetting"], r["available"], r["gap"], *_per_year(r["leavers"], years, "/"),
              r["item"].count, *_per_year(r["shortage_by_year"], years), ""]
             for k, r in enumerate(rows, start=1)]
            + [["", "Jumlah", "", "", sum(r["need"] for r in rows),
                sum(r["bezetting"] for r in rows), "", "", *["" for _ in years],
                sum(r["item"].count for r in rows), *totals, ""]],
        ),
    }  # fmt: skip


def usulan_context(proposal: Proposal, on: date) -> dict[str, Any]:
    """What the usulan PDF shows (see the module docstring)."""
    items = items_of(proposal)
    rows = [_evidence_row(i) for i in items]
    years = max((list(i.evidence.get("years") or []) for i in items), key=len, default=[])
    by_status: dict[str, int] = defaultdict(int)
    by_part: dict[int, dict[str, Any]] = {}
    for i in items:
        by_status[i.status] += i.count
        part = by_part.setdefault(
            i.part_id, {"name": i.part.org_unit.name, "state": i.part.state, "items": 0, "count": 0}
        )
        part["items"] += 1
        part["count"] += i.count
    with translation.override("id"):
        statuses = [(str(label), by_status[v]) for v, label in ItemStatusChoice.choices]
        kinds = dict(Position.Kind.choices)
        families = dict(Position.Family.choices)
        positions = {
            i.position_id: {
                "name": i.position.name,
                "kind": str(kinds.get(i.position.kind, i.position.kind)),
                "family": str(families.get(i.position.family, i.position.family)),
                "education": i.position.education_requirement,
                "bup": int(i.position.retirement_age),
            }
            for i in items
        }
        annex = _annex(proposal, items)
        state = str(dict(ProposalState.choices).get(proposal.state, proposal.state))
        tables = _item_tables(rows, years, sorted(positions.values(), key=lambda p: p["name"]))
    return {
        "title": title(proposal, Kind.USULAN_PDF),
        "proposal": proposal,
        "state": state,
        "years": years,
        "rows": rows,
        "total": sum(i.count for i in items),
        "statuses": statuses,
        "parts": list(by_part.values()),
        "tables": tables,
        "region": _region(proposal),
        "annex": annex,
        "signature": signatory(proposal.agency, on),
        "dated": on,
    }


# --------------------------------------------------------------------------- verdicts


def verdict_context(proposal: Proposal, kind: str, on: date) -> dict[str, Any]:
    """The pertimbangan teknis (requested, BKN's verdict, count and reason per item) or the
    penetapan (also the decided count), with totals."""
    items = items_of(proposal)
    with translation.override("id"):
        verdicts = {v: str(label) for v, label in VerdictChoice.choices}
        statuses = {v: str(label) for v, label in ItemStatusChoice.choices}
    penetapan = kind == Kind.PENETAPAN_PDF
    decided = [("Ditetapkan", 10, "r")] if penetapan else []
    columns: list[Column] = [
        ("No", 4, "r"), ("OPD", 24, "l"), ("Jabatan", 36, "l"), ("Unit kerja", 28, "l"),
        ("Jenis", 12, "l"),
        ("Diusulkan", 9, "r"), ("Pertimbangan", 12, "l"), ("Jumlah BKN", 10, "r"),
        *decided, ("Alasan", 36, "l"),
    ]  # fmt: skip

    def row(k: int, i: ProposalItem) -> list[object]:
        bkn = "–" if i.bkn_count is None else i.bkn_count
        settled = ["–" if i.decided_count is None else i.decided_count] if penetapan else []
        return [
            k, i.part.org_unit.name, i.position.name, i.org_unit.name,
            statuses.get(i.status, i.status), i.count, verdicts.get(i.bkn_verdict, "–"), bkn,
            *settled, i.bkn_reason or "–",
        ]  # fmt: skip

    requested = sum(i.count for i in items)
    bkn_total = sum(i.bkn_count or 0 for i in items)
    decided_total = [sum(i.decided_count or 0 for i in items)] if penetapan else []
    total = ["", "Jumlah", "", "", "", requested, "", bkn_total, *decided_total, ""]
    return {
        "title": title(proposal, kind),
        "proposal": proposal,
        "penetapan": penetapan,
        "table": line_table(columns, [row(k, i) for k, i in enumerate(items, 1)] + [total]),
        "count": len(items),
        "dated": on,
    }


# --------------------------------------------------------------------------- making them


def render_html(proposal: Proposal, kind: str, on: date) -> str:
    if kind == Kind.USULAN_PDF:
        template, context = "proposals/usulan_pdf.html", usulan_context(proposal, on)
    else:
        template, context = "proposals/verdict_pdf.html", verdict_context(proposal, kind, on)
    with translation.override("id"):
        return render_to_string(template, context)


#: The cyclic garbage collector's first threshold while a PDF is made (Python's default 700).
PDF_GC_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often: making the usulan PDF allocates millions of
    short-lived objects (the items and their trace, WeasyPrint's boxes and glyph runs),
    which reference counting frees, and every collection walks them all. With the first
    generation collected after 50,000 allocations instead of 700, the PDF of the demo city
    takes about 13 % less CPU (bench/README.md, "The usulan PDF"); cycles are still
    collected, only in larger batches."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], PDF_GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def content(proposal: Proposal, kind: str, on: date) -> bytes:
    """The file of a document, dated ``on``."""
    if kind == Kind.EFORMASI_XLSX:
        return rincian_xlsx(proposal)
    with fewer_collections():
        return print_pdf(render_html(proposal, kind, on))


def build_document(document: ProposalDocument) -> ProposalDocument:
    """Make a queued document and store it (the background task calls this), reporting
    progress on the row; a failure is stored as a message for the user."""
    rows = ProposalDocument.unscoped.filter(pk=document.pk)
    rows.update(state=ProposalDocument.State.RUNNING, progress=10, heartbeat_at=timezone.now())
    jobs.checkpoint("proposal_document.build")  # tests kill the worker here
    try:
        proposal = Proposal.unscoped.select_related("agency__region").get(pk=document.proposal_id)
        data = content(proposal, document.kind, document.dated)
    except Exception:
        rows.update(state=ProposalDocument.State.FAILED, error=stored_internal_error_message())
        raise
    document.content, document.state, document.progress = data, ProposalDocument.State.DONE, 100
    document.computed_at, document.error = timezone.now(), ""
    document.save(update_fields=["content", "state", "progress", "computed_at", "error"])
    return document
