"""The employee filter, shared by the list page, the CSV export and the API."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from formasi.organization.models import Agency, OrgUnit, Position, Region
from formasi.workforce.models import Employee

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

# Age bands (lower bound inclusive, upper bound exclusive, in whole years).
AGE_BANDS: list[tuple[str, int, int]] = [
    ("lt30", 0, 30),
    ("30_39", 30, 40),
    ("40_49", 40, 50),
    ("50_54", 50, 55),
    ("55_57", 55, 58),
    ("58_59", 58, 60),
    ("60plus", 60, 200),
]
AGE_BAND_LABELS = {
    "lt30": _("under 30"),
    "30_39": "30–39",
    "40_49": "40–49",
    "50_54": "50–54",
    "55_57": "55–57",
    "58_59": "58–59",
    "60plus": _("60 and over"),
}

SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "nip": ("nip", "id"),
    "-nip": ("-nip", "-id"),
    "birth_date": ("birth_date", "id"),
    "-birth_date": ("-birth_date", "-id"),
    "status": ("status", "name", "id"),
    "-status": ("-status", "name", "id"),
    "unit": ("unit__name", "name", "id"),
    "-unit": ("-unit__name", "name", "id"),
}


def birth_range(band: str, today: date) -> tuple[date, date]:
    """Birth dates (inclusive lower, exclusive upper) of people whose age is in the band."""
    _code, low, high = next(b for b in AGE_BANDS if b[0] == band)

    def years_ago(n: int) -> date:
        try:
            return today.replace(year=today.year - n)
        except ValueError:  # 29 February
            return today.replace(year=today.year - n, day=28)

    # age >= low  <=> born on or before today - low years; age < high <=> born after today - high.
    start = years_ago(high)
    end = years_ago(low)
    return start, end


def retiring_in(year: int, positions: Iterable[Position]) -> Q:
    """PNS and CPNS whose retirement date (TMT pensiun, formasi.domain.retirement) falls in
    ``year``, given the positions they may hold: born in ``year − BUP`` from January to
    November, or in December of the year before (they retire on 1 January)."""
    by_age: dict[int, list[int]] = defaultdict(list)
    for position in positions:
        by_age[position.retirement_age].append(position.pk)
    born = [
        Q(position_id__in=ids)
        & (
            Q(birth_date__gte=date(year - age, 1, 1), birth_date__lt=date(year - age, 12, 1))
            | Q(birth_date__gte=date(year - age - 1, 12, 1), birth_date__lt=date(year - age, 1, 1))
        )
        for age, ids in sorted(by_age.items())
    ]
    pns = Q(status__in=[Employee.Status.PNS, Employee.Status.CPNS])
    return pns & reduce(or_, born) if born else Q(pk__in=[])


def bup_fields(positions: QuerySet[Position]) -> QuerySet[Position]:
    """Only what a position's BUP needs."""
    return positions.only("pk", "retirement_age_override", "kind", "jenjang", "family")


