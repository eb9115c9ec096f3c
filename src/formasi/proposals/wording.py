"""The words of an item's evidence (issue 18): its justification and what changed since the
draft, in the UI language (Indonesian by default) through Django i18n.

``formasi.domain.proposal_rules`` returns codes and numbers (:func:`justification` clauses,
:func:`evidence_changed` changes); this module words them. Every count is a whole person; only
the belanja pegawai ratio is a fraction, shown as a percentage (UU 1/2022 Pasal 146(1)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from formasi.domain import proposal_rules as rules
from formasi.domain.budget import SPENDING_CAP
from formasi.domain.proposal_rules import Change, Evidence, JustificationPart
from formasi.proposals import extra_evidence


def source_label(code: str) -> str:
    """The words for where a need comes from (a PositionNeed source or a domain code)."""
    labels = {
        "abk": _("workload analysis (ABK)"),
        "standard": _("staffing standard"),
        "wisn": _("WISN"),
        "entered": _("entered"),
        "manual": _("entered"),
    }
    return str(labels.get(code, code))


def people(n: int) -> str:
    """ "1 person", "12 people" (a whole number of persons)."""
    return ngettext("%(n)s person", "%(n)s people", n) % {"n": number_format(n)}


def _day(value: object) -> str:
    return date_format(value, "j F Y") if isinstance(value, date) else str(value)


def _percent(ratio: float) -> str:
    return number_format(ratio * 100, decimal_pos=2) + " %"


def clause(part: JustificationPart, cap: float = SPENDING_CAP) -> str:
    """One clause of a justification in words."""
    n = int(part.value)
    if part.code == rules.NEED:
        return _("Need %(people)s (%(source)s).") % {
            "people": people(n),
            "source": source_label(str(part.detail)),
        }
    if part.code == rules.BEZETTING:
        return _("In post on %(date)s: %(people)s.") % {
            "date": _day(part.detail),
            "people": people(n),
        }
    if part.code == rules.RETIRE:
        return _("Reaching retirement age (BUP) in %(year)s: %(people)s.") % {
            "year": part.detail,
            "people": people(n),
        }
    if part.code == rules.CONTRACT_END:
        return _("PPPK contracts ending in %(year)s: %(people)s.") % {
            "year": part.detail,
            "people": people(n),
        }
    if part.code == rules.GAP:
        return _("Shortage: %(people)s.") % {"people": people(n)}
    if part.code == rules.EXCESS:
        return _("Excess: %(people)s.") % {"people": people(n)}
    if part.code == rules.SPENDING_RATIO:
        words = {
            rules.WITHIN_CAP: _(
                "Personnel spending %(ratio)s of the APBD, within the %(cap)s cap."
            ),
            rules.OVER_CAP: _("Personnel spending %(ratio)s of the APBD, over the %(cap)s cap."),
        }
        return words[str(part.detail)] % {
            "ratio": _percent(float(part.value)),
            "cap": _percent(cap),
        }
    return f"{part.code}: {part.value}"


def justification(evidence: Evidence, count: int, cap: float = SPENDING_CAP) -> str:
    """The justification of an item in words: the clauses of
    :func:`formasi.domain.proposal_rules.justification` and the count proposed."""
    parts = [clause(p, cap) for p in rules.justification(evidence, cap=cap)]
    parts.append(_("Proposed: %(people)s.") % {"people": people(count)})
    return " ".join(parts)


def drafted_justification(
    evidence: Evidence, count: int, extra: Iterable[Mapping[str, Any]] | None = None
) -> str:
    """The justification ``draft_proposal`` writes: :func:`justification` and the sentences of
    the extra evidence other apps registered (``extra_evidence``: a low IKM of the unit)."""
    return " ".join([justification(evidence, count), *extra_evidence.sentences(extra)])


def field_label(name: str) -> str:
    labels = {
        "need": _("need"),
        "need_source": _("source of the need"),
        "bezetting": _("bezetting"),
        "bezetting_on": _("bezetting date"),
        "retirements": _("retirements (BUP)"),
        "contract_ends": _("PPPK contract ends"),
        "spending_ratio": _("personnel spending ratio"),
        "gap": _("gap"),
    }
    return str(labels.get(name, name))


def _value(name: str, value: object) -> str:
    if value is None:
        return "–"
    if name == "need_source":
        return source_label(str(value))
    if name == "spending_ratio" and isinstance(value, int | float):
        return _percent(float(value))
    if isinstance(value, tuple):  # per-year counts: the sum over the plan years
        return number_format(sum(value))
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, int):
        return number_format(value)
    return str(value)


def change(c: Change) -> str:
    """ "need changed from 12 to 10 since the draft"."""
    return _("%(field)s changed from %(before)s to %(after)s since the draft") % {
        "field": field_label(c.field),
        "before": _value(c.field, c.before),
        "after": _value(c.field, c.after),
    }


def changes(items: Iterable[Change]) -> list[str]:
    return [change(c) for c in items]
