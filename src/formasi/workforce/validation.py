"""Employee validation, written once and used by the form, the API and importers.

The identifier rules themselves live in formasi.domain.identifiers; this module turns their
error codes into Indonesian messages and checks that identifiers agree with the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from formasi.domain.identifiers import (
    InvalidIdentifier,
    normalize_digits,
    parse_nik,
    parse_nip,
    parse_nipppk,
)
from formasi.workforce.models import Employee

IDENTIFIER_MESSAGES = {
    "nip.characters": _("NIP may contain only digits; spaces and dots are ignored."),
    "nip.length": _("NIP must have exactly 18 digits."),
    "nip.birth_date": _("NIP digits 1–8 (birth date, YYYYMMDD) are not a valid date."),
    "nip.cpns_start": _(
        "NIP digits 9–14 (TMT CPNS, YYYYMM) are not a valid month or fall before age 18."
    ),
    "nip.sex": _("NIP digit 15 (sex) must be 1 for men or 2 for women."),
    "nip.sequence": _("NIP digits 16–18 (sequence number) cannot be 000."),
    "nipppk.characters": _("NI PPPK may contain only digits; spaces and dots are ignored."),
    "nipppk.length": _("NI PPPK must have exactly 18 digits."),
    "nipppk.birth_date": _("NI PPPK digits 1–8 (birth date, YYYYMMDD) are not a valid date."),
    "nik.characters": _("NIK may contain only digits; spaces and dots are ignored."),
    "nik.length": _("NIK must have exactly 16 digits."),
    "nik.province": _("NIK digits 1–2 (province code) are not valid."),
    "nik.regency": _("NIK digits 3–4 (regency/city code) are not valid."),
    "nik.district": _("NIK digits 5–6 (district code) cannot be 00."),
    "nik.birth_day": _("NIK digits 7–8 (day of birth; women add 40) are not a valid day."),
    "nik.birth_month": _("NIK digits 9–10 (month of birth) must be 01–12."),
    "nik.birth_date": _("NIK digits 7–12 (birth date) do not give a valid date."),
    "nik.sequence": _("NIK digits 13–16 (sequence number) cannot be 0000."),
}


@dataclass(frozen=True)
class EmployeeInput:
    """The fields identifier rules look at, in the shape every entry point can produce."""

    status: str
    nip: str | None
    nik: str
    birth_date: date | None
    sex: str
    contract_end: date | None = None


def identifier_message(exc: InvalidIdentifier) -> str:
    return str(IDENTIFIER_MESSAGES.get(exc.code, _("The identifier is not valid.")))


def clean_identifier(value: str | None) -> str:
    return normalize_digits(value or "")


def validate_employee(data: EmployeeInput, today: date | None = None) -> dict[str, list[str]]:
    """Return errors per field name (empty when valid). Nothing here touches the database."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: object) -> None:
        errors.setdefault(field, []).append(str(message))

    if data.birth_date is not None:
        if data.birth_date > today:
            add("birth_date", _("The birth date cannot be in the future."))
        elif today.year - data.birth_date.year > 100:
            add("birth_date", _("The birth date is more than 100 years ago."))

    nip = clean_identifier(data.nip)
    if data.status in Employee.NIP_STATUSES:
        if not nip:
            add("nip", _("A PNS or CPNS must have an NIP."))
        else:
            try:
                info = parse_nip(nip)
            except InvalidIdentifier as exc:
                add("nip", identifier_message(exc))
            else:
                if data.birth_date is not None and info.birth_date != data.birth_date:
                    add(
                        "nip",
                        _(
                            "NIP digits 1–8 give birth date {nip_date}, but the birth date "
                            "entered is {birth_date}."
                        ).format(
                            nip_date=info.birth_date.strftime("%d-%m-%Y"),
                            birth_date=data.birth_date.strftime("%d-%m-%Y"),
                        ),
                    )
                if data.sex and info.sex != data.sex:
                    add("nip", _("NIP digit 15 (sex) does not agree with the sex entered."))
    elif data.status in Employee.CONTRACT_STATUSES:
        if not nip:
            add("nip", _("A PPPK must have an NI PPPK."))
        else:
            try:
                born = parse_nipppk(nip)
            except InvalidIdentifier as exc:
                add("nip", identifier_message(exc))
            else:
                if data.birth_date is not None and born != data.birth_date:
                    add(
                        "nip",
                        _(
                            "NI PPPK digits 1–8 give birth date {nip_date}, but the birth "
                            "date entered is {birth_date}."
                        ).format(
                            nip_date=born.strftime("%d-%m-%Y"),
                            birth_date=data.birth_date.strftime("%d-%m-%Y"),
                        ),
                    )
    elif nip:
        add("nip", _("Non-ASN staff have no NIP; leave it empty."))

    if data.contract_end is not None and data.status not in Employee.CONTRACT_STATUSES:
        add("contract_end", _("Only PPPK and PPPK part-time have a contract end date."))

    nik = clean_identifier(data.nik)
    if nik:
        try:
            nik_info = parse_nik(nik, today=today)
        except InvalidIdentifier as exc:
            add("nik", identifier_message(exc))
        else:
            if data.birth_date is not None and nik_info.birth_date != data.birth_date:
                add("nik", _("NIK digits 7–12 (birth date) do not agree with the birth date."))
            if data.sex and nik_info.sex != data.sex:
                add("nik", _("NIK digits 7–8 (women add 40) do not agree with the sex entered."))
    return errors
