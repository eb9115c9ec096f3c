"""Forms of the import pages: the upload and the column mapping."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from formasi.core.permissions import Action, can
from formasi.core.upload_messages import table_error_message
from formasi.core.views import require
from formasi.organization.models import Agency
from formasi.transfer.kinds import KINDS, ImportKind
from formasi.transfer.services import create_import_job, save_mapping

if TYPE_CHECKING:
    from formasi.accounts.models import User
    from formasi.core.permissions import AnyUser
    from formasi.transfer.models import ImportJob

MIB = 1024 * 1024
FORM_ORDER = ("employees", "units", "positions")


def importable_kinds(user: AnyUser) -> list[ImportKind]:
    return [kind for kind in KINDS.values() if can(user, Action.IMPORT, kind.resource)]


def require_importer(user: AnyUser) -> None:
    """PermissionDenied (403, the usual message) for a role that may import no kind at all:
    the upload page and the API, before the upload is read."""
    if not importable_kinds(user):
        require(user, Action.IMPORT, "employee")


def mapping_form(job: ImportJob, data: Any = None) -> MappingForm | None:
    """The column mapping form of a job whose columns may be chosen now (the page and the API),
    or None: still running, already written, or no headers read from the file."""
    if job.is_running or job.state == job.State.DONE:
        return None
    headers = list((job.summary or {}).get("headers") or [])
    if not headers:
        return None
    mapping = dict(job.summary.get("mapping") or {})
    return MappingForm(data, kind=KINDS[job.kind], headers=headers, mapping=mapping)


def exportable_kinds(user: AnyUser) -> list[ImportKind]:
    return [kind for kind in KINDS.values() if can(user, Action.EXPORT, kind.resource)]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx, .xls), LibreOffice (.ods) or CSV (UTF-8 or Windows-1252)."),
    )
    full_snapshot = forms.BooleanField(
        label=_("The file is the complete list"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_(
            "Everyone in your scope who is missing from the file becomes inactive. "
            "Nobody is deleted."
        ),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.unscoped.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # The everyday imports first; reference data (regions, agencies) after.
        kinds = sorted(importable_kinds(user), key=lambda k: FORM_ORDER.index(k.name)
                       if k.name in FORM_ORDER else len(FORM_ORDER))  # fmt: skip
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(k.name, k.label) for k in kinds]
        if getattr(user, "is_superuser", False):
            agency = cast("forms.ModelChoiceField[Agency]", self.fields["agency"])
            agency.queryset = Agency.unscoped.order_by("name")
        else:
            del self.fields["agency"]

    def create_job(self, *, actor: User) -> ImportJob:
        """The valid upload as a new job, queued for its check (the page and the API)."""
        upload = self.cleaned_data["file"]
        return create_import_job(
            agency=self.cleaned_data["agency"],
            actor=actor,
            kind=self.cleaned_data["kind"],
            filename=upload.name,
            content=upload.read(),
            full_snapshot=self.cleaned_data["full_snapshot"],
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.FORMASI_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                table_error_message(
                    "file.too_large",
                    {"limit_mb": round(limit / MIB, 1), "size_mb": round(upload.size / MIB, 1)},
                )
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = KINDS.get(data.get("kind", ""))
        if kind is None:
            return data
        if kind.needs_agency:
            agency = data.get("agency") if "agency" in self.fields else self.user.agency
            if agency is None:
                self.add_error("agency", _("Choose the agency the data belongs to."))
            data["agency"] = agency
        else:
            data["agency"] = None
        if data.get("full_snapshot") and not kind.supports_snapshot:
            self.add_error(
                "full_snapshot", _("This kind of data cannot be imported as a complete list.")
            )
        return data


IGNORE = ""


class MappingForm(forms.Form):
    """One select per header of the file: which field it holds, or ignore it."""

    remember = forms.BooleanField(
        label=_("Remember these choices for the next files of this agency"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        initial=True,
    )

    def __init__(
        self, *args: Any, kind: ImportKind, headers: list[str], mapping: dict[str, str],
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.headers = [h for h in headers if h]
        by_header = {header: name for name, header in mapping.items()}
        choices = [(IGNORE, _("— ignore this column —"))] + [
            (c.field, f"{c.header}{' *' if c.required else ''}") for c in kind.columns
        ]
        for index, header in enumerate(self.headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=by_header.get(header, "")
            )

    def header_fields(self) -> list[Any]:
        return [self[f"col_{i}"] for i in range(len(self.headers))]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen: dict[str, str] = {}
        for index, header in enumerate(self.headers):
            name = data.get(f"col_{index}") or IGNORE
            if name and name in chosen:
                self.add_error(
                    f"col_{index}",
                    _("“{field}” is already chosen for column “{header}”.").format(
                        field=self.kind.column(name).header, header=chosen[name]
                    ),
                )
            elif name:
                chosen[name] = header
        missing = [c.header for c in self.kind.columns if c.required and c.field not in chosen]
        if missing:
            raise forms.ValidationError(
                _("Choose a column for: {fields}.").format(fields=", ".join(missing))
            )
        data["mapping"] = chosen
        data["choices"] = {
            header: data.get(f"col_{i}") or IGNORE for i, header in enumerate(self.headers)
        }
        return data

    def apply(self, *, job: ImportJob, actor: User) -> ImportJob:
        """The chosen columns on the job (checked again), remembered if asked (``save_mapping``)."""
        data = self.cleaned_data
        choices = data["choices"] if data["remember"] else None
        return save_mapping(job=job, actor=actor, mapping=data["mapping"], choices=choices)
