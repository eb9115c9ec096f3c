"""A small five-year plan world on top of the personas: needs, an APBD budget, a structural
post whose holder retires soon, a PPPK whose contract ends, and a computed baseline."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from pypdf import PdfReader

from formasi.organization.models import AgencyBudget
from formasi.planning import fiveyear
from formasi.planning.models import PlanDocument, Scenario
from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.personas import World

BASE_YEAR = date.today().year - 1


def add_plan_data(world: World) -> Any:
    """Needs and people for agency A; returns the structural position (kepala dinas)."""
    a = world.agency_a
    AgencyBudget.objects.create(
        agency=a,
        year=BASE_YEAR,
        total_spending=Decimal("2000000000000"),
        personnel_spending=Decimal("500000000000"),
        teacher_allowance_tkd=Decimal("50000000000"),
    )
    for unit, position, count in (
        (world.puskesmas, world.nurse_position, 6),
        (world.school, world.teacher_position, 5),
        (world.dinkes, world.nurse_position, 2),
    ):
        PositionNeed.unscoped.create(
            agency=a, unit=unit, position=position, source="abk", exact=count, count=count
        )
    head = build.position(a, "Kepala Dinas Kesehatan", kind="jpt_pratama", jenjang="", family="")
    PositionNeed.unscoped.create(
        agency=a, unit=world.dinkes, position=head, source="sotk", exact=1, count=1
    )
    # The head reaches BUP 60 within the year: retirement falls before next 1 October.
    today = date.today()
    build.employee(
        world.dinkes, head, "Hendra Gunawan", birth=date(today.year - 60, today.month, 1)
    )
    build.employee(
        world.puskesmas,
        world.nurse_position,
        "Rina Marlina",
        status="pppk",
        sex="F",
        birth=date(1992, 2, 2),
        contract_end=date(today.year + 1, 6, 30),
    )
    return head


def baseline(world: World, **changes: Any) -> Scenario:
    """The computed baseline scenario of agency A."""
    scenario = Scenario.unscoped.create(
        agency=world.agency_a,
        name=changes.pop("name", "Baseline"),
        is_baseline=changes.pop("is_baseline", True),
        base_year=BASE_YEAR,
        **changes,
    )
    return fiveyear.compute(scenario)


def scenario_form(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Batas 25 %",
        "base_year": BASE_YEAR,
        "horizon": 5,
        "attrition_percent": "1",
        "renewal_percent": "0",
        "need_growth_percent": "0",
        "apbd_growth_percent": "4",
        "cap_percent": "25",
        "pppk_percent": "70",
        "max_hires_per_year": "",
        "weight_guru": "1",
        "weight_kesehatan": "1",
        "weight_ti": "0.9",
        "weight_teknis": "0.9",
        "weight_administrasi": "0.4",
        "weight_other": "0.5",
    }
    data.update(changes)
    return data


def pdf_text(data: bytes) -> tuple[str, str]:
    """(title, text of every page) of a PDF, read with pypdf."""
    reader = PdfReader(io.BytesIO(data))
    title = reader.metadata.title if reader.metadata else ""
    return title or "", "\n".join(page.extract_text() for page in reader.pages)


def plan_document(scenario: Scenario, *, state: str = "done") -> PlanDocument:
    """A plan PDF of ``scenario`` as made today (``state`` done: with a tiny PDF body)."""
    from django.utils import timezone

    from formasi.planning import export

    today = timezone.localdate()
    return PlanDocument.unscoped.create(
        scenario=scenario,
        key=export.document_key(scenario, today),
        dated=today,
        state=state,
        progress=100 if state == "done" else 0,
        content=b"%PDF-1.7 test" if state == "done" else b"",
    )


def national_summary_run(world: Any) -> int:
    """A background national needs summary started by evaluator_a (nothing computed yet):
    its id."""
    from formasi.core.models import FanOutRun

    run = FanOutRun.objects.create(
        kind="needs_summary", total=2, created_by=world.users["evaluator_a"]
    )
    return run.pk
