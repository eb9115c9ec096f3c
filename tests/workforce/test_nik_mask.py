"""Issue 13, finding 2: whoever may not see a NIK sees no digit of it, anywhere.

The NIK is region (6 digits, from the origin or domicile region) + birth date with sex (6
digits, in the NIP) + a 4-digit sequence. Any digit shown narrows the sequence; the old mask
(digits 1-6 and 15-16) left 100 candidates and guessing recovered every demo NIK.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from formasi.domain.identifiers import mask_nik
from tests.personas import World

pytestmark = pytest.mark.django_db
READERS = ["operator_dinkes_a", "evaluator_a", "leader_a"]


@given(
    region=st.from_regex(
        r"[1-9][0-9](0[1-9]|[1-6][0-9]|7[1-9])(0[1-9]|[1-9][0-9])", fullmatch=True
    ),
    born=st.from_regex(
        r"(0[1-9]|[12][0-9]|4[1-9]|[56][0-9])(0[1-9]|1[0-2])[0-9]{2}", fullmatch=True
    ),
    sequence=st.integers(1, 9999),
)
def test_every_sequence_stays_possible_given_region_birth_date_and_mask(
    region: str, born: str, sequence: int
) -> None:
    """Knowing the region and birth date (from what non-admins see) and the mask, every one
    of the 9,999 sequence numbers is still possible: the mask tells nothing about the NIK."""
    nik = f"{region}{born}{sequence:04d}"
    shown = mask_nik(nik)
    candidates = [f"{region}{born}{s:04d}" for s in range(1, 10_000)]
    assert sum(mask_nik(c) == shown for c in candidates) == 9999
    assert not re.search(r"\d", shown)


def _digits_free(value: object) -> bool:
    return not re.search(r"\d", str(value or ""))


@pytest.mark.parametrize("persona", READERS)
def test_no_nik_digit_in_the_api(world: World, client_for: Any, persona: str) -> None:
    client = client_for(persona)
    page = json.loads(client.get("/api/v1/employees").content)
    assert page["results"]
    assert all(_digits_free(e["nik"]) for e in page["results"])
    one = json.loads(client.get(f"/api/v1/employees/{world.employee_dinkes.pk}").content)
    assert one["nik"] and _digits_free(one["nik"])


@pytest.mark.parametrize("persona", READERS)
def test_no_nik_digit_on_the_employee_page(world: World, client_for: Any, persona: str) -> None:
    url = reverse("workforce:employee_detail", args=[world.employee_dinkes.pk])
    html = client_for(persona).get(url).content.decode()
    cell = re.search(r">NIK</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    assert cell is not None and _digits_free(cell.group(1))


@pytest.mark.parametrize("persona", READERS)
def test_no_nik_digit_in_either_employee_export(
    world: World, client_for: Any, persona: str
) -> None:
    client = client_for(persona)
    response = client.get(reverse("workforce:employee_export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1 and all(_digits_free(r[1]) for r in rows[1:])
    data = client.get(reverse("transfer:export", args=["employees", "xlsx"])).content
    sheet = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    column = sheet[0].index("NIK")
    assert len(sheet) > 1 and all(_digits_free(r[column]) for r in sheet[1:])


def test_the_admin_still_sees_the_whole_nik(world: World, client_for: Any) -> None:
    one = client_for("admin_a").get(f"/api/v1/employees/{world.employee_dinkes.pk}")
    assert json.loads(one.content)["nik"] == world.employee_dinkes.nik
