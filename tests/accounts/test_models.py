"""The user model's own rules: an evaluating body belongs to evaluators only, and it decides
which workflow actor an evaluator is (``formasi.proposals.services.actor_of``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from formasi.domain.proposal_workflow import Actor
from formasi.proposals.services import actor_of

pytestmark = pytest.mark.django_db


def test_only_an_evaluator_has_an_evaluating_body(world: Any) -> None:
    leader = world.users["leader_a"]
    leader.evaluator_body = "bkn"
    with pytest.raises(ValidationError) as caught:
        leader.full_clean()
    assert "evaluator_body" in caught.value.message_dict
    evaluator = world.users["evaluator_a"]
    evaluator.evaluator_body = "kemenpanrb"
    evaluator.full_clean(exclude=["password"])


@pytest.mark.parametrize(
    ("persona", "body", "actor"),
    [
        ("admin_a", "", Actor.BKPSDM),
        ("operator_dinkes_a", "", Actor.OPD_OPERATOR),
        ("leader_a", "", Actor.LEADER),
        ("evaluator_a", "bkn", Actor.BKN),
        ("evaluator_a", "kemenpanrb", Actor.KEMENPANRB),
        ("evaluator_a", "", None),
    ],
)
def test_the_workflow_actor_of_a_user(world: Any, persona: str, body: str, actor: Any) -> None:
    user = world.users[persona]
    user.evaluator_body = body
    assert actor_of(user) == actor


def test_an_access_token_reads_as_its_prefix_and_name() -> None:
    from formasi.accounts.models import AccessToken

    assert str(AccessToken(prefix="fms_AbCd1234", name="SIASN")) == "fms_AbCd1234… (SIASN)"
