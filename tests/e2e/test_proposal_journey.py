"""The yearly proposal from the OPD to the placement, in the browser at 1,366 × 768 with four
logins (issue 18): the OPD operator edits and submits the Dinas Kesehatan's part; the BKPSDM
admin comments on an item and returns the part; the operator fixes it and submits again; the
admin accepts every part and sends the proposal to BKN; the BKN evaluator approves every item
but one, which it changes, and gives the pertimbangan teknis; the admin sends it to
KemenPAN-RB; the KemenPAN-RB evaluator sets every count as BKN advised in one click and
records the penetapan; the admin's new-hire run of the next year fills only the approved
posts, and the admin opens one item from the run page, then its trace: the ABK tasks behind
the need and the people counted in bezetting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from formasi.proposals import services
from formasi.proposals.models import Proposal, ProposalItem, ProposalPart
from formasi.workload.models import AbkTask, PositionNeed
from tests.e2e.builders import open_menu, run_worker
from tests.e2e.conftest import login
from tests.personas import World
from tests.planning.builders import add_plan_data
from tests.proposals.builders import YEAR, evaluators

VIEWPORT = {"width": 1366, "height": 768}
RETURN_REASON = "Jumlah perawat melebihi hasil ABK; mohon diperbaiki."


@pytest.fixture(autouse=True)
def _database_task_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _as(page: Any, live_server: Any, username: str, proposal: Proposal) -> None:
    """Log out (a new session) and log in as ``username``, then open the proposal."""
    page.context.clear_cookies()
    login(page, live_server, username)
    page.goto(live_server.url + reverse("proposals:detail", args=[proposal.pk]))


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _part_step(page: Any, part: ProposalPart, step: str, comment: str = "") -> None:
    _submit(page, f"[data-testid=part-{part.pk}] [data-testid=part-step-{step}]")
    if comment:
        page.fill("[data-testid=step-form] textarea", comment)
    _submit(page, "[data-testid=step-form] button[type=submit]")


def _step(page: Any, step: str) -> None:
    _submit(page, f"[data-testid=step-{step}]")
    _submit(page, "[data-testid=step-form] button[type=submit]")


def _edit(page: Any, item: ProposalItem, **fields: str) -> None:
    _submit(page, f"[data-testid=edit-{item.pk}]")
    for name, value in fields.items():
        if name == "verdict":
            page.select_option("#id_verdict", value)
        else:
            page.fill(f"#id_{name}", value)
    _submit(page, "[data-testid=item-form] button[type=submit]")
    assert page.locator("[data-testid=form-error]").count() == 0


def test_from_the_opd_to_the_placement(page: Any, live_server: Any, world: World) -> None:
    page.set_viewport_size(VIEWPORT)
    add_plan_data(world)
    evaluators(world)  # bkn_a and kemenpanrb_a, assigned to agency A
    admin = world.users["admin_a"]
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    AbkTask.objects.bulk_create(
        AbkTask(need=need, order=n, description=text, output_unit="kunjungan",
                volume=Decimal(volume), norm_minutes=Decimal(30))
        for n, (text, volume) in enumerate([("Asuhan keperawatan", 9000), ("Imunisasi", 3000)])
    )  # fmt: skip
    proposal = services.draft_proposal(actor=admin, agency=world.agency_a, year=YEAR)
    items = ProposalItem.unscoped.filter(part__proposal=proposal)
    nurses = items.get(org_unit=world.puskesmas, position=world.nurse_position)
    dinkes = ProposalPart.unscoped.get(proposal=proposal, org_unit=world.dinkes)
    others = ProposalPart.unscoped.filter(proposal=proposal).exclude(pk=dinkes.pk)
    asked = nurses.count + 2

    # The OPD operator asks for two more nurses and submits the part.
    _as(page, live_server, "operator_dinkes_a", proposal)
    assert page.locator("div.card[data-testid^=part-]").count() == 1  # their own part only
    _edit(page, nurses, count=str(asked))
    _part_step(page, dinkes, "submit")

    # The BKPSDM admin comments on the item and returns the part.
    _as(page, live_server, "admin_a", proposal)
    row = page.locator(f"#item-{nurses.pk} + tr")
    row.locator("textarea").last.fill(RETURN_REASON)
    _submit(page, f"#item-{nurses.pk} + tr form:last-of-type button")
    _part_step(page, dinkes, "return", comment=RETURN_REASON)
    dinkes.refresh_from_db()
    assert dinkes.state == "returned"

    # The operator reads the comment, fixes the count and submits again.
    _as(page, live_server, "operator_dinkes_a", proposal)
    assert RETURN_REASON in page.locator(f"#item-{nurses.pk} + tr").inner_text()
    _edit(page, nurses, count=str(asked - 2))
    _part_step(page, dinkes, "submit")

    # The admin accepts every part (submitting the others' on their behalf) and sends to BKN.
    _as(page, live_server, "admin_a", proposal)
    _part_step(page, dinkes, "accept")
    for part in others:
        _part_step(page, part, "submit")
        _part_step(page, part, "accept")
    _step(page, "send_to_bkn")

    # BKN approves every item but the nurses, which it cuts by one, and gives its pertimbangan.
    _as(page, live_server, "bkn_a", proposal)
    for item in items.order_by("pk"):
        if item.pk == nurses.pk:
            _edit(page, item, verdict="changed", count=str(nurses.count - 1),
                  reason="Satu formasi dipenuhi dari redistribusi.")  # fmt: skip
        else:
            _edit(page, item)
    _step(page, "give_pertimbangan")

    _as(page, live_server, "admin_a", proposal)
    _step(page, "send_to_kemenpanrb")

    # KemenPAN-RB sets the counts BKN advised, all at once, and records the penetapan.
    _as(page, live_server, "kemenpanrb_a", proposal)
    _submit(page, "[data-testid=settle-all] button")
    assert "diselesaikan" in page.locator(".alert").first.inner_text()
    _step(page, "decide")
    proposal.refresh_from_db()
    assert proposal.state == "decided"
    nurses.refresh_from_db()
    approved = nurses.decided_count
    assert approved == nurses.count - 1 and nurses.bkn_verdict == "changed"
    assert {i.bkn_verdict for i in items.exclude(pk=nurses.pk)} <= {"approved"}

    # Next year's applicants: more nurses than approved posts, and a position never approved.
    hire_year = YEAR + 1
    other = world.teacher_position if not items.filter(position=world.teacher_position) else None
    for k in range(approved + 2):
        Applicant.unscoped.create(
            agency=world.agency_a,
            year=hire_year,
            status="cpns",
            registration_number=f"N{k}",
            name=f"Perawat {k}",
            position=world.nurse_position,
            home_region=world.district_a,
        )
    if other is not None:
        Applicant.unscoped.create(
            agency=world.agency_a,
            year=hire_year,
            status="pppk",
            registration_number="G1",
            name="Guru Satu",
            position=other,
        )

    # The admin's new-hire run fills only the approved posts.
    page.context.clear_cookies()
    login(page, live_server, "admin_a")
    open_menu(page, reverse("placement:run_list"))
    page.fill("#id_name", f"Formasi {hire_year}")
    page.fill("#id_year", str(hire_year))
    page.click("[data-placement-toggle-areas]")
    _submit(page, "[data-testid=run-form] button[type=submit]")
    run_worker()
    page.wait_for_selector("[data-testid=solver-status]")
    basis = page.locator("[data-testid=approved-basis]").inner_text()
    assert str(YEAR) in basis
    run = PlacementRun.unscoped.get(year=hire_year)
    lines = PlacementLine.unscoped.filter(run=run)
    decided = {
        (i.org_unit_id, i.position_id): i.decided_count or 0
        for i in items.filter(decided_count__gt=0)
    }
    per_post: dict[tuple[int, int], int] = {}
    for key in lines.values_list("to_unit_id", "position_id"):
        per_post[key] = per_post.get(key, 0) + 1
    assert per_post and all(n <= decided.get(key, 0) for key, n in per_post.items())
    table = page.locator("[data-testid=approved-table]")
    nurse_row = (
        table.locator("tr")
        .filter(has_text=world.puskesmas.name)
        .filter(has_text=world.nurse_position.name)
    )
    cells = nurse_row.first.locator("td")
    assert cells.nth(4).inner_text() == str(approved)
    placed = per_post.get((world.puskesmas.pk, world.nurse_position.pk), 0)
    assert cells.nth(5).inner_text() == str(placed)

    # The item behind the row, in its proposal: BKN's change and the decided count.
    _submit(page, f"[data-testid=approved-table] a[href$='#item-{nurses.pk}']")
    row = page.locator(f"#item-{nurses.pk}")
    assert row.is_visible()
    assert row.locator("td").nth(8).inner_text() == str(approved)
    assert "Satu formasi dipenuhi" in page.locator(f"#item-{nurses.pk} + tr").inner_text()

    # Why this number: the trace, down to the ABK tasks behind the need and the people counted.
    _submit(page, f"[data-testid=trace-{nurses.pk}]")
    tasks = page.locator("[data-testid=abk-tasks] tbody tr")
    assert [tasks.nth(i).locator("td").first.inner_text() for i in range(tasks.count())] == [
        t.description for t in need.tasks.order_by("order")
    ]
    nurses.refresh_from_db()
    people = page.locator("[data-testid=trace-bezetting] tbody tr")
    assert nurses.evidence["bezetting"] > 0
    assert people.count() == nurses.evidence["bezetting"]
