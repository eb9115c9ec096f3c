"""The open-selection pages per role: who sees, who writes, what each page shows, and a
selection walked through its stages by the BKPSDM admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from formasi.talent.selection_models import Candidate, Selection
from tests.talent import builders as talent

pytestmark = pytest.mark.django_db

READERS = ["admin_a", "evaluator_a", "leader_a"]
NOT_ALLOWED = ["operator_dinkes_a", "operator_other_opd_a"]


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_list_and_the_stages(world, client_for, persona) -> None:  # type: ignore[no-untyped-def]
    row = talent.selection(world)
    client = client_for(persona)
    listing = client.get(reverse("talent:selection_list"))
    assert listing.status_code == 200 and row.title in listing.content.decode()
    page = client.get(reverse("talent:selection_detail", args=[row.pk])).content.decode()
    for name, *_rest in talent.SCORES:
        assert name in page
    assert "tidak memenuhi syarat administrasi" in page  # Yohanes Lie (id)
    assert ("member-form" in page) is (persona == "admin_a")
    assert ("selection-send" in page) is (persona == "admin_a")


@pytest.mark.parametrize("persona", NOT_ALLOWED)
def test_opd_operators_may_not(world, client_for, persona) -> None:  # type: ignore[no-untyped-def]
    row = talent.selection(world)
    client = client_for(persona)
    assert client.get(reverse("talent:selection_list")).status_code == 403
    assert client.get(reverse("talent:selection_detail", args=[row.pk])).status_code == 403


def test_another_agency_gets_404(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = talent.selection(world)
    client = client_for("admin_b")
    assert client.get(reverse("talent:selection_detail", args=[row.pk])).status_code == 404
    assert client.post(reverse("talent:selection_send", args=[row.pk])).status_code == 404
    assert row.title not in client.get(reverse("talent:selection_list")).content.decode()


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a"])
def test_readers_may_not_write(world, client_for, persona) -> None:  # type: ignore[no-untyped-def]
    row = talent.selection(world)
    client = client_for(persona)
    assert client.get(reverse("talent:selection_add")).status_code == 403
    assert client.post(reverse("talent:selection_send", args=[row.pk])).status_code == 403
    scores = reverse("talent:candidate_scores", args=talent.candidate_pk(world))
    page = client.get(scores)
    assert page.status_code == 200 and "scores-form" not in page.content.decode()
    assert client.post(scores, {"kompetensi": "99"}).status_code == 403
    assert Selection.unscoped.get(pk=row.pk).state == "closed"


def test_the_admin_walks_a_selection_to_the_decision(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    position = talent.jpt_position(world)
    answer = client.post(reverse("talent:selection_add"), {
        "unit": world.dinkes.pk, "position": position.pk, "title": "Seleksi Kadinkes",
        "opens_on": "2026-01-05", "closes_on": "2026-01-10", "requirements": "",
        "weight_kompetensi": 50, "weight_wawancara": 30, "weight_rekam_jejak": 20,
    })  # fmt: skip
    assert answer.status_code == 400
    assert "paling singkat 15 hari" in answer.content.decode()
    answer = client.post(reverse("talent:selection_add"), {
        "unit": world.dinkes.pk, "position": position.pk, "title": "Seleksi Kadinkes",
        "opens_on": "2026-01-05", "closes_on": "2026-01-25", "requirements": "S-2",
        "weight_kompetensi": 50, "weight_wawancara": 30, "weight_rekam_jejak": 20,
    })  # fmt: skip
    row = Selection.unscoped.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/seleksi/{row.pk}/")
    for name, role, internal, institution in talent.COMMITTEE:
        client.post(reverse("talent:member_add", args=[row.pk]), {
            "name": name, "role": role, "internal": "1" if internal else "0",
            "institution": institution,
        })  # fmt: skip
    assert row.committee.count() == 5
    client.post(reverse("talent:candidate_add", args=[row.pk]), {"employee": ""})
    assert not row.candidates.exists()  # neither employee nor name: refused
    for name, origin, *_scores in talent.SCORES[:3]:
        client.post(
            reverse("talent:candidate_add", args=[row.pk]), {"name": name, "origin": origin}
        )
    assert client.post(reverse("talent:selection_close", args=[row.pk])).status_code == 302
    for candidate, (*_n, _p, k, w, r) in zip(
        row.candidates.order_by("id"), talent.SCORES, strict=False
    ):
        url = reverse("talent:candidate_scores", args=[row.pk, candidate.pk])
        client.post(url, {"passed_administration": "1", "kompetensi": k, "wawancara": w,
                          "rekam_jejak": r})  # fmt: skip
    assert sorted(row.candidates.values_list("place", flat=True)) == [1, 2, 3]
    assert client.post(reverse("talent:selection_send", args=[row.pk])).status_code == 302
    second = Candidate.unscoped.get(selection=row, place=2)
    answer = client.post(reverse("talent:selection_decide", args=[row.pk]), {
        "chosen": second.pk, "decided_by_name": "Wali Kota Palangka Raya", "note": "",
    })  # fmt: skip
    assert answer.status_code == 302
    page = client.get(reverse("talent:selection_detail", args=[row.pk])).content.decode()
    assert "Wali Kota Palangka Raya" in page and second.name in page
    assert Selection.unscoped.get().state == "decided"


def test_a_step_refused_says_why(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = talent.selection(world, scored=False)
    answer = client_for("admin_a").post(reverse("talent:selection_send", args=[row.pk]))
    assert answer.status_code == 400
    assert "Dibutuhkan tiga peserta berperingkat" in answer.content.decode()
