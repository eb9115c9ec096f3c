"""The signature block of the plan documents through the API (issue 21): the agency admin's
(resource "agency", CHANGE), with If-Match, through the page's service."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.core.audit import AuditEvent
from formasi.organization.models import Agency
from tests.personas import World

pytestmark = pytest.mark.django_db

NIP = "197001012000031001"
BLOCK = {
    "signature_place": "Palangka Raya",
    "signatory_title": "Kepala BKPSDM",
    "signatory_name": "Drs. Ahmad Yani",
    "signatory_nip": NIP,
}


def _put(client: Any, body: dict[str, Any], etag: str | None, **query: str) -> Any:
    headers = {"If-Match": etag} if etag is not None else {}
    url = reverse("api:put_signatory")
    return client.put(url + ("?agency=" + query["agency"] if query else ""), body,
                      content_type="application/json", headers=headers)  # fmt: skip


def test_admin_reads_then_changes_the_block(client_for: Any, world: World) -> None:
    client = client_for("admin_a")
    read = client.get(reverse("api:get_signatory"))
    assert read.status_code == 200
    assert read.json() == {"agency": world.agency_a.code, **dict.fromkeys(BLOCK, "")}
    saved = _put(client, {**BLOCK, "signatory_name": "  Drs. Ahmad Yani "}, read["ETag"])
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"agency": world.agency_a.code, **BLOCK}  # stripped, as the page
    agency = Agency.unscoped.get(pk=world.agency_a.pk)
    assert (agency.signatory_name, agency.signatory_nip) == ("Drs. Ahmad Yani", NIP)
    assert saved["ETag"] != read["ETag"]
    assert client.get(reverse("api:get_signatory"))["ETag"] == saved["ETag"]
    assert AuditEvent.objects.filter(action="formasi.agency.signatory_changed").count() == 1


def test_a_stale_or_missing_if_match_saves_nothing(client_for: Any, world: World) -> None:
    client = client_for("admin_a")
    etag = client.get(reverse("api:get_signatory"))["ETag"]
    assert _put(client, BLOCK, etag).status_code == 200
    stale = _put(client, {**BLOCK, "signatory_name": "Orang Lain"}, etag)
    assert stale.status_code == 412 and stale.json()["detail"]
    assert _put(client, {**BLOCK, "signatory_name": "Orang Lain"}, None).status_code == 428
    assert Agency.unscoped.get(pk=world.agency_a.pk).signatory_name == BLOCK["signatory_name"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**BLOCK, "signatory_nip": "123"}, "signatory_nip"),  # not a NIP: the model's rule
        ({**BLOCK, "signatory_title": "x" * 201}, "signatory_title"),  # the model's length
        ({**BLOCK, "signatory_name": 5}, "signatory_name"),
    ],
)
def test_bad_input_is_422_and_saves_nothing(
    client_for: Any, world: World, body: dict[str, Any], field: str
) -> None:
    client = client_for("admin_a")
    response = _put(client, body, client.get(reverse("api:get_signatory"))["ETag"])
    assert response.status_code == 422 and field in response.json()["errors"]
    assert Agency.unscoped.get(pk=world.agency_a.pk).signatory_name == ""


def test_a_body_that_is_not_json_is_400(client_for: Any) -> None:
    client = client_for("admin_a")
    etag = client.get(reverse("api:get_signatory"))["ETag"]
    response = client.put(reverse("api:put_signatory"), "{", content_type="application/json",
                          headers={"If-Match": etag})  # fmt: skip
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("operator_dinkes_a", 403),
        ("operator_other_opd_a", 403),
        ("evaluator_a", 403),
        ("leader_a", 403),
        ("anonymous", 401),
    ],
)
def test_only_the_agency_admin(client_for: Any, world: World, persona: str, status: int) -> None:
    client = client_for(persona)
    assert client.get(reverse("api:get_signatory")).status_code == status
    assert _put(client, BLOCK, '"x"').status_code == status
    assert Agency.unscoped.get(pk=world.agency_a.pk).signatory_name == ""


def test_an_admin_cannot_sign_for_another_agency(client_for: Any, world: World) -> None:
    client = client_for("admin_b")
    other = {"agency": world.agency_a.code}
    assert client.get(reverse("api:get_signatory"), other).status_code == 404
    assert _put(client, BLOCK, '"x"', **other).status_code == 404
    assert Agency.unscoped.get(pk=world.agency_a.pk).signatory_name == ""
    own = client.get(reverse("api:get_signatory"))
    assert own.json()["agency"] == world.agency_b.code
