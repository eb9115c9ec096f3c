"""Employee rules shared by the form, the API and importers (DOMAIN.md §5)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from formasi.workforce.models import Employee
from formasi.workforce.services import save_employee
from formasi.workforce.validation import EmployeeInput, validate_employee
from tests import builders as build

TODAY = date(2026, 11, 23)
# Perka BKN 22/2007 explainer: Amir, born 1 Aug 1966, CPNS March 1988, male, sequence 001.
AMIR_NIP = "19660801 198803 1 001"


def pns(**changes: object) -> EmployeeInput:
    fields: dict[str, object] = {
        "status": "pns",
        "nip": AMIR_NIP,
        "nik": "",
        "birth_date": date(1966, 8, 1),
        "sex": "M",
    }
    fields.update(changes)
    return EmployeeInput(**fields)  # type: ignore[arg-type]


def test_a_consistent_pns_is_valid() -> None:
    assert validate_employee(pns(), today=TODAY) == {}


def test_nip_birth_date_must_agree_with_the_record() -> None:
    errors = validate_employee(pns(birth_date=date(1966, 8, 2)), today=TODAY)
    assert list(errors) == ["nip"]
    assert "01-08-1966" in errors["nip"][0] and "02-08-1966" in errors["nip"][0]


def test_nip_sex_digit_must_agree_with_the_record() -> None:
    errors = validate_employee(pns(sex="F"), today=TODAY)
    assert list(errors) == ["nip"]
    assert "15" in errors["nip"][0]


@pytest.mark.parametrize(
    ("nip", "digits"),
    [
        ("19660801 198803 1 000", "16–18"),  # sequence
        ("19660801 198803 3 001", "15"),  # sex digit
        ("19661301 198803 1 001", "1–8"),  # birth month 13
        ("19660801 198813 1 001", "9–14"),  # TMT month 13
        ("19660801 197803 1 001", "9–14"),  # CPNS at 11 years old
        ("1966080119880310", "18"),  # length
        ("19660801-198803-1-00A", "NIP"),  # a letter
    ],
)
def test_each_bad_nip_part_is_named(nip: str, digits: str) -> None:
    errors = validate_employee(pns(nip=nip), today=TODAY)
    assert digits in errors["nip"][0]


def test_messages_are_indonesian_by_default() -> None:
    with translation.override("id"):
        message = validate_employee(pns(nip="19660801 198803 3 001"), today=TODAY)["nip"][0]
    with translation.override("en"):
        english = validate_employee(pns(nip="19660801 198803 3 001"), today=TODAY)["nip"][0]
    assert message != english  # translated, and still naming the digit and the identifier
    assert "15" in message and "NIP" in message


def test_pns_needs_a_nip_and_non_asn_has_none() -> None:
    assert "nip" in validate_employee(pns(nip=""), today=TODAY)
    non_asn = pns(status="non_asn")
    assert "nip" in validate_employee(non_asn, today=TODAY)
    assert validate_employee(pns(status="non_asn", nip=None), today=TODAY) == {}


def test_pppk_number_starts_with_the_birth_date() -> None:
    good = pns(status="pppk", nip="196608012023211001")
    assert validate_employee(good, today=TODAY) == {}
    bad = pns(status="pppk", nip="196608022023211001")
    assert "nip" in validate_employee(bad, today=TODAY)


def test_contract_end_only_for_pppk() -> None:
    errors = validate_employee(pns(contract_end=date(2027, 1, 1)), today=TODAY)
    assert "contract_end" in errors


def test_birth_date_in_the_future_is_refused() -> None:
    errors = validate_employee(
        pns(status="non_asn", nip=None, birth_date=date(2027, 1, 1)), today=TODAY
    )
    assert "birth_date" in errors


def test_nik_must_agree_with_birth_date_and_sex() -> None:
    man = "6271011708800001"  # 17-08-1980, male
    assert (
        validate_employee(
            pns(status="non_asn", nip=None, nik=man, birth_date=date(1980, 8, 17)), today=TODAY
        )
        == {}
    )
    errors = validate_employee(
        pns(status="non_asn", nip=None, nik=man, birth_date=date(1980, 8, 17), sex="F"),
        today=TODAY,
    )
    assert "nik" in errors
    woman = "6271015708800001"  # day 17 + 40
    assert (
        validate_employee(
            pns(status="non_asn", nip=None, nik=woman, birth_date=date(1980, 8, 17), sex="F"),
            today=TODAY,
        )
        == {}
    )


@given(
    nip=st.text(max_size=30),
    nik=st.text(max_size=30),
    status=st.sampled_from(Employee.Status.values),
)
def test_any_typed_identifiers_give_messages_never_exceptions(
    nip: str, nik: str, status: str
) -> None:
    errors = validate_employee(pns(nip=nip, nik=nik, status=status), today=TODAY)
    assert all(isinstance(m, str) and m for msgs in errors.values() for m in msgs)


@pytest.mark.django_db
def test_bad_data_saves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    before = Employee.unscoped.count()
    employee = Employee(
        agency=world.agency_a,
        unit=world.dinkes,
        position=world.nurse_position,
        name="Rina",
        status="pns",
        sex="F",
        birth_date=date(1990, 1, 2),
        nip=build.nip_for(date(1990, 1, 3), "F"),
    )
    with pytest.raises(ValidationError) as excinfo:
        save_employee(employee=employee, actor=world.users["admin_a"])
    assert "nip" in excinfo.value.message_dict
    assert Employee.unscoped.count() == before
    assert employee.pk is None


@pytest.mark.django_db
def test_save_records_history_with_the_actor(world) -> None:  # type: ignore[no-untyped-def]
    admin = world.users["admin_a"]
    employee = world.employee_dinkes
    employee.golongan = "III/b"
    save_employee(employee=employee, actor=admin, reason="kenaikan pangkat")
    latest = employee.history.latest()
    assert latest.history_user == admin
    assert latest.history_change_reason == "kenaikan pangkat"
    assert latest.golongan == "III/b"