class RegionChoiceField(forms.ModelChoiceField):
    """A region named by its name alone (not its str, which adds the code)."""

    def label_from_instance(self, obj: Region) -> str:
        return obj.name


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.none()
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Employee.Status.choices]
    )
    opd = forms.ModelChoiceField(label=_("OPD"), required=False, queryset=OrgUnit.unscoped.none())
    unit = forms.ModelChoiceField(
        label=_("Work unit"),
        required=False,
        queryset=OrgUnit.unscoped.none(),
        widget=forms.HiddenInput,
    )
    position = forms.ModelChoiceField(
        label=_("Position"),
        required=False,
        queryset=Position.unscoped.none(),
        widget=forms.HiddenInput,
    )
    district = RegionChoiceField(
        label=_("District (kecamatan)"), required=False, queryset=Region.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("Position kind"), required=False, choices=[("", _("All")), *Position.Kind.choices]
    )
    family = forms.ChoiceField(
        label=_("Family"), required=False, choices=[("", _("All")), *Position.Family.choices]
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("All")), *Employee.Sex.choices]
    )
    age = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=[("", _("All"))] + [(code, AGE_BAND_LABELS[code]) for code, *_r in AGE_BANDS],
    )
    retiring = forms.IntegerField(
        label=_("Retiring in (year)"), required=False, min_value=1950, max_value=2200
    )
    inactive = forms.BooleanField(label=_("Include inactive"), required=False)
    sort = forms.ChoiceField(
        required=False, choices=[(k, k) for k in SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.visible_to(user).order_by("name")
        units = OrgUnit.objects.visible_to(user)
        opds = units.filter(parent__isnull=True).order_by("name")
        # The kecamatan where the user's units stand (works for a province's agency too).
        districts = Region.objects.filter(pk__in=units.values("district_id")).order_by("name")
        self._choices("agency").queryset = agencies
        self._choices("opd").queryset = opds
        self._choices("unit").queryset = units
        self._choices("position").queryset = Position.objects.visible_to(user)
        self._choices("district").queryset = districts
        # A scope spanning many agencies (BKN, a superuser) picks an agency first: the OPD and
        # kecamatan lists then show that agency's only (thousands of options otherwise).
        self.multi_agency = agencies[:2].count() > 1
        if self.multi_agency:
            chosen = self._raw_pk("agency")
            if chosen is not None:
                opds = opds.filter(agency_id=chosen)
                districts = districts.filter(
                    pk__in=units.filter(agency_id=chosen).values("district_id")
                )
            else:
                opds, districts = opds.none(), districts.none()
            self._show_choices("opd", opds)
            self._show_choices("district", districts)
        else:
            del self.fields["agency"]
        for name in ("opd", "district"):
            choice = self._choices(name)
            choice.empty_label = _("All")
            choice.widget.choices = choice.choices
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _choices(self, name: str) -> forms.ModelChoiceField[Any]:
        """One of the form's model choice fields (agency, opd, unit, district)."""
        return cast("forms.ModelChoiceField[Any]", self.fields[name])

    def _raw_pk(self, name: str) -> int | None:
        raw = self.data.get(name) if self.is_bound else None
        return int(raw) if raw and str(raw).isdigit() else None

    def _show_choices(self, name: str, queryset: QuerySet[Any]) -> None:
        """Offer only `queryset` in the dropdown; validation still uses the whole scope."""
        field = self._choices(name)
        field.choices = [("", _("All")), *queryset.values_list("pk", "name")]
        chosen = self._raw_pk(name)
        scope = field.queryset
        if (
            chosen is not None
            and scope is not None
            and chosen not in {pk for pk, _n in field.choices[1:]}
        ):
            row = scope.filter(pk=chosen).values_list("pk", "name").first()
            if row:
                field.choices = [*field.choices, row]

    def filter(self, qs: QuerySet[Employee], today: date | None = None) -> QuerySet[Employee]:
        """Apply the valid filters; invalid ones are ignored (the form shows their errors)."""
        # Each valid filter applies; an invalid one is ignored and its error shown in the form.
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        today = today or timezone.localdate()
        if not data.get("inactive"):
            qs = qs.filter(active=True)
        if q := (data.get("q") or "").strip():
            digits = q.replace(" ", "").replace(".", "")
            cond = Q(name__icontains=q)
            if digits.isdigit():
                cond |= Q(nip__startswith=digits)
            qs = qs.filter(cond)
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("agency"):
            qs = qs.filter(agency=data["agency"])
        if data.get("opd"):
            qs = qs.filter(unit__opd=data["opd"])
        if data.get("unit"):
            qs = qs.filter(unit__path__startswith=data["unit"].path)
        if data.get("position"):
            qs = qs.filter(position=data["position"])
        if data.get("district"):
            qs = qs.filter(unit__district=data["district"])
        if data.get("kind"):
            qs = qs.filter(position__kind=data["kind"])
        if data.get("family"):
            qs = qs.filter(position__family=data["family"])
        if data.get("sex"):
            qs = qs.filter(sex=data["sex"])
        if data.get("age"):
            start, end = birth_range(data["age"], today)
            qs = qs.filter(birth_date__gt=start, birth_date__lte=end)
        if data.get("retiring"):
            held = Position.unscoped.filter(pk__in=qs.order_by().values("position_id"))
            qs = qs.filter(retiring_in(data["retiring"], bup_fields(held)))
        return qs.order_by(*SORTS.get(data.get("sort") or "name", SORTS["name"]))
