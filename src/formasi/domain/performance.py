"""Predikat kinerja pegawai (SKP) and the curve of predicates a unit may give.

Pure Python (standard library only, no Django). Inputs are codes (:class:`Rating`,
:class:`OrgPredicate`) and whole counts of people; outputs are codes (:class:`Predicate`,
breach codes) and whole numbers. The Django layer words them in Indonesian.

Rules implemented
-----------------
PermenPAN-RB 6/2022 (Pengelolaan Kinerja Pegawai ASN), predikat kinerja pegawai (DOMAIN §11, [V])
    Each period the pegawai gets a **rating hasil kerja** and a **rating perilaku kerja**, each
    *di atas*, *sesuai* or *di bawah ekspektasi*. The predicate is read off a 3 × 3 matrix:

    ====================  ===============  ===============  ===============
    hasil ↓ / perilaku →  di bawah         sesuai           di atas
    ====================  ===============  ===============  ===============
    di atas ekspektasi    kurang/miscond.  baik             **sangat baik**
    sesuai ekspektasi     kurang/miscond.  baik             baik
    di bawah ekspektasi   sangat kurang    butuh perbaikan  butuh perbaikan
    ====================  ===============  ===============  ===============

    Seen in BKN's deck "Poin Penyempurnaan Permenpan 6/22"
    (https://id.scribd.com/presentation/595717438/Poin-Penyempurnaan-Permenpan-6-22-Rev-I) and in
    several independent public implementations (DOMAIN §11).

Same regulation, pola distribusi predikat kinerja pegawai (DOMAIN §11, [P])
    The predicate of the organisation (satuan organisasi) bounds the share of each employee
    predicate. As published (https://naikpangkat.com/se-terbaru-menpan-rb-tetapkan-3-tahap-evaluasi-kinerja-asn-harus-lebih-waspada/3):

    * Istimewa: at most 70 % sangat baik; the rest any predicate.
    * Baik: at most 70 % baik; **there must be** butuh perbaikan and/or kurang/misconduct.
    * Butuh perbaikan (cukup): at least 60 % butuh perbaikan; sangat baik at most 10 %.
    * Kurang: at least 60 % kurang/misconduct; at least 10 % butuh perbaikan; sangat baik at
      most 10 %.
    * Sangat kurang: at least 60 % sangat kurang; at least 10 % kurang/misconduct and/or butuh
      perbaikan; no sangat baik.

    Only a secondary copy was read, so the bounds are data (:data:`DEFAULT_CURVE`): an agency
    setting may replace them. "Sebagian besar (maksimal 70 %)" is read as the maximum only.
    Shares become whole people: a maximum of ``s`` allows ``floor(s × n)`` people, a minimum needs
    ``ceil(s × n)`` (exact fractions, no float rounding).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Final

__all__ = [
    "DEFAULT_CURVE",
    "Breach",
    "CurveBound",
    "OrgPredicate",
    "Predicate",
    "Rating",
    "check_distribution",
    "predicate",
    "predicate_rank",
    "rating_rank",
]


class Rating(StrEnum):
    """Rating hasil kerja or perilaku kerja (PermenPAN-RB 6/2022)."""

    ABOVE = "above"  # di atas ekspektasi
    AS_EXPECTED = "as_expected"  # sesuai ekspektasi
    BELOW = "below"  # di bawah ekspektasi


class Predicate(StrEnum):
    """Predikat kinerja pegawai, best first."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"  # kurang/misconduct
    SANGAT_KURANG = "sangat_kurang"


class OrgPredicate(StrEnum):
    """Predikat kinerja organisasi that sets the curve of its staff's predicates."""

    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"  # also called "cukup"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


_R = Rating
_P = Predicate

#: The matrix, keyed (hasil kerja, perilaku kerja).
_MATRIX: Final[Mapping[tuple[Rating, Rating], Predicate]] = MappingProxyType(
    {
        (_R.ABOVE, _R.ABOVE): _P.SANGAT_BAIK,
        (_R.ABOVE, _R.AS_EXPECTED): _P.BAIK,
        (_R.ABOVE, _R.BELOW): _P.KURANG,
        (_R.AS_EXPECTED, _R.ABOVE): _P.BAIK,
        (_R.AS_EXPECTED, _R.AS_EXPECTED): _P.BAIK,
        (_R.AS_EXPECTED, _R.BELOW): _P.KURANG,
        (_R.BELOW, _R.ABOVE): _P.BUTUH_PERBAIKAN,
        (_R.BELOW, _R.AS_EXPECTED): _P.BUTUH_PERBAIKAN,
        (_R.BELOW, _R.BELOW): _P.SANGAT_KURANG,
    }
)


def _rating(value: Rating | str) -> Rating:
    try:
        return Rating(value)
    except ValueError:
        valid = ", ".join(r.value for r in Rating)
        raise ValueError(f"unknown rating {value!r}; expected one of: {valid}") from None


def predicate(result: Rating, behaviour: Rating) -> Predicate:
    """The predikat kinerja of a rating hasil kerja (``result``) and perilaku (``behaviour``).

    Both take the enum members or their string values; anything else raises ``ValueError``.
    """
    return _MATRIX[(_rating(result), _rating(behaviour))]


