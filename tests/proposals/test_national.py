"""The national view of the usul kebutuhan (issue 18 part 8): who may open it, that an evaluator
counts only the agencies assigned to them and only what was sent to BKN, that every total is
the sum of the items it stands for (worked out here from the items, not from the view), the
filters and the drill-down, the one grouped query, and the export."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from formasi.proposals import national
from formasi.proposals.models import Proposal, ProposalItem, ProposalPart
from tests import builders as build
from tests.proposals.builders import YEAR, drafted, reviewed, sent_to_bkn

pytestmark = pytest.mark.django_db

URL = "/usulan/nasional/"


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _agency_b_sent(world: Any, count: int = 7) -> ProposalItem:
    """Agency B's proposal sent to BKN with one item of ``count`` nurses, approved 5, decided 4."""
    proposal = Proposal.unscoped.create(agency=world.agency_b, year=YEAR, state="decided")
    part = ProposalPart.unscoped.create(proposal=proposal, org_unit=world.opd_b, state="accepted")
    nurse_b = world.employee_b.position
    return ProposalItem.unscoped.create(
        part=part,
        org_unit=world.opd_b,
        position=nurse_b,
        location=world.opd_b.region,
        count=count,
        bkn_verdict="changed",
        bkn_count=5,
        bkn_reason="ABK",
        decided_count=4,
    )


def _national_evaluator(world: Any) -> Any:
    """An evaluator assigned to both agencies (a BKN regional office's analyst)."""
    return build.user("bkn_national", "evaluator", assigned=[world.agency_a, world.agency_b])


def _sums(items: Any) -> dict[str, int]:
    got = items.aggregate(r=Sum("count"), a=Sum("bkn_count"), d=Sum("decided_count"))
    return {"requested": got["r"] or 0, "approved": got["a"] or 0, "decided": got["d"] or 0}


def _total(response: Any) -> dict[str, int]:
    total = response.context["total"]
    return {k: total[k] for k in ("requested", "approved", "decided")}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin_a", 403),
        ("operator_dinkes_a", 403),
        ("operator_other_opd_a", 403),
        ("evaluator_a", 200),
        ("leader_a", 403),
        ("admin_b", 403),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("path", [URL, "/usulan/nasional/ekspor.xlsx"])
def test_who_may_open_it(world: Any, persona: str, status: int, path: str) -> None:
    assert reverse("proposals:national") == URL
    response = _client(world.users[persona]).get(path)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_superuser_sees_every_agency(world: Any) -> None:
    _agency_b_sent(world)
    sent_to_bkn(world)
    root = build.user("root", None, is_superuser=True)
    response = _client(root).get(URL)
    assert response.status_code == 200
    assert _total(response) == _sums(ProposalItem.unscoped.all())
    assert {r["area"] for r in response.context["area_rows"]} == {"62", "63"}


def test_an_evaluator_counts_only_assigned_agencies_sent_to_bkn(world: Any) -> None:
    _agency_b_sent(world)
    drafted(world)  # agency A's draft: not yet the evaluator's
    response = _client(world.users["evaluator_a"]).get(URL)
    assert _total(response) == {"requested": 0, "approved": 0, "decided": 0}
    assert response.context["area_rows"] == []
    Proposal.unscoped.filter(agency=world.agency_a).update(state="submitted_bkn")
    response = _client(world.users["evaluator_a"]).get(URL)
    a_items = ProposalItem.unscoped.filter(part__proposal__agency=world.agency_a)
    assert _total(response) == _sums(a_items)
    assert _total(response)["requested"] > 0
    assert [r["area"] for r in response.context["area_rows"]] == ["62"]


def test_an_evaluator_of_many_agencies_sees_their_sum_by_province(world: Any) -> None:
    b_item = _agency_b_sent(world)
    proposal = reviewed(world)
    response = _client(_national_evaluator(world)).get(URL)
    assert response.status_code == 200
    assert _total(response) == _sums(ProposalItem.unscoped.all())
    rows = {r["area"]: r for r in response.context["area_rows"]}
    assert rows["63"]["requested"] == b_item.count
    assert rows["63"]["approved"] == 5 and rows["63"]["decided"] == 4
    assert rows["63"]["name"] == "Kalimantan Selatan"
    a_items = ProposalItem.unscoped.filter(part__proposal=proposal)
    assert rows["62"]["requested"] == _sums(a_items)["requested"]
    assert rows["62"]["approved"] == _sums(a_items)["approved"] > 0  # every item approved
    assert rows["62"]["url"].startswith("?") and "provinsi=62" in rows["62"]["url"]
    # the biggest request first
    requested = [r["requested"] for r in response.context["area_rows"]]
    assert requested == sorted(requested, reverse=True)


