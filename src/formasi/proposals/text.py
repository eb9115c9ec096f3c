"""Proposal wording in the UI language: the justification drafted from an item's evidence,
and the names of the workflow's states, steps and actors (codes in
``formasi.domain.proposal_workflow``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def justification(evidence: Mapping[str, Any], count: int, need_source: str) -> str:
    """The reason for an item, in words, from its evidence (DOMAIN.md §7.4: need, bezetting
    on 31 December N−1, BUP and contract ends, gap)."""
    counted = int(evidence.get("counted_years") or 0)
    years = (evidence.get("years") or [])[:counted]
    retiring = sum((evidence.get("retirements") or [])[:counted])
    ending = sum((evidence.get("contract_ends") or [])[:counted])
    parts = [
        _("Need: %(need)s (%(source)s).")
        % {"need": evidence.get("need", 0), "source": need_source},
        _("In post on %(date)s: %(n)s.")
        % {"date": evidence.get("bezetting_on", ""), "n": evidence.get("bezetting", 0)},
    ]
    if years and (retiring or ending):
        parts.append(
            _(
                "Leaving in %(first)s–%(last)s: %(bup)s reaching retirement age (BUP) and "
                "%(ends)s PPPK contracts ending."
            )
            % {"first": years[0], "last": years[-1], "bup": retiring, "ends": ending}
        )
    parts.append(
        ngettext("Proposed: %(n)s person.", "Proposed: %(n)s people.", count) % {"n": count}
    )
    return " ".join(str(p) for p in parts)