def rating_rank(rating: Rating | str) -> int:
    """1 for di bawah, 2 for sesuai, 3 for di atas ekspektasi."""
    return {Rating.BELOW: 1, Rating.AS_EXPECTED: 2, Rating.ABOVE: 3}[_rating(rating)]


def predicate_rank(value: Predicate | str) -> int:
    """5 for sangat baik down to 1 for sangat kurang (the order the regulation lists them)."""
    order = list(Predicate)
    return len(order) - order.index(Predicate(value))


@dataclass(frozen=True)
class CurveBound:
    """One bound of a curve: the share of staff whose predicate is in ``predicates``.

    ``min_share``/``max_share`` are fractions of the unit's staff (None: no bound);
    ``at_least_one`` asks for at least one person in the group ("harus ada").
    """

    predicates: frozenset[Predicate]
    min_share: Fraction | None = None
    max_share: Fraction | None = None
    at_least_one: bool = False

    def __post_init__(self) -> None:
        if not self.predicates:
            raise ValueError("a curve bound needs at least one predicate")
        for share in (self.min_share, self.max_share):
            if share is not None and not 0 <= share <= 1:
                raise ValueError(f"a share must be from 0 to 1, not {share}")
        if (
            self.min_share is not None
            and self.max_share is not None
            and self.min_share > self.max_share
        ):
            raise ValueError("min_share is above max_share")


def _bound(
    *preds: Predicate,
    lo: str | None = None,
    hi: str | None = None,
    one: bool = False,
) -> CurveBound:
    return CurveBound(
        predicates=frozenset(preds),
        min_share=Fraction(lo) if lo is not None else None,
        max_share=Fraction(hi) if hi is not None else None,
        at_least_one=one,
    )


#: The published distribution guidance (PermenPAN-RB 6/2022 lampiran, as reported; [P]).
DEFAULT_CURVE: Final[Mapping[OrgPredicate, tuple[CurveBound, ...]]] = MappingProxyType(
    {
        OrgPredicate.ISTIMEWA: (_bound(_P.SANGAT_BAIK, hi="7/10"),),
        OrgPredicate.BAIK: (
            _bound(_P.BAIK, hi="7/10"),
            _bound(_P.BUTUH_PERBAIKAN, _P.KURANG, one=True),
        ),
        OrgPredicate.BUTUH_PERBAIKAN: (
            _bound(_P.BUTUH_PERBAIKAN, lo="6/10"),
            _bound(_P.SANGAT_BAIK, hi="1/10"),
        ),
        OrgPredicate.KURANG: (
            _bound(_P.KURANG, lo="6/10"),
            _bound(_P.BUTUH_PERBAIKAN, lo="1/10"),
            _bound(_P.SANGAT_BAIK, hi="1/10"),
        ),
        OrgPredicate.SANGAT_KURANG: (
            _bound(_P.SANGAT_KURANG, lo="6/10"),
            _bound(_P.KURANG, _P.BUTUH_PERBAIKAN, lo="1/10"),
            _bound(_P.SANGAT_BAIK, hi="0"),
        ),
    }
)


@dataclass(frozen=True)
class Breach:
    """A bound the unit's distribution breaks.

    ``code`` is ``"above_max"``, ``"below_min"`` or ``"none_present"``; ``count`` is how many
    staff have a predicate in ``predicates``; ``limit`` is the whole number of people the bound
    allows (the most for ``above_max``, the fewest for the others).
    """

    code: str
    predicates: tuple[Predicate, ...]
    count: int
    limit: int
    staff: int


def _counts(counts: Mapping[Predicate, int] | Mapping[str, int]) -> dict[Predicate, int]:
    out = dict.fromkeys(Predicate, 0)
    for key, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"count of {key!r} must be a whole number ≥ 0, not {value!r}")
        out[Predicate(key)] += value
    return out


def check_distribution(
    org: OrgPredicate | str,
    counts: Mapping[Predicate, int] | Mapping[str, int],
    curve: Mapping[OrgPredicate, tuple[CurveBound, ...]] = DEFAULT_CURVE,
) -> tuple[Breach, ...]:
    """The bounds of ``org``'s curve that the unit's predicate ``counts`` break (empty if none).

    ``counts`` maps predicates (members or values) to whole numbers of staff; missing ones are 0.
    A unit with no staff breaks nothing. Breaches come in the order of the curve's bounds.
    """
    per = _counts(counts)
    staff = sum(per.values())
    if staff == 0:
        return ()
    found: list[Breach] = []
    for bound in curve[OrgPredicate(org)]:
        group = tuple(p for p in Predicate if p in bound.predicates)
        count = sum(per[p] for p in group)
        if bound.max_share is not None:
            most = math.floor(bound.max_share * staff)
            if count > most:
                found.append(Breach("above_max", group, count, most, staff))
        if bound.min_share is not None:
            fewest = math.ceil(bound.min_share * staff)
            if count < fewest:
                found.append(Breach("below_min", group, count, fewest, staff))
        if bound.at_least_one and count == 0:
            found.append(Breach("none_present", group, count, 1, staff))
    return tuple(found)
