"""The leader's page per role, and what it shows for agency A of the role fixtures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.talent import builders as talent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("leader_a", 200), ("admin_b", 200), ("operator_dinkes_a", 403),
     ("operator_other_opd_a", 403), ("evaluator_a", 403)],
)  # fmt: skip
def test_who_sees_the_leaders_page(world, client_for, persona, status) -> None:  # type: ignore[no-untyped-def]
    assert client_for(persona).get(reverse("talent:leader")).status_code == status


def test_the_page_shows_the_distribution_and_the_auto_indicators(world, client_for) -> None:  # type: ignore[no-untyped-def]
    talent.talent_data(world)
    page = client_for("leader_a").get(reverse("talent:leader")).content.decode()
    # Agency A: the two nurses "sangat baik" (above/above), the teacher "baik".
    assert "3 orang dinilai" in page  # the pages speak Indonesian by default
    assert "SKP tercatat untuk semua pegawai" in page
    assert "Ringkasan pimpinan" in page
