"""Import and export of units, positions, regions, population and region boundaries."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from formasi.core.xlsx import write_table
from formasi.domain.boundaries import read_boundaries
from formasi.organization.models import OrgUnit, Position, Region, RegionPopulation
from formasi.transfer import services
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.kinds.boundaries import boundary_error_message
from tests import builders as build

TODAY = date(2026, 11, 23)
BOUNDARIES = (
    Path(__file__).resolve().parents[2] / "src/formasi/data/palangka_raya/kecamatan_62.71.geojson"
)
UNITS, POSITIONS = KINDS["units"], KINDS["positions"]
REGIONS, POPULATION, BOUNDARY = KINDS["regions"], KINDS["population"], KINDS["boundaries"]


def ctx_for(user, agency=None, filename="data.xlsx", **kwargs) -> Context:
    return Context(user=user, agency=agency, filename=filename, today=TODAY, **kwargs)


def export(kind, ctx, fmt="xlsx") -> bytes:
    return write_table(kind.columns, list(kind.export_rows(ctx)), fmt)


def table(kind, rows, fmt="xlsx") -> bytes:
    return write_table(kind.columns, rows, fmt)


def codes(outcome) -> set[str]:
    return {e.code for e in outcome.errors}


@pytest.fixture
def empty(world):
    """A second agency in the same city with no units or positions, and its admin."""
    agency = build.agency("62.71.X", "Pemerintah Uji", world.agency_a.region)
    return agency, build.user("admin_c", "admin", agency_obj=agency)


@pytest.fixture
def superuser(db):
    return build.user("root", None, is_superuser=True)


# --------------------------------------------------------------------------- units


def test_units_round_trip_into_an_empty_agency(world, empty):
    world.school.attributes = {"rombel": 12, "jenjang": "SD", "nama": "Sekolah Dasar"}
    world.school.save()
    admin = world.users["admin_a"]
    agency, admin_c = empty
    for fmt in ("xlsx", "csv"):
        data = export(UNITS, ctx_for(admin, world.agency_a, f"units.{fmt}"), fmt)
        outcome = services.check(UNITS, ctx_for(admin, world.agency_a, f"units.{fmt}"), data)
        assert outcome.ok, outcome.error_dicts()
        assert outcome.counts()["unchanged"] == 4

        ctx = ctx_for(admin_c, agency, f"units.{fmt}")
        outcome = services.commit(UNITS, ctx, data)
        assert outcome.counts()["new"] == (4 if fmt == "xlsx" else 0)
        assert export(UNITS, ctx, fmt) == data

    units = {u.code: u for u in OrgUnit.unscoped.filter(agency=agency)}
    dinkes, pkm = units["DINKES"], units["PKM-RKP"]
    assert pkm.parent == dinkes
    assert pkm.path == f"{dinkes.pk}/{pkm.pk}/"
    assert pkm.opd_id == dinkes.pk
    assert pkm.district == world.district_a2  # the kelurahan's kecamatan
    assert units["SDN1RKP"].attributes == world.school.attributes
    history = pkm.history.get()
    assert history.history_type == "+"
    assert history.path == pkm.path
    assert history.history_user == admin_c
    assert history.history_change_reason == "Impor: units.xlsx"


def test_units_changed_row_is_written_with_history(world):
    admin = world.users["admin_a"]
    ctx = ctx_for(admin, world.agency_a, "unit-baru.xlsx")
    rows = list(UNITS.export_rows(ctx))
    for row in rows:
        if row["code"] == "PKM-RKP":
            row["name"] = "UPT Puskesmas Rakumpit"
    outcome = services.check(UNITS, ctx, table(UNITS, rows))
    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts() | {"rows": 0} == {
        "rows": 0, "new": 0, "changed": 1, "unchanged": 3, "deactivated": 0, "invalid": 0,
    }  # fmt: skip
    services.commit(UNITS, ctx, table(UNITS, rows))
    world.puskesmas.refresh_from_db()
    assert world.puskesmas.name == "UPT Puskesmas Rakumpit"
    latest = world.puskesmas.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == admin
    assert latest.history_change_reason == ctx.reason


def test_units_parents_anywhere_and_moves_update_the_subtree(world):
    admin = world.users["admin_a"]
    ctx = ctx_for(admin, world.agency_a)
    rows = list(UNITS.export_rows(ctx))
    kel = "62.71.05.1001"
    for row in rows:
        if row["code"] == "DINKES":
            row["parent_code"], row["kind"] = "DISDIK", "sub_unit"  # move the whole subtree
    # A child before its (new) parent, whose parent is an existing unit.
    rows.insert(0, {"code": "PUSTU", "name": "Pustu Petuk Bukit", "kind": "sub_unit",
                    "parent_code": "KLASTER", "region": kel})  # fmt: skip
    rows.append({"code": "KLASTER", "name": "Klaster 1", "kind": "sub_unit",
                 "parent_code": "PKM-RKP", "region": kel})  # fmt: skip
    outcome = services.commit(UNITS, ctx, table(UNITS, rows))
    assert outcome.counts()["new"] == 2 and outcome.counts()["changed"] == 1

    units = {u.code: u for u in OrgUnit.unscoped.filter(agency=world.agency_a)}
    disdik, dinkes, pkm = units["DISDIK"], units["DINKES"], units["PKM-RKP"]
    klaster, pustu = units["KLASTER"], units["PUSTU"]
    assert dinkes.path == f"{disdik.pk}/{dinkes.pk}/"
    assert pkm.path == f"{dinkes.path}{pkm.pk}/"
    assert pustu.path == f"{pkm.path}{klaster.pk}/{pustu.pk}/"
    assert {u.opd_id for u in (dinkes, pkm, klaster, pustu)} == {disdik.pk}
    assert pustu.district == world.district_a2
    # The subtree's new paths have history rows with the import's reason.
    assert pkm.history.first().path == pkm.path
    assert pkm.history.first().history_change_reason == ctx.reason
    # Employee scoping follows the path: the operator of Disdik now sees the puskesmas.
    assert OrgUnit.unscoped.filter(path__startswith=disdik.path).count() == 6


def test_units_unknown_parent_and_cycles_are_row_errors(world):
    admin = world.users["admin_a"]
    ctx = ctx_for(admin, world.agency_a)
    rows = [
        {"code": "A", "name": "A", "kind": "opd", "parent_code": "NOPE", "region": "62.71.01"},
        {"code": "X", "name": "X", "kind": "opd", "parent_code": "Y", "region": "62.71.01"},
        {"code": "Y", "name": "Y", "kind": "opd", "parent_code": "X", "region": "62.71.01"},
        {"code": "Z", "name": "Z", "kind": "opd", "parent_code": "Z", "region": "62.71.01"},
        # an existing unit moved under its own child
        {"code": "DINKES", "name": "Dinas Kesehatan", "parent_code": "PKM-RKP",
         "region": "62.71.01"},
        # a valid row under an invalid one
        {"code": "B", "name": "B", "kind": "sub_unit", "parent_code": "X", "region": "62.71.01"},
        {"code": "C", "name": "C", "kind": "opd", "region": "99.99", "attributes": "[1, 2]"},
        {"code": "D", "name": "D", "region": "62.71.01"},
    ]  # fmt: skip
    outcome = services.check(UNITS, ctx, table(UNITS, rows))
    by_row = {}
    for error in outcome.errors:
        by_row.setdefault(error.row, set()).add(error.code)
    assert by_row == {
        2: {"unit.parent_unknown"},
        3: {"unit.cycle"},
        4: {"unit.cycle"},
        5: {"unit.cycle"},
        6: {"unit.cycle"},
        7: {"unit.parent_invalid"},
        8: {"unit.region", "unit.attributes"},
        9: {"cell.required"},
    }
    messages = {e["row"]: e["message"] for e in outcome.error_dicts()}
    assert "NOPE" in messages[2]
    assert "DINKES → PKM-RKP → DINKES" in messages[6]
    with pytest.raises(services.ImportRefused):
        services.commit(UNITS, ctx, table(UNITS, rows))
    assert not OrgUnit.unscoped.filter(code__in=["A", "X", "Y", "Z", "B", "C", "D"]).exists()


def test_units_operator_may_not_change_units(world):
    operator = world.users["operator_dinkes_a"]
    ctx = ctx_for(operator, world.agency_a)
    rows = list(UNITS.export_rows(ctx))
    rows[0]["name"] = "Renamed"
    rows.append({"code": "NEW", "name": "New", "kind": "opd", "region": "62.71.01"})
    outcome = services.check(UNITS, ctx, table(UNITS, rows))
    assert codes(outcome) == {"unit.out_of_scope", "unit.add_denied"}


def test_units_full_snapshot_deactivates_missing_units(world):
    admin = world.users["admin_a"]
    ctx = ctx_for(admin, world.agency_a, full_snapshot=True)
    rows = [r for r in UNITS.export_rows(ctx) if r["code"] != "SDN1RKP"]
    outcome = services.commit(UNITS, ctx, table(UNITS, rows))
    assert outcome.counts()["deactivated"] == 1
    world.school.refresh_from_db()
    assert world.school.active is False
    assert world.school.history.first().history_change_reason == ctx.reason


def test_units_commit_twice_writes_nothing_the_second_time(world, empty):
    agency, admin_c = empty
    data = export(UNITS, ctx_for(world.users["admin_a"], world.agency_a))
    ctx = ctx_for(admin_c, agency)
    services.commit(UNITS, ctx, data)
    history = OrgUnit.history.count()
    outcome = services.commit(UNITS, ctx, data)
    assert outcome.counts()["unchanged"] == 4
    assert outcome.counts()["new"] == outcome.counts()["changed"] == 0
    assert OrgUnit.history.count() == history


# --------------------------------------------------------------------------- positions


def test_positions_round_trip_into_an_empty_agency(world, empty):
    Position.unscoped.filter(pk=world.nurse.pk).update(
        grade=8, education_requirement="D-III Keperawatan", retirement_age_override=60
    )
    build.position(
        world.agency_a, "Kepala Dinas", kind="jpt_pratama", jenjang="", family="manajerial"
    )
    admin = world.users["admin_a"]
    agency, admin_c = empty
    data = export(POSITIONS, ctx_for(admin, world.agency_a))
    outcome = services.check(POSITIONS, ctx_for(admin, world.agency_a), data)
    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts()["unchanged"] == 3

    ctx = ctx_for(admin_c, agency, "jabatan.xlsx")
    assert services.commit(POSITIONS, ctx, data).counts()["new"] == 3
    assert export(POSITIONS, ctx) == data
    created = Position.unscoped.get(agency=agency, code=world.nurse.code)
    assert (created.grade, created.retirement_age_override) == (8, 60)
    history = created.history.get()
    assert history.history_user == admin_c
    assert history.history_change_reason == "Impor: jabatan.xlsx"

    count = Position.history.count()
    assert services.commit(POSITIONS, ctx, data).counts()["unchanged"] == 3
    assert Position.history.count() == count


def test_positions_changed_row_and_validation(world):
    admin = world.users["admin_a"]
    ctx = ctx_for(admin, world.agency_a, "jabatan-ubah.xlsx")
    rows = list(POSITIONS.export_rows(ctx))
    nurse = next(r for r in rows if r["code"] == world.nurse.code)
    nurse["grade"] = 9
    nurse["jenjang"] = "ahli_muda"
    outcome = services.commit(POSITIONS, ctx, table(POSITIONS, rows))
    assert outcome.counts()["changed"] == 1 and outcome.counts()["unchanged"] == 1
    world.nurse.refresh_from_db()
    assert (world.nurse.grade, world.nurse.jenjang) == (9, "ahli_muda")
    latest = world.nurse.history.first()
    assert (latest.history_user, latest.history_change_reason) == (admin, ctx.reason)

    bad = [
        {"code": "X1", "name": "Kepala Bidang", "kind": "administrator", "jenjang": "ahli_muda",
         "family": "manajerial"},
        {"code": "X2", "name": "Analis", "kind": "fungsional", "family": "administrasi"},
        {"code": "X3", "name": "Analis", "kind": "fungsional", "jenjang": "ahli_muda"},
    ]  # fmt: skip
    outcome = services.check(POSITIONS, ctx, table(POSITIONS, bad))
    assert codes(outcome) == {
        "position.jenjang_not_functional", "position.jenjang_required", "cell.required",
    }  # fmt: skip
    # Kelas jabatan 18 and BUP 80 are refused when the cells are typed.
    data = table(POSITIONS, [{**nurse, "grade": 18, "retirement_age_override": 80}])
    assert codes(services.check(POSITIONS, ctx, data)) == {"number.range"}


# --------------------------------------------------------------------------- regions


def _regions() -> None:
    prov = build.region("62", "Kalimantan Tengah")
    Region.objects.filter(pk=prov.pk).update(area_km2=Decimal("153430.363"))
    city = build.region("62.71", "Kota Palangkaraya", parent=prov)
    Region.objects.filter(pk=city.pk).update(
        area_km2=Decimal("2848.699"), area_source="BIG 2024", latitude=-2.091141,
        longitude=113.815937,
    )  # fmt: skip
    kec = build.region("62.71.05", "Rakumpit", parent=city)
    Region.objects.filter(pk=kec.pk).update(remoteness="terpencil", latitude=-1.75)
    build.region("62.71.05.1001", "Petuk Bukit", parent=kec)
    build.region("63", "Kalimantan Selatan")
    RegionPopulation.objects.create(
        region=city, year=2024, population=315153, male=159809, female=155344,
        source="Dukcapil Semester II 2024",
    )  # fmt: skip
    RegionPopulation.objects.create(
        region=kec, year=2024, population=7000, source="Perkiraan", is_estimate=True
    )


def _delete_regions() -> None:
    RegionPopulation.objects.all().delete()
    for depth in (3, 2, 1, 0):
        Region.objects.filter(code__regex=r"^\d{2}" + r"\.\d+" * depth + "$").delete()
    assert not Region.objects.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_regions_and_population_round_trip_into_an_empty_database(superuser, fmt):
    _regions()
    ctx = ctx_for(superuser, filename=f"wilayah.{fmt}")
    regions, population = export(REGIONS, ctx, fmt), export(POPULATION, ctx, fmt)
    for kind, data, count in ((REGIONS, regions, 5), (POPULATION, population, 2)):
        outcome = services.check(kind, ctx, data)
        assert outcome.ok, outcome.error_dicts()
        assert outcome.counts()["unchanged"] == count
    _delete_regions()

    assert services.commit(REGIONS, ctx, regions).counts()["new"] == 5
    assert services.commit(POPULATION, ctx, population).counts()["new"] == 2
    assert export(REGIONS, ctx, fmt) == regions
    assert export(POPULATION, ctx, fmt) == population
    village = Region.objects.get(code="62.71.05.1001")
    assert (village.level, village.parent.code) == ("desa_kelurahan", "62.71.05")
    # Twice: nothing changes the second time.
    history = _history_count()
    assert services.commit(REGIONS, ctx, regions).counts()["unchanged"] == 5
    assert services.commit(POPULATION, ctx, population).counts()["unchanged"] == 2
    assert _history_count() == history


def _history_count() -> int:
    return sum(m.history.count() for m in (Region, RegionPopulation) if hasattr(m, "history"))


@pytest.mark.skipif(not hasattr(Region, "history"), reason="regions keep no history")
def test_region_and_population_changes_are_written_with_history(world):
    admin = world.users["admin_a"]
    ctx = ctx_for(admin, filename="wilayah-ubah.xlsx")
    rows = [{"code": "62.71.05", "name": "Rakumpit", "remoteness": "terpencil"}]
    assert services.commit(REGIONS, ctx, table(REGIONS, rows)).counts()["changed"] == 1
    latest = Region.objects.get(code="62.71.05").history.first()
    assert (latest.remoteness, latest.history_type) == ("terpencil", "~")
    assert (latest.history_user, latest.history_change_reason) == (admin, ctx.reason)
    rows = [{"code": "62.71.05", "year": 2024, "population": 9, "source": "Dukcapil"}]
    assert services.commit(POPULATION, ctx, table(POPULATION, rows)).counts()["new"] == 1
    latest = RegionPopulation.history.get()
    assert (latest.history_user, latest.history_change_reason) == (admin, ctx.reason)


def test_regions_level_and_parent_follow_the_code(superuser):
    _regions()
    ctx = ctx_for(superuser)
    rows = [
        {"code": "62.71.06", "name": "Baru", "level": "provinsi"},
        {"code": "62.71.07", "name": "Baru", "parent_code": "62.72"},
        {"code": "6271", "name": "Salah"},
        {"code": "64.01", "name": "Tanpa induk"},
        {"code": "62.71.05.1002", "name": "Kelurahan baru"},  # level and parent derived
        {"code": "62.71.08", "name": "Kecamatan baru", "latitude": Decimal("95")},
    ]
    outcome = services.check(REGIONS, ctx, table(REGIONS, rows))
    assert {(e.row, e.code) for e in outcome.errors} == {
        (2, "region.level"), (3, "region.parent"), (4, "region.code"),
        (5, "region.parent_unknown"), (7, "number.range"),
    }  # fmt: skip
    assert outcome.plan.diff.new == ["62.71.05.1002"]


def test_regions_outside_the_admins_agency_are_refused(world):
    admin = world.users["admin_a"]  # Kota Palangka Raya, 62.71
    ctx = ctx_for(admin)
    rows = list(REGIONS.export_rows(ctx))  # every region: public data
    assert services.check(REGIONS, ctx, table(REGIONS, rows)).ok
    for row in rows:
        if row["code"] == "63.72.02":
            row["name"] = "Landasan Ulin (diubah)"
        if row["code"] == "62.71.05":
            row["remoteness"] = "sangat_terpencil"
        if row["code"] == "62":  # the province holds the city: still outside it
            row["area_km2"] = Decimal("1")
    rows += [
        {"code": "62.71.05.1002", "name": "Kelurahan baru"},
        {"code": "63.72.03", "name": "Kecamatan lain"},
    ]
    outcome = services.check(REGIONS, ctx, table(REGIONS, rows))
    refused = sorted(e.row for e in outcome.errors if e.code == "region.scope")
    assert len(refused) == 3 and len(outcome.errors) == 3
    assert "62.71" in outcome.error_dicts()[0]["message"]
    assert sorted(outcome.plan.diff.new) == ["62.71.05.1002"]
    assert list(outcome.plan.diff.changed) == ["62.71.05"]
    # An OPD operator may change no region at all.
    operator = world.users["operator_dinkes_a"]
    rows = [{"code": "62.71.05.1003", "name": "Kelurahan lain"}]
    outcome = services.check(REGIONS, ctx_for(operator), table(REGIONS, rows))
    assert codes(outcome) == {"region.scope"}


def test_population_male_and_female_must_add_up(world):
    admin = world.users["admin_a"]
    rows = [
        {"code": "62.71.05", "year": 2024, "population": 100, "male": 60, "female": 50,
         "source": "Dukcapil"},
        {"code": "62.71.01", "year": 2024, "population": 100, "male": 150, "source": "Dukcapil"},
        {"code": "62.71.01", "year": 2023, "population": 100},
        {"code": "62.99", "year": 2024, "population": 100, "source": "Dukcapil"},
        {"code": "63.72", "year": 2024, "population": 100, "source": "Dukcapil"},
        {"code": "62.71", "year": 2024, "population": 100, "male": 40, "female": 60,
         "source": "Dukcapil", "is_estimate": True},
    ]  # fmt: skip
    outcome = services.check(POPULATION, ctx_for(admin), table(POPULATION, rows))
    assert {(e.row, e.code) for e in outcome.errors} == {
        (2, "population.sum"), (3, "population.part"), (4, "cell.required"),
        (5, "population.region"), (6, "region.scope"),
    }  # fmt: skip
    assert outcome.plan.diff.new == [("62.71", 2024)]


# --------------------------------------------------------------------------- boundaries


def _districts(world) -> None:
    city = world.agency_a.region
    for code, name in (("62.71.02", "Bukit Batu"), ("62.71.03", "Jekan Raya"),
                       ("62.71.04", "Sabangau")):  # fmt: skip
        build.region(code, name, parent=city)
    Region.objects.filter(code="62.71.01").update(latitude=-2.2, longitude=113.9)


def test_boundaries_attach_to_the_five_districts(world):
    _districts(world)
    admin = world.users["admin_a"]
    data = BOUNDARIES.read_bytes()
    ctx = ctx_for(admin, filename="kecamatan_62.71.geojson")
    outcome = services.check(BOUNDARY, ctx, data)
    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts()["changed"] == 5 and outcome.counts()["rows"] == 5

    services.commit(BOUNDARY, ctx, data)
    source = {feature["properties"]["code"]: feature for feature in json.loads(data)["features"]}
    centroids = {b.code: b.centroid for b in read_boundaries(data, "kecamatan.geojson")}
    regions = Region.objects.filter(code__in=source).order_by("code")
    assert regions.count() == 5
    for region in regions:
        assert region.boundary["type"] == source[region.code]["geometry"]["type"]
        assert region.boundary["coordinates"] == source[region.code]["geometry"]["coordinates"]
        if region.code == "62.71.01":  # already placed: kept
            assert (region.latitude, region.longitude) == (-2.2, 113.9)
        else:
            lon, lat = centroids[region.code]
            assert region.latitude == pytest.approx(lat, abs=1e-6)
            assert region.longitude == pytest.approx(lon, abs=1e-6)

    # Twice: the second commit finds everything unchanged and writes nothing.
    history = _history_count()
    assert services.commit(BOUNDARY, ctx, data).counts()["unchanged"] == 5
    assert _history_count() == history

    exported = BOUNDARY.export_bytes(ctx)
    assert [b.code for b in read_boundaries(exported, "export.geojson")] == sorted(source)
    assert json.loads(exported)["features"][0]["properties"] == {
        "code": "62.71.01", "name": "Pahandut",
    }  # fmt: skip
    outcome = services.check(BOUNDARY, ctx_for(admin, filename="export.geojson"), exported)
    assert outcome.counts()["unchanged"] == 5
    assert BOUNDARY.export_bytes(ctx) == exported


def test_boundaries_unknown_region_other_agency_and_bad_files(world):
    _districts(world)
    collection = json.loads(BOUNDARIES.read_bytes())
    collection["features"][1]["properties"]["code"] = "62.71.09"
    data = json.dumps(collection).encode()
    outcome = services.check(BOUNDARY, ctx_for(world.users["admin_a"], filename="b.geojson"), data)
    assert {(e.row, e.code) for e in outcome.errors} == {(2, "boundary.region")}
    assert "62.71.09" in outcome.error_dicts()[0]["message"]

    outcome = services.check(BOUNDARY, ctx_for(world.users["admin_b"], filename="b.json"), data)
    assert codes(outcome) == {"boundary.region", "region.scope"}

    outcome = services.check(BOUNDARY, ctx_for(world.users["admin_a"], filename="b.geojson"), b"{")
    assert outcome.file_errors and not outcome.ok
    with pytest.raises(services.ImportRefused):
        services.commit(BOUNDARY, ctx_for(world.users["admin_a"], filename="b.shp"), data)


def test_boundary_error_messages_fill_their_placeholders():
    message = boundary_error_message(
        "feature.geometry", {"index": 2, "code": "62.71.03", "reason": "ring_open"}
    )
    assert "3" in message and "62.71.03" in message and "{" not in message
    message = boundary_error_message("feature.duplicate_code", {"code": "62.71", "indexes": [0, 4]})
    assert "62.71" in message and "1, 5" in message
    assert "{" not in boundary_error_message("file.corrupt", {"reason": "json"})
