"""Proposal wording in the UI language: the names of the workflow's states, steps and actors
(codes in ``formasi.domain.proposal_workflow``). The justification and the evidence changes
are worded in ``wording``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from formasi.domain.proposal_workflow import Actor, Step


def step_label(step: str) -> str:
    labels = {
        Step.SUBMIT: _("Submit to BKPSDM"),
        Step.RETURN: _("Return for revision"),
        Step.ACCEPT: _("Accept"),
        Step.SEND_TO_BKN: _("Send to BKN"),
        Step.GIVE_PERTIMBANGAN: _("Give pertimbangan teknis"),
        Step.SEND_TO_KEMENPANRB: _("Send to KemenPAN-RB"),
        Step.DECIDE: _("Record the penetapan"),
        Step.CLOSE: _("Close"),
        "draft": _("Drafted"),
        "edit": _("Item changed"),
        "review": _("BKN verdict"),
        "decision": _("Decided count"),
        "comment": _("Comment"),
    }
    return str(labels.get(step, step))


def actor_label(actor: Actor | None) -> str:
    labels = {
        Actor.OPD_OPERATOR: _("OPD operator"),
        Actor.BKPSDM: _("BKPSDM"),
        Actor.BKN: _("BKN"),
        Actor.KEMENPANRB: _("KemenPAN-RB"),
        Actor.LEADER: _("Leader"),
    }
    return str(labels[actor]) if actor is not None else ""
