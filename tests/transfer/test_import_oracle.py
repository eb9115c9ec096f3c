"""Issue 13, finding 2: an import preview must not tell a user whether an identifier (NIP or
NIK) belongs to an employee they may not see, nor confirm a guessed NIK.

For an OPD operator a row of an employee outside their units (or of another agency, or keyed
by a NIK) gets exactly the preview of a row whose identifier nobody has; a commit of such a
row writes nothing and names no row. Only the agency's admin is told about another agency's
NIP (tests/transfer/test_employees_import.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from formasi.transfer import services
from formasi.workforce.models import Employee
from tests import builders as build
from tests.transfer.builders import (
    KIND,
    ctx_for,
    exported_rows,
    file_of,
    new_employee_row,
    snapshot,
)

pytestmark = pytest.mark.django_db


def _answer(user: Any, agency: Any, row: dict[str, object]) -> tuple[object, ...]:
    """Everything the preview page shows about a one-row file."""
    outcome = services.check(KIND, ctx_for(user, agency), file_of([row]))
    return outcome.counts(), outcome.error_dicts(), outcome.file_errors


def _as(template: dict[str, object], person: Employee, nip: str | None) -> dict[str, object]:
    """A row for ``person``'s birth date and sex in the template's unit and position."""
    row = new_employee_row(template, person.birth_date, person.sex, "Calon Pegawai")
    return {**row, "nip": nip, "nik": person.nik, "tmt_cpns": None}


def _unknown_nip(person: Employee) -> str:
    """A NIP of the person's birth date and sex that nobody has. The builders number NIPs with
    a counter that runs across the whole test session, so a fixed sequence number can be taken."""
    for seq in range(987, 999):
        nip = build.nip_for(person.birth_date, person.sex, seq=seq)
        if not Employee.unscoped.filter(nip=nip).exists():
            return nip
    raise AssertionError("no free NIP sequence number for this birth date")


@pytest.mark.parametrize("whose", ["employee_disdik", "employee_b"])
def test_an_operator_gets_the_same_preview_for_a_hidden_nip_as_for_an_unknown_one(
    world: Any, whose: str
) -> None:
    operator = world.users["operator_dinkes_a"]
    template = exported_rows(operator, world.agency_a)[0]  # a unit the operator may change
    hidden = getattr(world, whose)  # another OPD of the agency, or another agency

    existing = _answer(operator, world.agency_a, _as(template, hidden, hidden.nip))
    unknown = _answer(operator, world.agency_a, _as(template, hidden, _unknown_nip(hidden)))

    assert existing == unknown
    assert existing[0]["new"] == 1 and existing[0]["invalid"] == 0


def test_an_operator_gets_the_same_preview_for_a_hidden_nik_as_for_an_unknown_one(
    world: Any,
) -> None:
    operator = world.users["operator_dinkes_a"]
    template = exported_rows(operator, world.agency_a)[0]
    born = date(1979, 6, 12)
    honorer = build.employee(
        world.disdik, world.employee_disdik.position, "Rudi Hartono", status="non_asn",
        birth=born, nik=build.nik_for(born, "M", seq=4321),
    )  # fmt: skip
    row = {**_as(template, honorer, None), "status": "non_asn"}

    existing = _answer(operator, world.agency_a, row)
    unknown = _answer(operator, world.agency_a, {**row, "nik": build.nik_for(born, "M", seq=4322)})

    assert existing == unknown
    assert existing[0]["new"] == 1 and existing[0]["invalid"] == 0


def test_a_commit_of_a_hidden_employee_writes_nothing_and_names_no_row(world: Any) -> None:
    operator = world.users["operator_dinkes_a"]
    rows = exported_rows(operator, world.agency_a)
    hidden = world.employee_disdik
    rows.append(_as(rows[0], hidden, hidden.nip))
    before = snapshot()

    with pytest.raises(services.ImportRefused) as refused:
        services.commit(KIND, ctx_for(operator, world.agency_a), file_of(rows))

    errors = refused.value.outcome.errors
    assert [(e.row, e.code) for e in errors] == [(0, "employee.hidden")]
    assert snapshot() == before


def test_an_operator_cannot_confirm_a_guessed_nik_of_an_employee_they_see(world: Any) -> None:
    """The operator sees Siti's NIP, birth date and sex but not her NIK: a file with a
    guessed NIK must get the same answer whether the guess is right or wrong."""
    operator = world.users["operator_dinkes_a"]
    siti = world.employee_dinkes
    row = next(r for r in exported_rows(operator, world.agency_a) if r["nip"] == siti.nip)
    wrong = build.nik_for(siti.birth_date, siti.sex, seq=int(siti.nik[-4:]) % 9999 + 1)
    assert wrong != siti.nik

    right_answer = _answer(operator, world.agency_a, {**row, "nik": siti.nik})
    wrong_answer = _answer(operator, world.agency_a, {**row, "nik": wrong})

    assert right_answer == wrong_answer
    services.commit(KIND, ctx_for(operator, world.agency_a), file_of([{**row, "nik": wrong}]))
    siti.refresh_from_db()
    assert siti.nik == world.employee_dinkes.nik  # not the operator's to change
