"""The documents of a proposal: the usulan PDF (text extracted), the e-Formasi rincian (cells
checked against the database), the pertimbangan teknis and the penetapan; when each can be
made, who may ask, and the background job that makes them."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from openpyxl import load_workbook

from formasi.domain.proposal_rules import EFORMASI_COLUMNS
from formasi.proposals import documents, services
from formasi.proposals.models import Proposal, ProposalDocument, ProposalItem
from formasi.workforce.models import Employee
from tests.planning.builders import pdf_text
from tests.proposals.builders import YEAR, decided, drafted

pytestmark = pytest.mark.django_db

ON = date(YEAR, 3, 20)


def _items(proposal: Proposal) -> list[ProposalItem]:
    return list(
        ProposalItem.unscoped.filter(part__proposal=proposal).select_related("position", "org_unit")
    )


def _pdf(proposal: Proposal, kind: str) -> str:
    proposal = Proposal.unscoped.select_related("agency__region").get(pk=proposal.pk)
    _title, text = pdf_text(documents.content(proposal, kind, ON))
    return " ".join(text.split())


def test_the_rincian_cells_are_the_items_in_the_database(world: Any) -> None:
    proposal = drafted(world)
    item = ProposalItem.unscoped.filter(part__proposal=proposal).first()
    assert item is not None
    ProposalItem.unscoped.filter(pk=item.pk).update(education="")  # no education named
    sheet = load_workbook(io.BytesIO(documents.rincian_xlsx(proposal))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [documents.EFORMASI_HEADERS[c] for c in EFORMASI_COLUMNS]
    got = Counter()
    for no, (n, position, unit, education, kind, count) in enumerate(rows[1:], start=1):
        assert n == no and isinstance(count, int) and count > 0
        got[(position, unit, education, kind)] += count
    expected = Counter()
    for row in (
        ProposalItem.unscoped.filter(part__proposal=proposal)
        .values("position__name", "org_unit__name", "education", "status")
        .annotate(n=Sum("count"))
    ):
        key = (
            row["position__name"],
            row["org_unit__name"],
            row["education"] or "-",
            documents.PROCUREMENT[row["status"]],
        )
        expected[key] += row["n"]
    assert got == +expected


def test_the_usulan_pdf_has_every_item_the_people_and_the_signature(world: Any) -> None:
    proposal = drafted(world)
    agency = proposal.agency
    agency.signatory_name, agency.signatory_title = "Dr. Fairid Naparin", "Wali Kota Palangka Raya"
    agency.save()
    text = _pdf(proposal, ProposalDocument.Kind.USULAN_PDF)
    assert "Dokumen Usulan Kebutuhan ASN" in text and agency.name in text
    for item in _items(proposal):
        assert item.position.name in text
    total = ProposalItem.unscoped.filter(part__proposal=proposal).aggregate(n=Sum("count"))["n"]
    assert f"Jumlah yang diusulkan: {total} orang" in text
    # the trace annex names the people counted in bezetting and the leavers
    for person in Employee.unscoped.filter(unit=world.puskesmas, position=world.nurse_position):
        assert person.name in text
    assert "Dr. Fairid Naparin" in text and "Wali Kota Palangka Raya" in text
    for heading in ("1. Informasi jabatan", "2–7. Kebutuhan", "8. Daerah", "Lampiran"):
        assert heading in text


def test_every_count_of_people_in_the_usulan_pdf_is_whole(world: Any) -> None:
    text = _pdf(drafted(world), ProposalDocument.Kind.USULAN_PDF)
    assert re.findall(r"\d+ orang", text)
    assert not re.findall(r"\d[.,]\d+ orang", text)


def test_the_pertimbangan_and_penetapan_documents_carry_the_verdicts(world: Any) -> None:
    proposal = decided(world)
    items = ProposalItem.unscoped.filter(part__proposal=proposal)
    sums = items.aggregate(asked=Sum("count"), bkn=Sum("bkn_count"), decided=Sum("decided_count"))
    pertimbangan = _pdf(proposal, ProposalDocument.Kind.PERTIMBANGAN_PDF)
    assert "Pertimbangan Teknis Kebutuhan ASN" in pertimbangan
    assert "Satu formasi dipenuhi dari mutasi." in pertimbangan
    assert "Diubah" in pertimbangan and "Disetujui" in pertimbangan
    assert f"Jumlah {sums['asked']} {sums['bkn']}" in pertimbangan
    penetapan = _pdf(proposal, ProposalDocument.Kind.PENETAPAN_PDF)
    assert f"Jumlah {sums['asked']} {sums['bkn']} {sums['decided']}" in penetapan


def test_verdict_documents_wait_for_their_step(world: Any) -> None:
    proposal = drafted(world)
    admin = world.users["admin_a"]
    assert documents.available(proposal) == ["usulan_pdf", "eformasi_xlsx"]
    for kind in ("pertimbangan_pdf", "penetapan_pdf"):
        with pytest.raises(ValidationError):
            services.request_document(actor=admin, proposal=proposal, kind=kind)


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "admin_b"])
def test_who_may_not_export_cannot_ask(world: Any, persona: str) -> None:
    proposal = drafted(world)
    with pytest.raises(PermissionDenied):
        services.request_document(actor=world.users[persona], proposal=proposal, kind="usulan_pdf")


def test_the_job_makes_the_file_and_a_second_request_reuses_it(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = drafted(world)
    leader = world.users["leader_a"]
    with django_capture_on_commit_callbacks(execute=True):
        made = services.request_document(actor=leader, proposal=proposal, kind="eformasi_xlsx")
    made.refresh_from_db()
    assert made.state == ProposalDocument.State.DONE and bytes(made.content)[:2] == b"PK"
    again = services.request_document(actor=leader, proposal=proposal, kind="eformasi_xlsx")
    assert again.pk == made.pk


def test_a_change_to_the_proposal_makes_a_new_document(world: Any) -> None:
    proposal = drafted(world)
    admin = world.users["admin_a"]
    first = services.request_document(actor=admin, proposal=proposal, kind="usulan_pdf")
    item = ProposalItem.unscoped.filter(part__proposal=proposal).first()
    assert item is not None
    services.update_item(
        actor=admin, item=item, expected_version=item.version, count=item.count + 1
    )
    proposal.refresh_from_db()
    second = services.request_document(actor=admin, proposal=proposal, kind="usulan_pdf")
    assert second.pk != first.pk
    assert not ProposalDocument.unscoped.filter(pk=first.pk).exists()


def test_the_annex_counts_many_people_and_names_those_leaving(world: Any, monkeypatch: Any) -> None:
    proposal = drafted(world)
    staff = Employee.unscoped.filter(
        unit=world.puskesmas, position=world.nurse_position, active=True
    ).exclude(status=Employee.Status.NON_ASN)
    assert staff.count() > 1
    monkeypatch.setattr(documents, "NAMED_UP_TO", 1)  # so the nurses are counted, not listed
    text = _pdf(proposal, ProposalDocument.Kind.USULAN_PDF)
    items = documents.items_of(proposal)
    entry = next(
        e
        for e in documents.trace.annex(proposal, items)
        if e.item.org_unit_id == world.puskesmas.pk
        and e.item.position_id == world.nurse_position.pk
    )
    leaving = {e.pk for _y, people in entry.retirements + entry.contract_ends for e in people}
    assert f"Bezetting {staff.count()} orang; yang keluar {len(leaving)} orang" in text
    for person in staff:
        assert (person.name in text) == (person.pk in leaving)
    assert f"== OPD: {entry.item.part.org_unit.name}" in text


@pytest.mark.parametrize("indent", [0, 2])
def test_the_annex_wraps_lines_as_textwrap_does(indent: int) -> None:
    import textwrap

    words = [("kata" * (k % 7 + 1))[: k % 23 + 1] for k in range(400)]
    text = " ".join(words)
    got = documents._wrapped(text, indent)
    expected = textwrap.wrap(
        text, documents.ANNEX_WIDTH, initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 4), break_on_hyphens=False,
    )  # fmt: skip
    assert got == expected and all(len(line) <= documents.ANNEX_WIDTH for line in got)
    long_word = textwrap.wrap("x" * 500, documents.ANNEX_WIDTH, subsequent_indent="    ")
    assert documents._wrapped("x" * 500, 0) == long_word


def test_a_justification_shared_by_items_of_an_opd_is_printed_once(world: Any) -> None:
    proposal = drafted(world)
    part_items = [i for i in documents.items_of(proposal) if i.part_id == _first_part(proposal)]
    assert len(part_items) > 1
    shared = "Formasi ini dibutuhkan untuk layanan kesehatan 24 jam di wilayah ini."
    ProposalItem.unscoped.filter(pk__in=[i.pk for i in part_items]).update(justification=shared)
    text = _pdf(proposal, ProposalDocument.Kind.USULAN_PDF)
    assert text.count(shared) == 1
    assert f"Justifikasi bersama: [J1] {shared}" in text
    assert text.count("Justifikasi [J1].") == len(part_items)


def test_the_annex_names_people_without_their_nip(world: Any) -> None:
    text = _pdf(drafted(world), ProposalDocument.Kind.USULAN_PDF)
    annex = text.split("Lampiran.", 1)[1]
    nurses = Employee.unscoped.filter(unit=world.puskesmas, position=world.nurse_position)
    for person in nurses:
        assert person.name in annex
        assert not person.formatted_nip or person.formatted_nip not in annex


def _first_part(proposal: Proposal) -> int:
    return documents.items_of(proposal)[0].part_id


def test_a_pdf_is_made_with_fewer_collections_and_the_threshold_comes_back() -> None:
    import gc

    before = gc.get_threshold()
    with documents.fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], documents.PDF_GC_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), documents.fewer_collections():
        raise RuntimeError
    assert gc.get_threshold() == before
