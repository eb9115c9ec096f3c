"""The five-year needs plan as documents: an xlsx workbook with the contents of an usul
kebutuhan (DOMAIN §7.4) and a PDF "Rencana Kebutuhan ASN 5 Tahun".

Both are Indonesian documents for BKN/KemenPAN-RB, whatever the UI language. The workbook is
deterministic (fixed timestamps); the PDF is WeasyPrint from a template with no external
fonts or URLs.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from formasi.core.xlsx import workbook_bytes
from formasi.planning import budget_text
from formasi.planning.models import Scenario
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

REASONS_ID = {
    "budget": "anggaran tidak cukup",
    "limit": "batas jumlah rekrutmen",
}


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


def html(scenario: Scenario) -> str:
    """The HTML the PDF is printed from (Indonesian, self-contained)."""
    result = scenario.result or {}
    context = {
        "title": title(scenario),
        "scenario": scenario,
        "result": result,
        "positions": [{**p, "gap": p["need"] - p["bezetting"]} for p in result["by_position"]],
        "unfilled_reasons": REASONS_ID,
        **plan_context(result),
    }
    with translation.override("id"):
        # an Indonesian document: the lines are worded again in Indonesian
        context["lines"] = budget_text.worded_lines(result["plan"]["lines"])
        context["unfilled"] = budget_text.worded_unfilled(result["plan"]["unfilled"])
        return render_to_string("planning/plan_pdf.html", context)


def pdf(scenario: Scenario, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(scenario), base_url=base_url).write_pdf()  # type: ignore[no-any-return]