def test_a_province_opens_its_regencies(world: Any) -> None:
    _agency_b_sent(world)
    sent_to_bkn(world)
    client = _client(_national_evaluator(world))
    response = client.get(URL, {"provinsi": "62"})
    rows = response.context["area_rows"]
    assert [r["area"] for r in rows] == ["62.71"]
    assert rows[0]["name"] == "Kota Palangka Raya" and rows[0]["url"] == ""
    everything = client.get(URL, {"tingkat": "kabkota"}).context["area_rows"]
    assert {r["area"] for r in everything} == {"62.71", "63.72"}


def test_filters_keep_what_they_name(world: Any) -> None:
    _agency_b_sent(world)
    proposal = sent_to_bkn(world)
    client = _client(_national_evaluator(world))
    items = ProposalItem.unscoped.all()
    guru = client.get(URL, {"rumpun": "guru"})
    assert _total(guru) == _sums(items.filter(position__family="guru"))
    families = {r["family"] for r in client.get(URL).context["family_rows"]}
    assert families == set(items.values_list("position__family", flat=True))
    pppk = client.get(URL, {"status": "pppk"})
    assert _total(pppk) == _sums(items.filter(status="pppk"))
    decided = client.get(URL, {"tahap": "decided"})
    assert _total(decided) == _sums(items.filter(part__proposal__state="decided"))
    assert _total(decided)["requested"] == 7
    earlier = client.get(URL, {"tahun": str(YEAR - 5)})  # not a year with a proposal: newest
    assert earlier.context["f"].year == proposal.year
    bad = client.get(URL, {"rumpun": "x", "status": "y", "tahap": "z", "provinsi": "6"})
    assert _total(bad) == _sums(items)


def test_status_rows_add_up_to_the_total(world: Any) -> None:
    _agency_b_sent(world)
    sent_to_bkn(world)
    response = _client(_national_evaluator(world)).get(URL)
    for key in ("status_rows", "family_rows", "area_rows"):
        rows = response.context[key]
        assert sum(r["requested"] for r in rows) == response.context["total"]["requested"]


def test_the_totals_are_one_query(world: Any) -> None:
    from django.db import connection

    _agency_b_sent(world)
    sent_to_bkn(world)
    user = _national_evaluator(world)
    user.assigned_agencies.all()  # the scope's own query is not the aggregate's
    f = national.Filters(year=YEAR)
    with CaptureQueriesContext(connection) as ctx:
        by = national.totals(user, f)
    grouped = [q for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1
    assert {r["area"] for r in by["area"]} == {"62", "63"}


def test_the_map_takes_boundaries_or_centres(world: Any) -> None:
    from formasi.organization.models import Region

    _agency_b_sent(world)
    client = _client(_national_evaluator(world))
    assert client.get(URL).context["charts"]["mode"] == "none"
    Region.objects.filter(code="63").update(longitude=115.0, latitude=-3.0)
    charts = client.get(URL).context["charts"]
    assert charts["mode"] == "bubble" and charts["areas"][0]["lng"] == 115.0
    square = {"type": "Polygon", "coordinates": [[[114, -4], [116, -4], [116, -2], [114, -4]]]}
    Region.objects.filter(code="63").update(boundary=square)
    charts = client.get(URL).context["charts"]
    assert charts["mode"] == "map"
    assert charts["geo"]["features"][0]["properties"]["name"] == "63"


def test_export_has_a_row_per_area_family_and_status(world: Any) -> None:
    _agency_b_sent(world)
    sent_to_bkn(world)
    client = _client(_national_evaluator(world))
    response = client.get("/usulan/nasional/ekspor.xlsx", {"tingkat": "kabkota"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'usulan-nasional-{YEAR}-kabkota.xlsx"')
    sheet = (
        CalamineWorkbook.from_object(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    )
    header, rows = sheet[0], sheet[1:]
    assert len(header) == 8
    assert sum(int(r[5]) for r in rows) == _sums(ProposalItem.unscoped.all())["requested"]
    assert {r[0] for r in rows} == {"62.71", "63.72"}
    assert "Kota Banjarbaru" in {r[1] for r in rows}
    csv = client.get("/usulan/nasional/ekspor.csv")
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    assert client.get("/usulan/nasional/ekspor.pdf").status_code == 404


def test_the_list_links_to_it_for_evaluators_only(world: Any) -> None:
    link = 'data-testid="national-link"'
    assert link in _client(world.users["evaluator_a"]).get("/usulan/").content.decode()
    assert link not in _client(world.users["admin_a"]).get("/usulan/").content.decode()
