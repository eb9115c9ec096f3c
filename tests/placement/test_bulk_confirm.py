"""Bulk actions say how many rows they touch and act only on that number (issue 17, item 5):
"Terima 260 baris usulan penempatan?" before accepting every pending line, the same for
rejecting all and for applying accepted transfers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from formasi.placement.models import PlacementLine, PlacementRun
from formasi.workforce.models import Employee
from tests.personas import World
from tests.placement.builders import accept_all, add_placement_data, add_surplus, computed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(world: World) -> PlacementRun:
    add_placement_data(world)
    return computed_run(world, name="Penempatan 2026")


def _decisions(run: PlacementRun) -> set[str]:
    return set(PlacementLine.unscoped.filter(run=run).values_list("decision", flat=True))


def test_the_dialog_names_the_number_of_pending_lines(client_for: Any, run: PlacementRun) -> None:
    pending = PlacementLine.unscoped.filter(run=run).count()
    assert pending >= 2
    html = client_for("admin_a").get(reverse("placement:run_detail", args=[run.pk])).content
    text = html.decode()
    assert f"Terima {pending} baris usulan penempatan?" in text
    assert f"Tolak {pending} baris usulan penempatan?" in text
    assert 'data-bs-toggle="modal"' in text and 'data-testid="confirm-accept-all-submit"' in text
    assert 'type="submit" data-testid="accept-all"' not in text  # the button only opens it


def test_the_dialog_in_english(client_for: Any, run: PlacementRun) -> None:
    client = client_for("admin_a")
    client.cookies["django_language"] = "en"
    pending = PlacementLine.unscoped.filter(run=run).count()
    with translation.override("en"):  # the request's language does not outlive the test
        text = client.get(
            reverse("placement:run_detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert f"Accept {pending} proposed placement lines?" in text


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a"])
def test_readers_get_no_dialog(client_for: Any, run: PlacementRun, persona: str) -> None:
    text = client_for(persona).get(reverse("placement:run_detail", args=[run.pk])).content.decode()
    assert "baris usulan penempatan?" not in text and 'id="confirm-accept-all"' not in text


def test_accept_all_without_a_confirmed_count_is_refused(
    client_for: Any, run: PlacementRun
) -> None:
    url = reverse("placement:decide_all", args=[run.pk])
    assert client_for("admin_a").post(url, {"decision": "accepted"}).status_code == 400
    assert _decisions(run) == {"pending"}


def test_a_stale_count_changes_nothing(client_for: Any, run: PlacementRun) -> None:
    pending = PlacementLine.unscoped.filter(run=run).count()
    client = client_for("admin_a")
    first = PlacementLine.unscoped.filter(run=run).order_by("pk").first()
    assert first is not None
    client.post(reverse("placement:line_decide", args=[run.pk, first.pk]), {"decision": "rejected"})
    response = client.post(
        reverse("placement:decide_all", args=[run.pk]),
        {"decision": "accepted", "count": pending},
        follow=True,
    )
    assert response.status_code == 200
    assert f"{pending - 1}" in response.content.decode()  # the message names today's number
    assert PlacementLine.unscoped.filter(run=run, decision="accepted").count() == 0
    client.post(
        reverse("placement:decide_all", args=[run.pk]),
        {"decision": "accepted", "count": pending - 1},
    )
    assert PlacementLine.unscoped.filter(run=run, decision="accepted").count() == pending - 1


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a", "operator_dinkes_a"])
def test_only_admins_decide_all(client_for: Any, run: PlacementRun, persona: str) -> None:
    response = client_for(persona).post(
        reverse("placement:decide_all", args=[run.pk]), {"decision": "accepted", "count": 1}
    )
    assert response.status_code == 403
    assert _decisions(run) == {"pending"}


def test_apply_asks_with_the_number_of_employees(client_for: Any, world: World) -> None:
    add_placement_data(world)
    extra = add_surplus(world)
    run = computed_run(world, kind="transfers")
    client = client_for("admin_a")
    lines = accept_all(client, run)
    text = client.get(reverse("placement:run_detail", args=[run.pk])).content.decode()
    assert f"Pindahkan {lines} pegawai sesuai mutasi yang diterima?" in text
    before = {e.pk: e.unit_id for e in Employee.unscoped.filter(pk__in=[e.pk for e in extra])}
    client.post(reverse("placement:run_apply", args=[run.pk]), {"count": lines + 1})
    client.post(reverse("placement:run_apply", args=[run.pk]))
    after = {e.pk: e.unit_id for e in Employee.unscoped.filter(pk__in=[e.pk for e in extra])}
    assert after == before  # a wrong or missing count moves nobody
    run.refresh_from_db()
    assert run.applied_at is None


def test_a_decision_by_htmx_updates_the_dialogs(client_for: Any, run: PlacementRun) -> None:
    pending = PlacementLine.unscoped.filter(run=run).count()
    first = PlacementLine.unscoped.filter(run=run).order_by("pk").first()
    assert first is not None
    response = client_for("admin_a").post(
        reverse("placement:line_decide", args=[run.pk, first.pk]),
        {"decision": "rejected"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert text.startswith(f'<tr id="line-{first.pk}"')
    # Out of band, inside a <template> so that the forms survive the row's table parsing.
    assert '<template><div class="card-actions' in text and 'hx-swap-oob="true"' in text
    assert f"Terima {pending - 1} baris usulan penempatan?" in text
    assert f'name="count" value="{pending - 1}"' in text
