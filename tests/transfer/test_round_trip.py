"""Issue 3's round trip: export everything, import into an empty database, export again —
identical files, for every kind and both formats (GeoJSON for boundaries).

Runs through the CLI (`formasi export` / `formasi import`), the path an administrator uses to
move a whole agency between installations.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from formasi.core.models import AuditEvent, DataVersion
from formasi.demo.loader import load_demo
from formasi.organization.models import Agency, OrgUnit, Position, Region, RegionPopulation
from formasi.proposals.models import Proposal
from formasi.talent.models import MeritAssessment, SkpResult
from formasi.transfer.kinds import KINDS
from formasi.workforce.models import Employee

SIZE = 600


def _export_all(directory: Path) -> dict[str, bytes]:
    directory.mkdir()
    files: dict[str, bytes] = {}
    for name, kind in KINDS.items():
        agency = ["--agency", "62.71"] if kind.needs_agency else []
        for fmt in kind.formats:
            path = directory / f"{name}.{fmt}"
            call_command("export", name, str(path), *agency)
            files[path.name] = path.read_bytes()
    return files


# Every kind comes back (the competency records since the dictionary is a kind of its own).
OUTSIDE_THE_ROUND_TRIP: tuple[str, ...] = ()


def _delete_talent_training_and_feedback() -> None:
    """The demo's talent, training and survey rows PROTECT their people, units and positions."""
    from formasi.feedback.models import Complaint, SurveyResponse
    from formasi.talent.models import Assessment, DisciplineRecord
    from formasi.talent.selection_models import Candidate, CommitteeMember, Selection
    from formasi.talent.succession_models import SuccessionDecision
    from formasi.training.models import (
        Competency,
        CompetencyRecord,
        CompetencyStandard,
        DevelopmentRecord,
        PlanLine,
    )

    for model in (
        PlanLine, DevelopmentRecord, CompetencyRecord, CompetencyStandard, Competency,
        Candidate, CommitteeMember, Selection, SuccessionDecision, Assessment, DisciplineRecord,
        Complaint, SurveyResponse,
    ):  # fmt: skip
        model._base_manager.all().delete()


def _empty_database() -> None:
    Proposal.unscoped.all().delete()  # the demo's proposals PROTECT their units and positions
    _delete_talent_training_and_feedback()
    MeritAssessment.unscoped.all().delete()  # PROTECTs its agency
    SkpResult.unscoped.all().delete()  # PROTECTs its employee
    Employee.unscoped.all().delete()
    get_user_model().objects.all().delete()
    OrgUnit.unscoped.update(parent=None, opd=None)  # the tree's PROTECTed self-references
    OrgUnit.unscoped.all().delete()
    Position.unscoped.all().delete()
    AuditEvent.objects.all().delete()
    DataVersion.objects.all().delete()
    Agency.unscoped.all().delete()
    RegionPopulation.objects.all().delete()
    Region.objects.update(parent=None)
    Region.objects.all().delete()


def _skp_results() -> None:
    """Two years of SKP results for some of the demo's people, every pair of ratings."""
    from tests.talent.builders import skp

    ratings = ["above", "as_expected", "below"]
    people = Employee.unscoped.filter(active=True).exclude(nip=None).order_by("nip")[:45]
    for i, person in enumerate(people):
        skp(person, 2024, ratings[i % 3], ratings[i // 3 % 3])
        if i % 2:
            skp(person, 2025, ratings[(i + 1) % 3], ratings[i % 3])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_import_export_gives_identical_files(tmp_path: Path, fmt: str) -> None:
    load_demo(size=SIZE)
    if not SkpResult.unscoped.exists():  # the demo's talent data gives two years of SKP
        _skp_results()
    before = _export_all(tmp_path / "before")
    models = (Region, Agency, OrgUnit, Position, Employee, SkpResult)
    counts = {m: m._default_manager.count() for m in models}

    _empty_database()
    assert not Region.objects.exists() and not Employee.unscoped.exists()
    for name, kind in KINDS.items():
        if name in OUTSIDE_THE_ROUND_TRIP:
            continue
        chosen = fmt if fmt in kind.formats else kind.formats[0]
        agency = ["--agency", "62.71"] if kind.needs_agency else []
        try:
            call_command("import", name, str(tmp_path / "before" / f"{name}.{chosen}"), *agency)
        except Exception as exc:
            raise AssertionError(f"import of {name}: {exc}") from exc

    assert {m: m._default_manager.count() for m in counts} == counts
    after = _export_all(tmp_path / "after")
    for skipped in OUTSIDE_THE_ROUND_TRIP:
        for files in (before, after):
            for key in [k for k in files if k.startswith(f"{skipped}.")]:
                del files[key]
    assert after.keys() == before.keys()
    for name, data in before.items():
        assert after[name] == data, f"{name} differs after the round trip"
    assert Employee.unscoped.count() == SIZE
