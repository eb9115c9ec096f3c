"""Import of the competency dictionary (kind "competency_catalog"): new and changed entries by
code, the kind in Indonesian words or codes, a bad kind refused in Indonesian, only the admin
writes, and the export reads back unchanged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from formasi.core.xlsx import workbook_bytes
from formasi.training.models import Competency
from formasi.transfer import services
from formasi.transfer.kinds import KINDS, Context
from tests.personas import World
from tests.training import builders as build

KIND = KINDS["competency_catalog"]
TODAY = date(2026, 11, 23)
pytestmark = pytest.mark.django_db


def ctx_for(world: World, persona: str = "admin_a", **kw: Any) -> Context:
    return Context(user=world.users[persona], agency=world.agency_a, filename="kamus.xlsx",
                   today=TODAY, **kw)  # fmt: skip


def dictionary_file(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Kode", "Nama Kompetensi", "Jenis", "Uraian"])
    for row in rows:
        sheet.append(row)
    return workbook_bytes(book)


def test_entries_are_added_and_changed_by_code(world: World) -> None:
    found = build.training_data(world)
    content = dictionary_file([
        [found["digital"].code, "Literasi digital pelayanan", "Teknis", "Aplikasi layanan"],
        ["SK-01", "Perekat bangsa", "sosial kultural", ""],
        ["MNJ-02", "Kepemimpinan", "managerial", ""],
    ])  # fmt: skip
    outcome = services.check(KIND, ctx_for(world), content)
    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts()["new"] == 2 and outcome.counts()["changed"] == 1
    services.commit(KIND, ctx_for(world), content)
    found["digital"].refresh_from_db()
    assert found["digital"].name == "Literasi digital pelayanan"
    added = Competency.unscoped.get(agency=world.agency_a, code="SK-01")
    assert added.kind == "socio_cultural"
    assert Competency.unscoped.get(agency=world.agency_a, code="MNJ-02").kind == "managerial"
    assert services.commit(KIND, ctx_for(world), content).counts()["unchanged"] == 3


def test_an_unknown_kind_is_refused_in_indonesian(world: World) -> None:
    before = Competency.unscoped.count()
    with translation.override("id"):
        outcome = services.check(KIND, ctx_for(world), dictionary_file([["X-1", "X", "Lain", ""]]))
    assert [e["message"] for e in outcome.error_dicts()] == [
        "Tulis Teknis, Manajerial atau Sosial kultural."
    ]
    assert Competency.unscoped.count() == before


def test_only_the_admin_writes_the_dictionary(world: World) -> None:
    content = dictionary_file([["X-1", "Literasi", "Teknis", ""]])
    outcome = services.check(KIND, ctx_for(world, "operator_dinkes_a"), content)
    assert {e.code for e in outcome.errors} == {"competency.denied"}
    with pytest.raises(services.ImportRefused):
        services.commit(KIND, ctx_for(world, "operator_dinkes_a"), content)
    assert not Competency.unscoped.filter(code="X-1").exists()
    assert services.check(KIND, ctx_for(world), content).ok


def test_every_kind_name_fits_an_import_jobs_kind() -> None:
    """SQLite stores a longer name; PostgreSQL refuses it (found by the round trip)."""
    from formasi.transfer.models import ImportJob

    longest = ImportJob._meta.get_field("kind").max_length
    assert longest is not None
    assert [name for name in KINDS if len(name) > longest] == []
