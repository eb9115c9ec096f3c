"""The five-year needs plan as documents: an xlsx workbook with the contents of an usul
kebutuhan (DOMAIN §7.4) and a PDF "Rencana Kebutuhan ASN 5 Tahun".

Both are Indonesian documents for BKN/KemenPAN-RB, whatever the UI language. The workbook is
deterministic (fixed timestamps); the PDF is WeasyPrint from a template with no external
fonts or URLs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from formasi.core import jobs
from formasi.core.errors import stored_internal_error_message
from formasi.core.xlsx import workbook_bytes
from formasi.domain.identifiers import NIP_LENGTH
from formasi.organization.models import Agency, Position
from formasi.planning import budget_text, svg_chart
from formasi.planning.models import PlanDocument, Scenario
from formasi.planning.tables import plan_context

SHEETS = (
    "1 Jabatan",
    "3 Bezetting",
    "4 BUP",
    "5 PPPK berakhir",
    "6 Gap",
    "7 Rencana 5 tahun",
    "Rekrutmen",
    "Anggaran",
)

#: The series of the summary chart, in the order pdf_context passes them.
CHART_LEGEND = (
    "Kekurangan tanpa rencana",
    "Kekurangan dengan rencana",
    "Rekrutmen",
)


def title(scenario: Scenario) -> str:
    years = scenario.result["years"] if scenario.result else []
    span = f"{years[0]}–{years[-1]}" if years else ""
    return f"Rencana Kebutuhan ASN 5 Tahun {scenario.agency.name} {span}".strip()


def filename(scenario: Scenario, ext: str) -> str:
    return f"rencana-{slugify(scenario.agency.code)}-{scenario.pk}.{ext}"


def _sheet(wb: Workbook, name: str, header: list[Any], rows: list[list[Any]]) -> Worksheet:
    ws = wb.create_sheet(name)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    return ws


def _r(value: float) -> float:
    return round(float(value), 2)


def workbook(scenario: Scenario) -> bytes:
    """The plan as xlsx: §7.4 items 1, 3–7, the recruitment lines and the budget."""
    result = scenario.result or {}
    wb = Workbook()
    wb.properties.creator = "Formasi"
    wb.properties.title = title(scenario)
    first = wb.active
    assert first is not None
    wb.remove(first)
    _position_sheets(wb, result["by_position"], result["years"], result["base_year"])
    with translation.override("id"):
        # an Indonesian document: the lines are worded again in Indonesian
        _recruitment_sheet(wb, budget_text.worded_lines(result["plan"]["lines"]))
    _budget_sheet(wb, result["budget"])
    wb.active = 0
    return workbook_bytes(wb)


def _position_sheets(
    wb: Workbook, positions: list[dict[str, Any]], years: list[int], base: int
) -> None:
    """§7.4 items 1 and 3–7: one sheet per figure of each position."""
    _sheet(
        wb,
        SHEETS[0],
        ["Kode", "Jabatan", "Rumpun", "Kebutuhan (ABK)"],
        [[p["code"], p["name"], p["family"], _r(p["need"])] for p in positions],
    )
    _sheet(
        wb,
        SHEETS[1],
        ["Kode", "Jabatan", f"Bezetting per 31 Desember {base}"],
        [[p["code"], p["name"], _r(p["bezetting"])] for p in positions],
    )
    _sheet(
        wb,
        SHEETS[2],
        ["Kode", "Jabatan", *[f"BUP {y}" for y in years]],
        [[p["code"], p["name"], *map(_r, p["retirements"])] for p in positions],
    )
    _sheet(
        wb,
        SHEETS[3],
        ["Kode", "Jabatan", *[f"Kontrak berakhir {y}" for y in years]],
        [[p["code"], p["name"], *map(_r, p["contract_ends"])] for p in positions],
    )
    _sheet(
        wb,
        SHEETS[4],
        ["Kode", "Jabatan", "Kebutuhan", "Bezetting", "Gap (kebutuhan − bezetting)"],
        [
            [
                p["code"],
                p["name"],
                _r(p["need"]),
                _r(p["bezetting"]),
                _r(p["need"] - p["bezetting"]),
            ]
            for p in positions
        ],
    )
    _sheet(
        wb,
        SHEETS[5],
        ["Kode", "Jabatan", *[f"Usul {y}" for y in years], "Jumlah"],
        [
            [p["code"], p["name"], *map(_r, p["proposal"]), _r(sum(p["proposal"]))]
            for p in positions
        ],
    )


def _recruitment_sheet(wb: Workbook, lines: list[dict[str, Any]]) -> None:
    """The recruitment lines with their explanation."""
    _sheet(
        wb,
        SHEETS[6],
        [
            "Tahun",
            "Jabatan — unit",
            "Rumpun",
            "Kecamatan",
            "Rekrut",
            "Biaya/tahun (Rp)",
            "Prioritas",
            "Kekurangan",
            "Sisa",
            "Penjelasan",
        ],
        [
            [
                ln["year"],
                ln["label"],
                ln["family"],
                ln["area"],
                ln["hires"],
                ln["cost"],
                _r(ln["priority"]),
                ln["shortage"],
                ln["remaining"],
                ln["explanation"],
            ]
            for ln in lines
        ],
    )


def _budget_sheet(wb: Workbook, budget: dict[str, Any]) -> None:
    """The personnel spending against the cap, year by year."""
    _sheet(
        wb,
        SHEETS[7],
        [
            "Tahun",
            "Total belanja APBD (Rp)",
            "Belanja pegawai tanpa rencana (Rp)",
            "Biaya rencana (Rp)",
            "Rasio tanpa rencana (%)",
            "Rasio dengan rencana (%)",
            "Batas (%)",
        ],
        [
            [
                r["year"],
                round(r["total"]),
                round(r["personnel_without_plan"]),
                r["plan_cost"],
                _r(r["ratio_without_plan"] * 100),
                _r(r["ratio_with_plan"] * 100),
                _r(budget["cap"] * 100),
            ]
            for r in budget["rows"]
        ],
    )


def persons(value: float | None) -> int:
    """A count of people as a whole person, rounded half up (the PDF's stated rule)."""
    if value is None:
        return 0
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _persons_list(values: list[float]) -> list[int]:
    return [persons(v) for v in values]


def signatory(agency: Agency, on: date) -> dict[str, str]:
    """The signature block: place and date, position, name and NIP from the agency's settings
    (empty fields print as blank lines). The date is Indonesian long format, 5 Desember 2026."""
    nip = agency.signatory_nip
    with translation.override("id"):
        when = date_format(on, "j F Y")
    return {
        "place": agency.signature_place,
        "date": when,
        "title": agency.signatory_title,
        "name": agency.signatory_name,
        "nip": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if len(nip) == NIP_LENGTH else nip,
    }


def _position_rows(positions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with translation.override("id"):
        families = {key: str(label) for key, label in Position.Family.choices}
    rows = []
    for p in positions:
        proposal = _persons_list(p["proposal"])
        need, bezetting = persons(p["need"]), persons(p["bezetting"])
        rows.append(
            {
                "code": p["code"],
                "name": p["name"],
                "family": families.get(p["family"], p["family"]),
                "need": need,
                "bezetting": bezetting,
                "gap": need - bezetting,
                "proposal": proposal,
                "total": sum(proposal),
            }
        )
    return rows


def _recruitment_pivot(
    lines: list[dict[str, Any]], years: list[int], key: str
) -> list[dict[str, Any]]:
    """Hires per year of each jabatan (``key="position"``) or jabatan — unit (``"label"``),
    with their area and the yearly cost of the hires of the last plan year's level."""
    index = {year: t for t, year in enumerate(years)}
    rows: dict[str, dict[str, Any]] = {}
    for ln in lines:
        name = ln["label"].split(" — ")[0] if key == "position" else ln["label"]
        row = rows.setdefault(
            name,
            {"name": name, "area": ln["area"], "hires": [0] * len(years), "cost": 0},
        )
        if ln["year"] in index:
            row["hires"][index[ln["year"]]] += int(ln["hires"])
        row["cost"] += int(ln["cost"])
        if row["area"] != ln["area"]:
            row["area"] = ""
    for row in rows.values():
        row["total"] = sum(row["hires"])
    return sorted(rows.values(), key=lambda r: (-r["total"], r["name"]))


#: The annex is set in a fixed-width font, a text line per row: a table of a thousand rows
#: costs WeasyPrint seconds (every cell is a box), lines cost almost nothing.
ANNEX_LINES_PER_PAGE = 52
ANNEX_NAME, ANNEX_AREA, ANNEX_NUMBER = 92, 16, 7


def _annex_line(name: str, area: str, numbers: list[str]) -> str:
    if len(name) > ANNEX_NAME:
        name = name[: ANNEX_NAME - 1] + "…"
    return (
        f"{name:<{ANNEX_NAME}} {area[:ANNEX_AREA]:<{ANNEX_AREA}}"
        + "".join(f"{n:>{ANNEX_NUMBER}}" for n in numbers)
    ).rstrip()


def _annex_pages(rows: list[dict[str, Any]], years: list[int]) -> list[dict[str, Any]]:
    """The recruitment per jabatan and unit as pages of fixed-width lines, each page with
    its header line; a year without hires is blank."""
    header = _annex_line("Jabatan — unit kerja", "Kecamatan", [*map(str, years), "Jumlah"])
    lines = [
        _annex_line(
            r["name"],
            r["area"],
            [number_format(v, force_grouping=True) if v else "" for v in r["hires"]]
            + [number_format(r["total"], force_grouping=True)],
        )
        for r in rows
    ]
    return [
        {"header": header, "lines": lines[i : i + ANNEX_LINES_PER_PAGE]}
        for i in range(0, len(lines), ANNEX_LINES_PER_PAGE)
    ]


def _summary(result: dict[str, Any], yearly: list[dict[str, Any]]) -> dict[str, Any]:
    """The key figures of the first page, whole persons."""
    positions = result["by_position"]
    wave = result["retirement_wave"]["rows"]
    last = yearly[-1] if yearly else {}
    first = yearly[0] if yearly else {}
    return {
        "bezetting": persons(sum(p["bezetting"] for p in positions)),
        "need": persons(first.get("need")),
        "shortage_first": persons(first.get("shortage")),
        "shortage_last": persons(last.get("shortage")),
        "shortage_last_with_plan": persons(last.get("shortage_with_plan")),
        "hires": sum(int(h) for h in result["plan"]["hires_by_year"]),
        "retirements": sum(int(r["total"]) for r in wave),
        "contract_ends": persons(sum(y["contract_ends"] for y in yearly)),
        "last_year": last.get("year"),
    }


def _yearly_rows(yearly: list[dict[str, Any]], cap: float) -> list[dict[str, Any]]:
    rows = []
    for y in yearly:
        without, with_plan = y.get("ratio_without_pct"), y.get("ratio_with_pct")
        rows.append(
            {
                "year": y["year"],
                "need": persons(y["need"]),
                "retirements": persons(y["retirements"]),
                "contract_ends": persons(y["contract_ends"]),
                "attrition": persons(y["attrition"]),
                "availability": persons(y["availability"]),
                "availability_with_plan": persons(y["availability_with_plan"]),
                "shortage": persons(y["shortage"]),
                "shortage_with_plan": persons(y["shortage_with_plan"]),
                "excess": persons(y["excess"]),
                "hires": int(y["hires"]),
                "cost": int(y["cost"]),
                "ratio_without_pct": without,
                "ratio_with_pct": with_plan,
                "staff_over_cap": without is not None and without > cap,
                "over_cap": with_plan is not None and with_plan > cap,
            }
        )
    return rows


def pdf_context(scenario: Scenario, *, on: date | None = None) -> dict[str, Any]:
    """What the PDF template shows (Indonesian, whatever the UI language): a one-page
    summary with a chart and the signature block, the tables, and an annex of the
    recruitment per jabatan and unit. Every count of people is a whole person."""
    result = scenario.result or {}
    base = plan_context(result)
    cap_pct = float(base["cap_percent"])
    yearly = _yearly_rows(base["yearly"], cap_pct)
    years = result["years"]
    with translation.override("id"):
        unfilled = budget_text.worded_unfilled(result["plan"]["unfilled"])
    chart = svg_chart.grouped_bars(
        [str(y["year"]) for y in yearly],
        [
            [y["shortage"] for y in yearly],
            [y["shortage_with_plan"] for y in yearly],
            [y["hires"] for y in yearly],
        ],
    )
    return {
        "title": title(scenario),
        "scenario": scenario,
        "result": result,
        "years": years,
        "yearly": yearly,
        "summary": _summary(result, base["yearly"]),
        "chart": chart,
        "chart_legend": list(zip(CHART_LEGEND, chart["colours"], strict=True)),
        "over_cap_years": [y["year"] for y in yearly if y["over_cap"]],
        "staff_over_cap_years": [y["year"] for y in yearly if y["staff_over_cap"]],
        "cap_percent": cap_pct,
        "status": base["status"],
        "positions": _position_rows(result["by_position"]),
        "areas": [
            {
                "name": a["name"],
                "need": persons(a["need"]),
                "bezetting": persons(a["bezetting"]),
                "cells": list(
                    zip(
                        _persons_list(a["shortage"]),
                        _persons_list(a["shortage_with_plan"]),
                        strict=False,
                    )
                ),
            }
            for a in result["by_area"]
        ],
        "by_position": _recruitment_pivot(result["plan"]["lines"], years, "position"),
        "annex": _annex_pages(_recruitment_pivot(result["plan"]["lines"], years, "label"), years),
        "unfilled": [
            # the sentence ends with the reason after its last dash; the figures are columns
            {
                "label": u["label"],
                "remaining": persons(u["remaining"]),
                "reason": u["explanation"].rpartition(" — ")[2],
            }
            for u in unfilled
        ],
        "signature": signatory(scenario.agency, on or timezone.localdate()),
    }


def render_html(context: dict[str, Any]) -> str:
    """The HTML the PDF is printed from: self-contained, no external CSS, fonts or images."""
    with translation.override("id"):
        return render_to_string("planning/plan_pdf.html", context)


def print_pdf(document: str, report: Callable[[int], None] | None = None) -> bytes:
    """Lay the HTML out in pages (most of the time), then write the PDF; ``report(80)`` in
    between."""
    from weasyprint import HTML

    laid_out = HTML(string=document).render()
    if report is not None:
        report(80)
    return laid_out.write_pdf()  # type: ignore[no-any-return]


#: Bump when the PDF's layout changes, so documents made by the old one are not reused.
LAYOUT_VERSION = 2


def document_key(scenario: Scenario, on: date) -> str:
    """What a plan PDF is made from: the scenario and its last computation, the agency's
    signatory, the date it bears and the layout. Equal keys give equal documents."""
    agency = scenario.agency
    parts = [
        LAYOUT_VERSION,
        scenario.pk,
        scenario.computed_at.isoformat() if scenario.computed_at else "",
        agency.signature_place,
        agency.signatory_title,
        agency.signatory_name,
        agency.signatory_nip,
        on.isoformat(),
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def build_document(document: PlanDocument) -> PlanDocument:
    """Make a queued plan PDF and store it (the background task calls this), reporting
    progress on the row as it goes; a failure is stored as a message for the user."""
    rows = PlanDocument.unscoped.filter(pk=document.pk)

    def report(percent: int) -> None:
        rows.update(state=PlanDocument.State.RUNNING, progress=percent, heartbeat_at=timezone.now())
        jobs.checkpoint("plan_pdf.build")  # tests kill the worker here

    report(5)
    try:
        scenario = Scenario.unscoped.select_related("agency").get(pk=document.scenario_id)
        context = pdf_context(scenario, on=document.dated)
        report(20)
        document_html = render_html(context)
        report(40)
        content = print_pdf(document_html, report)
    except Exception:
        rows.update(state=PlanDocument.State.FAILED, error=stored_internal_error_message())
        raise
    document.content, document.state, document.progress = content, PlanDocument.State.DONE, 100
    document.computed_at, document.error = timezone.now(), ""
    document.save(update_fields=["content", "state", "progress", "computed_at", "error"])
    return document


def pdf(scenario: Scenario, *, on: date | None = None) -> bytes:
    """The plan as a PDF ready to sign, dated ``on`` (today by default)."""
    return print_pdf(render_html(pdf_context(scenario, on=on)))
