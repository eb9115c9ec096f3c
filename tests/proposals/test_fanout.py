"""The national view of the usul kebutuhan fanned out per agency (issue 21): the combined
totals equal ``national.totals`` for the same user and filters, one query's answer."""

from __future__ import annotations

from typing import Any

import pytest

from formasi.core.fanout_services import start_fanout
from formasi.organization.models import Agency
from formasi.proposals import national
from formasi.proposals.fanout import KIND, params_of
from tests import builders as build
from tests.proposals.builders import YEAR, reviewed

pytestmark = pytest.mark.django_db


def test_the_fanned_out_view_equals_the_one_query(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    reviewed(world)
    root = build.user("root", None, is_superuser=True)
    ids = list(Agency.objects.values_list("pk", flat=True))
    for f in (national.Filters(year=YEAR), national.Filters(year=YEAR, level=national.REGENCY)):
        with django_capture_on_commit_callbacks(execute=True):
            run = start_fanout(kind=KIND, agency_ids=ids, params=params_of(root, f), actor=root)
        run.refresh_from_db()
        assert run.state == "done"
        expected = national.totals(root, f)
        assert expected["area"], "the world has items to count"
        assert run.result["totals"] == expected
        assert run.result["rows"] == [
            {k: r[k] for k in (*national.KEYS, *national.MEASURES)}
            for r in national.grouped(root, f, ordered=True)
        ]
