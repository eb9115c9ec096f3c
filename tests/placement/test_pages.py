"""The placement pages per role: the run list and form, a run with its lines, deciding by
htmx, accept-all, applying transfers, the xlsx draft and the applicants."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from formasi.organization.models import Region
from formasi.placement.models import PlacementLine, PlacementRun
from formasi.workforce.models import Employee
from tests.personas import World
from tests.placement.builders import YEAR, accept_all, add_placement_data, add_surplus, computed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(world: World) -> PlacementRun:
    add_placement_data(world)
    return computed_run(world, name="Penempatan 2026")


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_run_list_and_detail_for_readers(client_for: Any, run: PlacementRun, persona: str) -> None:
    client = client_for(persona)
    html = client.get(reverse("placement:run_list")).content.decode()
    assert "Penempatan 2026" in html
    assert ('data-testid="run-form"' in html) == (persona == "admin_a")
    page = client.get(reverse("placement:run_detail", args=[run.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="solver-status"' in text and "Ani Lestari" in text
    assert ('data-testid="accept-all"' in text) == (persona == "admin_a")
    assert 'data-testid="sk-note"' in text and 'data-testid="before-after"' in text


def test_operators_get_403_and_no_nav(client_for: Any, run: PlacementRun) -> None:
    client = client_for("operator_dinkes_a")
    assert client.get(reverse("placement:run_list")).status_code == 403
    assert client.get(reverse("placement:run_detail", args=[run.pk])).status_code == 403
    html = client.get(reverse("workforce:dashboard")).content.decode()
    assert reverse("placement:run_list") not in html
    assert reverse("placement:run_list") in client_for("admin_a").get("/").content.decode()


def test_other_agency_run_is_404(client_for: Any, run: PlacementRun) -> None:
    assert (
        client_for("admin_b").get(reverse("placement:run_detail", args=[run.pk])).status_code == 404
    )


def test_filters_narrow_the_lines(client_for: Any, run: PlacementRun) -> None:
    url = reverse("placement:run_detail", args=[run.pk])
    client = client_for("admin_a")
    assert "Dedi Kurnia" not in client.get(url + "?alasan=home_village").content.decode()
    html = client.get(url + "?alasan=home_district&kecamatan=62.71.05").content.decode()
    assert "Dedi Kurnia" in html and "Ani Lestari" not in html
    assert "Ani Lestari" not in client.get(url + "?keputusan=accepted").content.decode()


def test_create_run_queues_and_computes(
    client_for: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    add_placement_data(world)
    client = client_for("admin_a")
    form = client.get(reverse("placement:run_list")).context["form"]
    assert [c for c, _n in form.fields["areas"].choices] == ["62.71.01", "62.71.05"]
    data = {"name": "", "kind": "new_hires", "year": YEAR, "home_village": "on",
            "home_district": "on", "distance": "on", "areas": ["62.71.05"]}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("placement:run_create"), data)
    created = PlacementRun.unscoped.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{created.pk}/")
    assert created.name == "Placement 2026" or created.name == "Penempatan 2026"
    assert created.state == "done" and created.areas == ["62.71.05"]  # immediate backend
    assert created.summary["lines"] == 3


def test_create_run_invalid(client_for: Any, world: World) -> None:
    response = client_for("admin_a").post(
        reverse("placement:run_create"), {"kind": "transfers", "year": YEAR, "keep_text": "12 34"}
    )
    assert response.status_code == 400 and response.context["form"].errors["keep_text"]
    assert not PlacementRun.unscoped.exists()
    leader = client_for("leader_a").post(reverse("placement:run_create"), {"year": YEAR})
    assert leader.status_code == 403


def test_a_queued_run_polls_then_refreshes(client_for: Any, world: World) -> None:
    add_placement_data(world)
    run = PlacementRun.unscoped.create(agency=world.agency_a, name="B", kind="new_hires", year=YEAR)
    client = client_for("admin_a")
    url = reverse("placement:run_detail", args=[run.pk])
    html = client.get(url).content.decode()
    assert 'data-state="queued"' in html and "hx-get" in html
    poll = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in poll and 'data-testid="run-progress"' in poll.content.decode()
    from formasi.placement import services

    services.compute(run)
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_decide_one_line_by_htmx(client_for: Any, run: PlacementRun) -> None:
    line = PlacementLine.unscoped.filter(run=run).first()
    url = reverse("placement:line_decide", args=[run.pk, line.pk])
    response = client_for("admin_a").post(
        url, {"decision": "accepted"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith(f'<tr id="line-{line.pk}"') and 'data-decision="accepted"' in row
    line.refresh_from_db()
    assert line.decision == "accepted" and line.decided_by == run_admin(run)
    assert client_for("admin_a").post(url, {"decision": "maybe"}).status_code == 400
    assert client_for("evaluator_a").post(url, {"decision": "rejected"}).status_code == 403


def run_admin(run: PlacementRun) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin_a")


def test_accept_all_then_xlsx(client_for: Any, run: PlacementRun) -> None:
    client = client_for("admin_a")
    pending = PlacementLine.unscoped.filter(run=run).count()
    response = client.post(
        reverse("placement:decide_all", args=[run.pk]), {"decision": "accepted", "count": pending}
    )
    assert response.status_code == 302
    assert set(PlacementLine.unscoped.filter(run=run).values_list("decision", flat=True)) == {
        "accepted"
    }
    download = client_for("leader_a").get(reverse("placement:run_xlsx", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith(f'-{run.pk}.xlsx"')
    ws = load_workbook(io.BytesIO(download.content)).active
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "No")
    assert rows[top][:3] == ("No", "Nomor peserta / NIP", "Nama")
    by_number = {r[1]: r for r in rows[top + 1 :] if isinstance(r[0], int)}
    assert set(by_number) == {"26000001", "26000002", "26000003", "26000004"} - {
        _unplaced_number(run)
    }
    ani = by_number["26000001"]
    column = {name: i for i, name in enumerate(rows[top])}
    assert ani[2] == "Ani Lestari" and ani[column["Unit kerja tujuan"]] == "Puskesmas Rakumpit"
    assert ani[column["Kecamatan"]] == "Rakumpit" and ani[column["Unit kerja asal"]] is None
    assert ani[column["Alasan"]] == "desa/kelurahan asal"
    assert ani[column["Keputusan"]] == "diterima"


def _unplaced_number(run: PlacementRun) -> str:
    return run.summary["unplaced"][0]["number"]


def test_apply_accepted_transfers_from_the_page(client_for: Any, world: World) -> None:
    add_placement_data(world)
    extra = add_surplus(world)
    run = computed_run(world, kind="transfers")
    client = client_for("admin_a")
    lines = accept_all(client, run)
    html = client.get(reverse("placement:run_detail", args=[run.pk])).content.decode()
    assert 'data-testid="apply"' in html and 'data-testid="sk-note"' not in html
    assert f'name="count" value="{lines}"' in html  # the dialog says how many move
    response = client.post(
        reverse("placement:run_apply", args=[run.pk]), {"count": lines}, follow=True
    )
    assert response.status_code == 200
    assert {e.unit_id for e in Employee.unscoped.filter(pk__in=[e.pk for e in extra])} == {
        world.puskesmas.pk
    }
    again = client.post(
        reverse("placement:run_apply", args=[run.pk]), {"count": lines}, follow=True
    )
    assert "applied" in again.content.decode() or "diterapkan" in again.content.decode()


def test_applicant_list(client_for: Any, run: PlacementRun) -> None:
    html = client_for("evaluator_a").get(reverse("placement:applicant_list")).content.decode()
    assert "Ani Lestari" in html and "26000004" in html
    assert (
        client_for("operator_dinkes_a").get(reverse("placement:applicant_list")).status_code == 403
    )
    assert (
        "Ani Lestari"
        not in client_for("admin_b").get(reverse("placement:applicant_list")).content.decode()
    )


SQUARE = {
    "type": "Polygon",
    "coordinates": [[[113.9, -2.2], [114.0, -2.2], [114.0, -2.3], [113.9, -2.2]]],
}


def _map_json(html: str) -> dict[str, Any]:
    found = re.search(
        r'<script id="before-after-map" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "the map JSON is embedded"
    return json.loads(found.group(1))


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_run_page_embeds_the_before_after_map(
    client_for: Any, run: PlacementRun, persona: str
) -> None:
    Region.objects.filter(code="62.71.01").update(boundary=SQUARE)
    url = reverse("placement:run_detail", args=[run.pk])
    html = client_for(persona).get(url + "?keputusan=pending").content.decode()
    assert 'data-testid="before-after-map"' in html and 'data-mode="map"' in html
    data = _map_json(html)
    assert data["mode"] == "map"
    assert [f["properties"]["name"] for f in data["geo"]["features"]] == ["62.71.01"]
    assert data["geo"]["features"][0]["geometry"] == SQUARE
    summary = {a["code"]: a for a in run.summary["areas"]}
    assert {a["code"] for a in data["areas"]} == set(summary) and summary
    for a in data["areas"]:
        s = summary[a["code"]]
        assert (a["before"], a["after"]) == (s["fulfilment_before"], s["fulfilment_after"])
        assert (a["staff_before"], a["staff_after"], a["need"]) == (
            s["before"],
            s["after"],
            s["need"],
        )
        assert a["url"] == f"?keputusan=pending&kecamatan={a['code']}#lines"
    rakumpit = next(a for a in data["areas"] if a["code"] == "62.71.05")
    assert rakumpit["after"] > rakumpit["before"]  # the run fills posts there
    assert (rakumpit["lng"], rakumpit["lat"]) == (113.85, -1.85)


def test_run_map_without_boundaries_is_bubbles(client_for: Any, run: PlacementRun) -> None:
    html = (
        client_for("admin_a").get(reverse("placement:run_detail", args=[run.pk])).content.decode()
    )
    data = _map_json(html)
    assert data["mode"] == "bubble" and data["geo"] is None
    assert all(a["lng"] is not None for a in data["areas"])


def test_map_links_filter_the_lines(client_for: Any, run: PlacementRun) -> None:
    url = reverse("placement:run_detail", args=[run.pk])
    client = client_for("admin_a")
    areas = _map_json(client.get(url).content.decode())["areas"]
    shown = {}
    for a in areas:
        html = client.get(url + a["url"].split("#")[0]).content.decode()
        assert f'<option value="{a["code"]}" selected>' in html
        shown[a["code"]] = html.count('data-testid="line"')
    lines = PlacementLine.unscoped.filter(run=run)
    assert shown == {c: lines.filter(district__code=c).count() for c in shown}
    assert shown["62.71.05"] == lines.count() == 3 and shown["62.71.01"] == 0


def test_the_words_users_use(client_for: Any, run: PlacementRun) -> None:
    """Issue 17: "pemecah optimal" and "cara sederhana", "penempatan" — never "Run",
    "PEMECAH" alone or "Rakus (greedy)"; the solver's name is not set in capitals."""
    client = client_for("admin_a")
    detail = client.get(reverse("placement:run_detail", args=[run.pk])).content.decode()
    listing = client.get(reverse("placement:run_list")).content.decode()
    assert "Pemecah optimal" in detail and "Cara sederhana" in detail
    assert "Jalankan penempatan baru" in listing
    for page in (detail, listing):
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", page, flags=re.S))
        found = re.search(r".{0,40}(\b[Rr]un\b|[Rr]akus|[Gg]reedy).{0,40}", visible, re.S)
        assert found is None, found.group(0)
    assert '<div class="subheader">Pemecah' not in detail
