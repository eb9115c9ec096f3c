"""Employees (pegawai): ASN (PNS, CPNS, PPPK, PPPK paruh waktu) and remaining non-ASN staff.

Identifier rules: NIP per Perka BKN 22/2007, NIK per Dukcapil (see formasi.domain.identifiers).
NIK, birth date, birth place and address are personal data (UU 27/2022): scoped, masked in
lists and exports for everyone but the agency's admin, and never written to logs or audit data.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet
from formasi.domain.identifiers import mask_nik

__all__ = ["Employee", "EmployeeQuerySet", "mask_nik"]


class EmployeeQuerySet(ScopedQuerySet):
    resource = "employee"
    unit_path_field = "unit__path"


class Employee(models.Model):
    class Status(models.TextChoices):
        PNS = "pns", _("PNS")
        CPNS = "cpns", _("CPNS")
        PPPK = "pppk", _("PPPK")
        PPPK_PARUH_WAKTU = "pppk_pw", _("PPPK part-time")
        NON_ASN = "non_asn", _("Non-ASN")

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Education(models.TextChoices):
        SD = "sd", _("Primary school")
        SMP = "smp", _("Junior secondary")
        SMA = "sma", _("Senior secondary")
        D1 = "d1", "D-I"
        D2 = "d2", "D-II"
        D3 = "d3", "D-III"
        D4 = "d4", "D-IV"
        S1 = "s1", "S-1"
        S2 = "s2", "S-2"
        S3 = "s3", "S-3"

    ASN_STATUSES = (Status.PNS, Status.CPNS, Status.PPPK, Status.PPPK_PARUH_WAKTU)
    NIP_STATUSES = (Status.PNS, Status.CPNS)
    CONTRACT_STATUSES = (Status.PPPK, Status.PPPK_PARUH_WAKTU)

    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    nip = models.CharField(
        _("NIP / NI PPPK"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        help_text=_("18 digits; spaces and dots are ignored. Empty for non-ASN staff."),
    )
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    tmt_position = models.DateField(_("TMT position"), null=True, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    contract_end = models.DateField(
        _("contract end"), null=True, blank=True, help_text=_("For PPPK and PPPK part-time.")
    )
    golongan = models.CharField(_("rank (golongan)"), max_length=6, blank=True)
    education = models.CharField(
        _("education"), max_length=3, choices=Education.choices, blank=True
    )
    origin_region = models.ForeignKey(
        "organization.Region",
        verbose_name=_("region of origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    domicile_region = models.ForeignKey(
        "organization.Region",
        verbose_name=_("region of domicile"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    active = models.BooleanField(_("active"), default=True)

    unscoped = models.Manager.from_queryset(EmployeeQuerySet)()
    objects = ScopedManager.from_queryset(EmployeeQuerySet)()
    history = HistoricalRecords(excluded_fields=["nik", "address"])

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["name", "id"]
        default_manager_name = "unscoped"
        indexes = [
            models.Index(fields=["agency", "active", "name", "id"], name="emp_agency_name"),
            models.Index(fields=["agency", "active", "unit", "status"], name="emp_agency_unit"),
            models.Index(fields=["agency", "active", "birth_date"], name="emp_agency_birth"),
            models.Index(fields=["agency", "active", "status"], name="emp_agency_status"),
            # Scopes spanning many agencies (BKN, a superuser) count and sort the whole table:
            # the dashboard's counts come from this index alone (index-only scan).
            models.Index(
                fields=["unit", "status"],
                include=["birth_date"],
                condition=Q(active=True),
                name="emp_active_unit_status",
            ),
            # The national needs summary (workload.services.gap_summary) counts active staff
            # per (unit, position) of many agencies from this index alone (issue 21).
            models.Index(
                fields=["unit", "position"],
                include=["agency"],
                condition=Q(active=True),
                name="emp_active_unit_position",
            ),
            models.Index(fields=["name", "id"], condition=Q(active=True), name="emp_active_name"),
            models.Index(
                fields=["birth_date", "id"], condition=Q(active=True), name="emp_active_birth"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)

    @property
    def formatted_nip(self) -> str:
        n = self.nip or ""
        if len(n) != 18:
            return n
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"
