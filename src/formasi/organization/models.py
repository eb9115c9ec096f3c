"""Places (wilayah), agencies (instansi), work units (unit kerja) and positions (jabatan).

Region codes follow Permendagri 58/2021 (PP.KK.CC.DDDD), names Kepmendagri 300.2.2-2138/2025.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet
from formasi.domain import retirement
from formasi.domain.identifiers import InvalidIdentifier, parse_nip

region_code_validator = RegexValidator(
    r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$",
    _("A region code looks like 62, 62.71, 62.71.01 or 62.71.01.1001."),
)


def nip_validator(value: str) -> None:
    """A NIP PNS of 18 digits that agrees with itself (Perka BKN 22/2007)."""
    try:
        parse_nip(value)
    except InvalidIdentifier as exc:
        raise ValidationError(
            _("Enter a valid NIP: 18 digits (birth date, TMT CPNS, sex, sequence)."),
            code="nip",
        ) from exc


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "provinsi", _("Province")
        REGENCY = "kabupaten_kota", _("Regency/city")
        DISTRICT = "kecamatan", _("District (kecamatan)")
        VILLAGE = "desa_kelurahan", _("Village (desa/kelurahan)")

    class Remoteness(models.TextChoices):
        URBAN = "perkotaan", _("Urban")
        RURAL = "perdesaan", _("Rural")
        REMOTE = "terpencil", _("Remote")
        VERY_REMOTE = "sangat_terpencil", _("Very remote")

    code = models.CharField(
        _("code"), max_length=13, unique=True, validators=[region_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    area_source = models.CharField(_("area source"), max_length=200, blank=True)
    remoteness = models.CharField(
        _("remoteness"), max_length=20, choices=Remoteness.choices, blank=True
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kind(self) -> str:
        """Kelurahan (suffix 1xxx), desa (2xxx) or desa adat (3xxx) for villages."""
        if self.level != self.Level.VILLAGE:
            return self.level
        return {"1": "kelurahan", "2": "desa", "3": "desa_adat"}.get(self.code[9:10], "desa")


class RegionPopulation(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    population = models.PositiveIntegerField(_("population"))
    male = models.PositiveIntegerField(_("male"), null=True, blank=True)
    female = models.PositiveIntegerField(_("female"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)
    is_estimate = models.BooleanField(_("estimate"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region population")
        verbose_name_plural = _("region populations")
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="uniq_region_population_year")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.population}"


class AgencyQuerySet(ScopedQuerySet):
    resource = "agency"
    agency_field = "pk"


class Agency(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "provinsi", _("Provincial government")
        REGENCY = "kabupaten", _("Regency government")
        CITY = "kota", _("City government")
        CENTRAL = "pusat", _("Central government agency")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="agencies"
    )
    # The signature block of the agency's documents (the plan PDF): empty fields print as
    # blank lines to be filled in by hand.
    signature_place = models.CharField(
        _("place of signing"), max_length=100, blank=True, help_text=_("E.g. Palangka Raya.")
    )
    signatory_title = models.CharField(
        _("signatory's position"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia."),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_nip = models.CharField(
        _("signatory's NIP"), max_length=18, blank=True, validators=[nip_validator]
    )

    unscoped = models.Manager.from_queryset(AgencyQuerySet)()
    objects = ScopedManager.from_queryset(AgencyQuerySet)()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return self.name


class AgencyBudget(models.Model):
    """APBD figures for the personnel-spending cap (UU 1/2022 Pasal 146)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total_spending = models.DecimalField(_("total APBD spending"), max_digits=18, decimal_places=2)
    personnel_spending = models.DecimalField(
        _("personnel spending"), max_digits=18, decimal_places=2
    )
    teacher_allowance_tkd = models.DecimalField(
        _("teacher allowances paid through TKD"), max_digits=18, decimal_places=2, default=0
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agency budget")
        verbose_name_plural = _("agency budgets")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="uniq_agency_budget_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class OrgUnitQuerySet(ScopedQuerySet):
    resource = "orgunit"
    unit_path_field = "path"
    extra_scope_fields = ("parent",)  # the path follows the parent


class OrgUnit(models.Model):
    """A node of an agency's organisation tree: an OPD, a sub-unit or a service facility."""

    class Kind(models.TextChoices):
        OPD = "opd", _("OPD (regional agency)")
        SUB_UNIT = "sub_unit", _("Sub-unit")
        DISTRICT_OFFICE = "kantor_kecamatan", _("District office (kecamatan)")
        VILLAGE_OFFICE = "kantor_kelurahan", _("Village office (kelurahan/desa)")
        PUSKESMAS = "puskesmas", _("Puskesmas")
        SCHOOL = "sekolah", _("School")

    #: Kinds that serve the public unless ``serves_public`` says otherwise (issue 20).
    PUBLIC_KINDS = frozenset({"kantor_kecamatan", "kantor_kelurahan", "puskesmas", "sekolah"})

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("Where the unit stands (kecamatan or kelurahan)."),
    )
    # Materialised path of primary keys, e.g. "12/40/"; a subtree is path__startswith.
    path = models.CharField(_("tree path"), max_length=255, db_index=True, editable=False)
    # The top-level OPD this unit belongs to (itself for an OPD), kept for cheap grouping.
    opd = models.ForeignKey(
        "self",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # The kecamatan the unit stands in (from its region), kept for cheap grouping by kecamatan.
    district = models.ForeignKey(
        Region,
        verbose_name=_("district (kecamatan)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    attributes = models.JSONField(
        _("facility attributes"),
        default=dict,
        blank=True,
        help_text=_("For example the number of study groups (rombel) or the puskesmas type."),
    )
    active = models.BooleanField(_("active"), default=True)
    # Issue 20: whether the public rates this unit (SKM). Empty follows the kind (PUBLIC_KINDS).
    serves_public = models.BooleanField(
        _("serves the public"),
        null=True,
        blank=True,
        choices=[(None, _("As its kind")), (True, _("Yes")), (False, _("No"))],
        help_text=_(
            "Empty: offices of kecamatan and kelurahan, puskesmas and schools serve the public."
        ),
    )

    unscoped = models.Manager.from_queryset(OrgUnitQuerySet)()
    objects = ScopedManager.from_queryset(OrgUnitQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        ordering = ["path"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="uniq_orgunit_agency_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_service(self) -> bool:
        """Rated by the public (SKM): the flag, or else the kind."""
        if self.serves_public is None:
            return self.kind in self.PUBLIC_KINDS
        return self.serves_public

    @classmethod
    def public_service_q(cls) -> models.Q:
        """The filter of :attr:`is_public_service`."""
        return models.Q(serves_public=True) | models.Q(
            serves_public__isnull=True, kind__in=sorted(cls.PUBLIC_KINDS)
        )

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def clean(self) -> None:
        super().clean()
        parent = self.parent
        if parent is None:
            return
        if self.agency_id is not None and parent.agency_id != self.agency_id:
            raise ValidationError({"parent": _("The parent unit belongs to another agency.")})
        if self.pk is not None and self.path and parent.path.startswith(self.path):
            raise ValidationError(
                {"parent": _("A unit cannot be moved under one of its own sub-units.")}
            )


class PositionQuerySet(ScopedQuerySet):
    resource = "position"


class Position(models.Model):
    """A jabatan in the agency's position master (PermenPAN-RB 41/2018, 45/2022, 1/2023)."""

    class Kind(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT utama")
        JPT_MADYA = "jpt_madya", _("JPT madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        FUNGSIONAL = "fungsional", _("Functional (JF)")
        PELAKSANA = "pelaksana", _("Pelaksana")

    class Jenjang(models.TextChoices):
        AHLI_UTAMA = "ahli_utama", _("Ahli utama")
        AHLI_MADYA = "ahli_madya", _("Ahli madya")
        AHLI_MUDA = "ahli_muda", _("Ahli muda")
        AHLI_PERTAMA = "ahli_pertama", _("Ahli pertama")
        PENYELIA = "penyelia", _("Penyelia")
        MAHIR = "mahir", _("Mahir")
        TERAMPIL = "terampil", _("Terampil")
        PEMULA = "pemula", _("Pemula")

    class Family(models.TextChoices):
        GURU = "guru", _("Teacher")
        KESEHATAN = "kesehatan", _("Health")
        TI = "ti", _("Information technology")
        TEKNIS = "teknis", _("Technical")
        ADMINISTRASI = "administrasi", _("Administration")
        MANAJERIAL = "manajerial", _("Managerial")
        LAINNYA = "lainnya", _("Other")

    MANAGERIAL_KINDS = (
        Kind.JPT_UTAMA,
        Kind.JPT_MADYA,
        Kind.JPT_PRATAMA,
        Kind.ADMINISTRATOR,
        Kind.PENGAWAS,
    )

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="positions"
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("position kind"), max_length=20, choices=Kind.choices)
    jenjang = models.CharField(
        _("level (jenjang)"), max_length=20, choices=Jenjang.choices, blank=True
    )
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    grade = models.PositiveSmallIntegerField(
        _("position class (kelas jabatan)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    education_requirement = models.CharField(_("education requirement"), max_length=200, blank=True)
    retirement_age_override = models.PositiveSmallIntegerField(
        _("retirement age (override)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(75)],
        help_text=_("Leave empty to follow the rule for the position kind and level."),
    )
    active = models.BooleanField(_("active"), default=True)

    unscoped = models.Manager.from_queryset(PositionQuerySet)()
    objects = ScopedManager.from_queryset(PositionQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["kind", "name"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="uniq_position_agency_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def retirement_age(self) -> int:
        """BUP: the override, else UU 20/2023 Pasal 55 and PP 11/2017 Pasal 239-240 for the
        kind, jenjang and family (``formasi.domain.retirement``). A JF recorded without its
        jenjang falls back to 58, the age of most jenjang."""
        try:
            return retirement.bup(
                self.retirement_age_override, self.kind, self.jenjang or None, self.family or None
            )
        except ValueError:
            return 58

    @property
    def is_managerial(self) -> bool:
        return self.kind in self.MANAGERIAL_KINDS


class ExternalIdQuerySet(ScopedQuerySet):
    resource = "orgunit"


class ExternalId(models.Model):
    """An id another system gives a work unit or a position of the agency (SIASN's UNOR ID
    and JABATAN ID, a regional SIMPEG's codes): imports match by it before names."""

    class Source(models.TextChoices):
        SIASN = "siasn", "SIASN"
        SIMPEG = "simpeg", _("Regional SIMPEG")

    class Kind(models.TextChoices):
        UNIT = "unit", _("work unit")
        POSITION = "position", _("position")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="external_ids"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    external_id = models.CharField(_("external id"), max_length=64)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("work unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="external_ids",
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="external_ids",
    )

    unscoped = models.Manager.from_queryset(ExternalIdQuerySet)()
    objects = ScopedManager.from_queryset(ExternalIdQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("external id")
        verbose_name_plural = _("external ids")
        ordering = ["source", "kind", "external_id"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source", "kind", "external_id"],
                name="uniq_external_id_agency_source_kind",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="unit", unit__isnull=False, position__isnull=True)
                    | models.Q(kind="position", unit__isnull=True, position__isnull=False)
                ),
                name="external_id_names_one_row_of_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.external_id}"

    def clean(self) -> None:
        super().clean()
        target = self.unit if self.kind == self.Kind.UNIT else self.position
        if target is None:
            field = "unit" if self.kind == self.Kind.UNIT else "position"
            raise ValidationError({field: _("Choose the row this id belongs to.")})
        if self.agency_id is not None and target.agency_id != self.agency_id:
            raise ValidationError(_("The row belongs to another agency."))
        if self.kind == self.Kind.UNIT:
            self.position = None
        else:
            self.unit = None
