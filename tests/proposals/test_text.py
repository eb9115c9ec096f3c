"""The names of the workflow's steps and actors, in the reader's language."""

from __future__ import annotations

from django.utils import translation

from formasi.domain.proposal_workflow import Actor, Step
from formasi.proposals import text


def test_every_step_and_actor_has_words() -> None:
    with translation.override("id"):
        for step in Step:
            assert text.step_label(step) != step.value
        assert [text.actor_label(a) for a in Actor] == [
            "Operator OPD",
            "BKPSDM",
            "BKN",
            "KemenPAN-RB",
            "Pimpinan",
        ]
