"""Exports of the tables behind the equity charts."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.equity.builders import add_equity_data
from tests.personas import World

pytestmark = pytest.mark.django_db


def _url(table: str, fmt: str) -> str:
    return reverse("equity:export", args=[table, fmt])


def test_the_area_table_as_csv(client_for: Any, world: World) -> None:
    add_equity_data(world)
    response = client_for("leader_a").get(_url("wilayah", "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["Kode", "Wilayah", "Penduduk", "Pegawai"]
    rakumpit = next(r for r in rows if r[0] == "62.71.05")
    assert rakumpit[1:7] == ["Rakumpit", "", "5", "6", "3", "2"]
    assert "pemerataan-wilayah-62.71.csv" in response["Content-Disposition"]


def test_the_priority_table_as_xlsx(client_for: Any, world: World) -> None:
    add_equity_data(world)
    response = client_for("admin_a").get(_url("prioritas", "xlsx"), {"wilayah": "62.71"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Peringkat", "Kode", "Wilayah", "Porsi kekurangan", "Alasan")
    assert rows[1][:3] == (1, "62.71.05", "Rakumpit")
    assert "kurang 2 tenaga kesehatan dan 1 guru" in rows[1][4]


@pytest.mark.parametrize("table", ["lorenz", "indeks"])
def test_the_other_tables_export(client_for: Any, world: World, table: str) -> None:
    add_equity_data(world)
    response = client_for("admin_a").get(_url(table, "xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows[0]) >= 4
    if table == "indeks":
        assert ("Gini" in [r[1] for r in rows]) and any("Theil T" in str(r[1]) for r in rows)


def test_a_family_filter_reaches_the_export(client_for: Any, world: World) -> None:
    add_equity_data(world)
    response = client_for("admin_a").get(_url("wilayah", "csv"), {"keluarga": "guru"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    rakumpit = next(r for r in rows if r[0] == "62.71.05")
    assert rakumpit[3:7] == ["1", "2", "1", "0"]


@pytest.mark.parametrize(("table", "fmt"), [("pegawai", "csv"), ("wilayah", "pdf")])
def test_unknown_tables_and_formats_are_404(
    client_for: Any, world: World, table: str, fmt: str
) -> None:
    assert client_for("admin_a").get(_url(table, fmt)).status_code == 404


def test_a_foreign_area_export_is_404(client_for: Any, world: World) -> None:
    response = client_for("admin_b").get(_url("wilayah", "csv"), {"wilayah": "62.71"})
    assert response.status_code == 404
