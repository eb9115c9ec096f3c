"""Words for the succession codes ``domain.succession`` returns: why each candidate ranks where
they do and why each excluded person is excluded (msgid English, the Indonesian in the .po)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from formasi.domain import succession
from formasi.domain.talent import SUCCESSION_BOXES
from formasi.talent.text import axes_text

__all__ = ["AHEAD_BY", "EXCLUSIONS", "exclusion_list", "rank_reasons"]

EXCLUSIONS = {
    "running_sanction": gettext_lazy("disciplinary sanction running"),
    "not_pns": gettext_lazy("not a PNS"),
    "rank_too_low": gettext_lazy("rank (pangkat) below the requirement"),
    "education_too_low": gettext_lazy("education below the requirement"),
    "too_few_years": gettext_lazy("too few years in the current post"),
    "over_age": gettext_lazy("above the age limit for this post"),
    "holds_post": gettext_lazy("already holds this post"),
}

AHEAD_BY = {
    "box": gettext_lazy("a better 9-box box"),
    "family": gettext_lazy("the same position family as the post"),
    "competency": gettext_lazy("a higher competency score"),
    "years": gettext_lazy("more years in the current post"),
    "training": gettext_lazy("more training hours"),
    "golongan": gettext_lazy("a higher rank (golongan)"),
}


def exclusion_list(codes: tuple[str, ...]) -> str:
    """The reasons of an exclusion in words, joined ("x; y")."""
    return "; ".join(str(EXCLUSIONS[c]) for c in codes)


def _box(box: int | None) -> str:
    if box is None:
        return _("no 9-box box (SKP or assessment missing)")
    words = {"box": box, "axes": axes_text(box)}
    if box in SUCCESSION_BOXES:
        return _("box %(box)s, talent pool (%(axes)s)") % words
    return _("box %(box)s, outside the talent pool (%(axes)s)") % words


def rank_reasons(ranked: succession.Ranked, family: str) -> list[str]:
    """Why the candidate ranks where they do: each criterion's value in order, then what puts
    them ahead of the next candidate."""
    c = ranked.candidate
    out = [_box(c.box)]
    out.append(
        _("same position family as the post")
        if family and c.family == family
        else _("another position family than the post")
    )
    out.append(
        _("competency score %(score)s") % {"score": f"{c.competency:.0f}"}
        if c.competency is not None
        else _("no competency score")
    )
    if c.years_in_post is None:
        out.append(_("years in the current post unknown"))
    else:
        out.append(
            ngettext(
                "%(n)s year in the current post", "%(n)s years in the current post",
                c.years_in_post,
            ) % {"n": c.years_in_post}
        )  # fmt: skip
    out.append(_("%(n)s training hours (JP)") % {"n": c.training_hours})
    out.append(_("rank %(golongan)s") % {"golongan": c.golongan or "—"})
    if ranked.ahead_by:
        out.append(
            _("ahead of the next candidate by %(what)s") % {"what": AHEAD_BY[ranked.ahead_by]}
        )
    return out
