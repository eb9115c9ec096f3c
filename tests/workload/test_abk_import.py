"""Uploading ABK workbooks of every common layout: preview, the norm's unit, confirm."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from formasi.domain import abk
from formasi.workload import abk_import
from formasi.workload.abk_import import AbkWorkbookError, read_abk_tasks
from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.personas import World
from tests.workload.builders import LAYOUTS, WORK, kemenpan_rows, period_rows, xlsx

# The work of WORK counted by hand (DOMAIN §1.3: 235 effective days a year, five-day week, so
# 47 weeks; 12 months; 1,250 jam = 75,000 menit effective):
#   Asuhan keperawatan   5 a day   × 235 = 1,175 × 30 min = 35,250
#   Penyuluhan           2 a week  ×  47 =    94 × 45 min =  4,230
#   Pelaporan bulanan    3 a month ×  12 =    36 × 90 min =  3,240
#   Rekap tahunan        4 a year  ×   1 =     4 × 120 min =   480
#                                                    total = 43,200 menit a year
EXPECTED_MINUTES = 35_250 + 4_230 + 3_240 + 480
EXPECTED_NEED = EXPECTED_MINUTES / 75_000  # 0.576 of a person


def _upload_url(world: World) -> str:
    return reverse("workload:abk_upload", args=[world.puskesmas.pk, world.nurse_position.pk])


def _post_file(client: Any, url: str, data: bytes, name: str = "abk.xlsx") -> Any:
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def _confirm(client: Any, token: str, **extra: str) -> Any:
    return client.post(
        reverse("workload:abk_import_confirm"), {"token": token, "action": "save", **extra}
    )


def _nothing_written() -> bool:
    return not PositionNeed.unscoped.exists()


# ------------------------------------------------------------------- same work, same need


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_gives_the_same_need_for_the_same_work(layout: str) -> None:
    data = xlsx({"ABK": LAYOUTS[layout]()})
    tasks = read_abk_tasks(data, "abk.xlsx", max_bytes=10**7)
    need = abk.required_staff(abk.Task(float(t["volume"]), float(t["norm_minutes"])) for t in tasks)
    assert need == pytest.approx(EXPECTED_NEED)
    assert [t["description"] for t in tasks] == [w[0] for w in WORK]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_upload_preview_confirm_saves_that_need(world: World, client_for: Any, layout: str) -> None:
    client = client_for("operator_dinkes_a")
    response = _post_file(client, _upload_url(world), xlsx({"ABK": LAYOUTS[layout]()}))
    assert response.status_code == 200 and response.context["stage"] == "preview"
    assert _nothing_written()  # the preview writes nothing
    [shown] = response.context["shown"]
    assert shown["result"].exact == pytest.approx(EXPECTED_NEED)
    assert f'data-testid="preview-need-{world.nurse_position.pk}"' in response.content.decode()
    response = _confirm(client, response.context["token"])
    assert response.status_code == 302
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    assert float(need.exact) == pytest.approx(EXPECTED_NEED, abs=1e-4) and need.count == 1
    assert need.history.latest().history_change_reason == "Impor workbook ABK: abk.xlsx"


def test_the_period_factors_follow_the_agency_settings(world: World, client_for: Any) -> None:
    build_settings = {"effective_days": 287, "working_days_per_week": 6}  # a six-day week
    from formasi.workload.models import WorkloadSettings

    WorkloadSettings.objects.create(agency=world.puskesmas.agency, **build_settings)
    work = [("Jaga", "shift", 1, "week", 60)]
    response = _post_file(
        client_for("admin_a"), _upload_url(world), xlsx({"ABK": period_rows(work)})
    )
    [shown] = response.context["shown"]
    # 1 a week × (287 ÷ 6) weeks × 60 min ÷ 75,000
    assert shown["result"].exact == pytest.approx(287 / 6 * 60 / 75_000, rel=1e-3)


def test_a_different_waktu_efektif_in_the_file_is_a_warning(world: World, client_for: Any) -> None:
    client = client_for("operator_dinkes_a")
    stated = kemenpan_rows()
    shown = _post_file(client, _upload_url(world), xlsx({"ABK": stated})).context["shown"]
    assert shown[0]["warning"] == ""  # 1,250 jam: the agency's own
    for row in stated[6:10]:
        row[5] = 1200  # Perka BKN 19/2011
    response = _post_file(client, _upload_url(world), xlsx({"ABK": stated}))
    [shown] = response.context["shown"]
    assert "1200 Waktu Efektif" in shown["warning"] and "75000" in shown["warning"]
    assert shown["result"].exact == pytest.approx(EXPECTED_NEED)  # still the agency's WKE
    assert f'data-testid="preview-warning-{world.nurse_position.pk}"' in response.content.decode()


# ------------------------------------------------------------------ minutes or hours


def _bare_norm(rows: list[list[Any]]) -> list[list[Any]]:
    """The KemenPAN-RB sheet with its time column headed just "Waktu Penyelesaian"."""
    return [
        ["Waktu Penyelesaian" if c == "Waktu Penyelesaian (Jam)" else c for c in row]
        for row in rows
    ]


@override_settings(LANGUAGE_CODE="id")
def test_hours_or_minutes_undecidable_is_asked_and_never_guessed(
    world: World, client_for: Any
) -> None:
    client = client_for("operator_dinkes_a")
    data = xlsx({"ABK": _bare_norm(kemenpan_rows())})
    response = _post_file(client, _upload_url(world), data)
    assert response.status_code == 200 and response.context["stage"] == "mapping"
    assert 'data-testid="mapping-message"' in response.content.decode()
    token = response.context["token"]
    # Confirming without an answer: a clear Indonesian message, nothing written.
    refused = client.post(
        reverse("workload:abk_import_confirm"),
        {"token": token, "action": "save"},
        headers={"accept-language": "id"},
    )
    assert refused.status_code == 400 and _nothing_written()
    [message] = refused.context["errors"]
    assert "Kolom waktu “Waktu Penyelesaian” (lembar “ABK”) tidak menyebutkan" in message
    # The answer "hours" gives the need of the work.
    preview = client.post(
        reverse("workload:abk_import_confirm"),
        {"token": token, "action": "preview", "time_unit": "hours"},
    )
    assert preview.context["stage"] == "preview" and _nothing_written()
    assert preview.context["shown"][0]["result"].exact == pytest.approx(EXPECTED_NEED)
    assert _confirm(client, token, time_unit="hours").status_code == 302
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    assert float(need.exact) == pytest.approx(EXPECTED_NEED, abs=1e-4)


def test_the_reader_refuses_an_undecidable_unit() -> None:
    data = xlsx({"ABK": _bare_norm(kemenpan_rows())})
    with translation.override("en"), pytest.raises(AbkWorkbookError) as info:
        read_abk_tasks(data, "abk.xlsx", max_bytes=10**7)
    assert "does not say whether the norm is in minutes or hours" in info.value.errors[0]
    minutes = read_abk_tasks(data, "abk.xlsx", max_bytes=10**7, unit="minutes")
    hours = read_abk_tasks(data, "abk.xlsx", max_bytes=10**7, unit="hours")
    assert [h["norm_minutes"] for h in hours] == [m["norm_minutes"] * 60 for m in minutes]


def test_the_header_unit_wins_over_an_answer() -> None:
    data = xlsx({"ABK": kemenpan_rows()})  # "(Jam)" in the header
    tasks = read_abk_tasks(data, "abk.xlsx", max_bytes=10**7, unit="minutes")
    assert tasks[0]["norm_minutes"] == Decimal("30.00")


# ------------------------------------------------------------------------ bad files


def _errors(data: bytes) -> list[str]:
    with translation.override("en"), pytest.raises(AbkWorkbookError) as info:
        read_abk_tasks(data, "abk.xlsx", max_bytes=10**7)
    return info.value.errors


def test_a_non_numeric_volume_is_named() -> None:
    rows = period_rows()
    rows[5][3] = "lima"
    assert _errors(xlsx({"ABK": rows})) == [
        "Sheet “ABK”: Row 6, column “Volume”: “lima” is not a number (write e.g. 1.250,5)."
    ]


def test_an_unknown_period_is_named() -> None:
    rows = period_rows()
    rows[5][4] = "Semester"
    [error] = _errors(xlsx({"ABK": rows}))
    assert "“Semester” is not a period" in error and "row 6" in error


def test_an_unknown_sheet_in_a_unit_workbook_writes_nothing(world: World, client_for: Any) -> None:
    data = xlsx(
        {
            world.nurse_position.name: kemenpan_rows(),
            "Penjaga Menara": kemenpan_rows(),
        }
    )
    url = reverse("workload:abk_unit_upload", args=[world.puskesmas.pk])
    with translation.override("en"):
        response = _post_file(client_for("admin_a"), url, data)
    assert response.status_code == 400 and _nothing_written()
    [error] = response.context["errors"]
    assert error.startswith("Lembar “Penjaga Menara”: “Penjaga Menara” bukan jabatan di")
    assert world.nurse_position.name in error


def test_a_unit_workbook_saves_one_position_per_sheet(world: World, client_for: Any) -> None:
    clerk = build.position(world.puskesmas.agency, "Pengadministrasi Umum")
    data = xlsx(
        {
            "Form A 1": kemenpan_rows(position=world.nurse_position.name),  # the named cell
            clerk.code: period_rows(WORK[:2]),  # the sheet named by the position's code
            "Form D": [["No", "Nama jabatan", "EJ"], [1, "x", 1]],  # not a task sheet
        }
    )
    client = client_for("operator_dinkes_a")
    url = reverse("workload:abk_unit_upload", args=[world.puskesmas.pk])
    assert client.get(url).status_code == 200
    response = _post_file(client, url, data)
    assert response.status_code == 200, response.context.get("errors")
    assert [s["position"] for s in response.context["shown"]] == [world.nurse_position, clerk]
    assert _confirm(client, response.context["token"]).status_code == 302
    needs = {n.position_id: n for n in PositionNeed.unscoped.filter(unit=world.puskesmas)}
    assert float(needs[world.nurse_position.pk].exact) == pytest.approx(EXPECTED_NEED, abs=1e-4)
    assert needs[clerk.pk].tasks.count() == 2


# ---------------------------------------------------------------------------- the token


def _token(world: World, client_for: Any) -> str:
    response = _post_file(
        client_for("operator_dinkes_a"), _upload_url(world), xlsx({"ABK": kemenpan_rows()})
    )
    return str(response.context["token"])


def test_a_forged_token_is_refused(world: World, client_for: Any) -> None:
    token = _token(world, client_for)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert _confirm(client_for("operator_dinkes_a"), forged).status_code == 400
    payload = signing.loads(token, salt=abk_import.TOKEN_SALT)
    payload["sheets"][0]["tasks"][0]["volume"] = "99999"
    unsigned = signing.dumps(payload, salt="another", compress=True)
    assert _confirm(client_for("operator_dinkes_a"), unsigned).status_code == 400
    assert _nothing_written()


def test_another_users_token_is_refused(world: World, client_for: Any) -> None:
    token = _token(world, client_for)
    assert _confirm(client_for("admin_a"), token).status_code == 400
    assert _confirm(client_for("admin_b"), token).status_code == 400
    assert _confirm(client_for("evaluator_a"), token).status_code == 403
    assert _nothing_written()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin_a", 200),
        ("operator_dinkes_a", 200),
        ("operator_other_opd_a", 404),
        ("evaluator_a", 403),
        ("leader_a", 403),
        ("admin_b", 404),
        ("anonymous", 302),
    ],
)
def test_the_unit_upload_per_role(world: World, client_for: Any, persona: str, status: int) -> None:
    url = reverse("workload:abk_unit_upload", args=[world.puskesmas.pk])
    data = xlsx({world.nurse_position.name: kemenpan_rows()})
    response = _post_file(client_for(persona), url, data)
    assert response.status_code == status
    assert _nothing_written()
