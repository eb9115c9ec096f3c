"""Indeks Kepuasan Masyarakat (IKM) of a public-service unit's survey (SKM).

Pure Python (standard library only, no Django). Inputs are scores; outputs are numbers and codes
(unsur codes, grades "A"–"D"). The Django layer words them in Indonesian.

Rules implemented (DOMAIN §12, PermenPAN-RB 14/2017, [V])
----------------------------------------------------------
* Nine unsur (:data:`UNSUR`), in the order of the regulation's questionnaire: U1 persyaratan,
  U2 sistem/mekanisme/prosedur, U3 waktu penyelesaian, U4 biaya/tarif, U5 produk spesifikasi
  jenis pelayanan, U6 kompetensi pelaksana, U7 perilaku pelaksana, U8 sarana dan prasarana,
  U9 penanganan pengaduan, saran dan masukan. Each scored 1 (tidak baik) … 4 (sangat baik).
* NRR per unsur = Σ nilai unsur ÷ the number of respondents who scored that unsur (a skipped
  unsur is ``None`` and leaves the others' averages unchanged).
* IKM (1–4) = Σ NRR × 1/9 (exact weights); **IKM unit = IKM × 25** (25–100).
* ``legacy_index``: the same with the weight rounded to :data:`LEGACY_WEIGHT` (0.111, as the
  issue's public API and older reports write 1/9); some reports round further to 0.11 (the
  published worked example prints 3.6207 × 0.11 = 0.3983 and IKM 90.56 against 91.48 exact).
* Mutu pelayanan (:func:`grade`), read off the conversion table at two decimals:
  25.00–64.99 D, 65.00–76.60 C, 76.61–88.30 B, 88.31–100.00 A.

Fractions keep every step exact; figures are returned as :class:`~decimal.Decimal`, NRR at four
decimals and indices at two (half up), the precision of the regulation's tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = [
    "GRADES",
    "LEGACY_WEIGHT",
    "SCORES",
    "UNSUR",
    "IkmResult",
    "SurveyError",
    "from_totals",
    "grade",
    "ikm",
    "weakest",
]

#: The nine unsur, in the questionnaire's order.
UNSUR: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
SCORES: tuple[int, ...] = (1, 2, 3, 4)
#: Grades from best to worst with the lowest index (two decimals) of each band.
GRADES: tuple[tuple[str, Decimal], ...] = (
    ("A", Decimal("88.31")),
    ("B", Decimal("76.61")),
    ("C", Decimal("65.00")),
    ("D", Decimal("25.00")),
)
LEGACY_WEIGHT = Fraction(111, 1000)
CONVERSION = 25
_NRR_PLACES = Decimal("0.0001")
_INDEX_PLACES = Decimal("0.01")


class SurveyError(ValueError):
    """A response that is not nine scores 1–4 (or None); ``code`` says why."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class IkmResult:
    """The survey's figures: ``nrr`` per unsur (None where nobody scored it), ``answered`` per
    unsur, ``respondents``, ``index`` and ``legacy_index`` (25–100, None without any score; the
    legacy one also None unless all nine unsur were scored) and the ``grade`` of ``index``."""

    respondents: int
    answered: tuple[int, ...]
    nrr: tuple[Decimal | None, ...]
    index: Decimal | None
    legacy_index: Decimal | None
    grade: str | None


def _decimal(value: Fraction, places: Decimal) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        places, rounding=ROUND_HALF_UP
    )


def _check(response: Sequence[int | None]) -> None:
    if len(response) != len(UNSUR):
        raise SurveyError("survey.length")
    for score in response:
        if score is not None and (isinstance(score, bool) or score not in SCORES):
            raise SurveyError("survey.score")


def ikm(responses: Iterable[Sequence[int | None]]) -> IkmResult:
    """The IKM of a set of responses, each nine scores 1–4 (None where skipped)."""
    totals = [0] * len(UNSUR)
    counts = [0] * len(UNSUR)
    respondents = 0
    for response in responses:
        _check(response)
        respondents += 1
        for i, score in enumerate(response):
            if score is not None:
                totals[i] += score
                counts[i] += 1
    return from_totals(totals, counts, respondents)


def from_totals(totals: Sequence[int], counts: Sequence[int], respondents: int) -> IkmResult:
    """The same result from per-unsur sums of scores and counts of scores (as a database sums
    them): ``ikm(rows) == from_totals(Σ scores, Σ answered, len(rows))``."""
    if len(totals) != len(UNSUR) or len(counts) != len(UNSUR):
        raise SurveyError("survey.length")
    exact = [Fraction(t, n) if n else None for t, n in zip(totals, counts, strict=True)]
    present = [value for value in exact if value is not None]
    index: Decimal | None = None
    legacy: Decimal | None = None
    if present:
        index = _decimal(sum(present, Fraction(0)) / len(present) * CONVERSION, _INDEX_PLACES)
    if len(present) == len(UNSUR):
        legacy = _decimal(sum(present, Fraction(0)) * LEGACY_WEIGHT * CONVERSION, _INDEX_PLACES)
    return IkmResult(
        respondents=respondents,
        answered=tuple(counts),
        nrr=tuple(None if v is None else _decimal(v, _NRR_PLACES) for v in exact),
        index=index,
        legacy_index=legacy,
        grade=None if index is None else grade(index),
    )


def grade(index: Decimal | float | int) -> str:
    """Mutu pelayanan "A"–"D" of an IKM unit (25–100), compared at two decimals."""
    value = Decimal(str(index)).quantize(_INDEX_PLACES, rounding=ROUND_HALF_UP)
    if not Decimal(25) <= value <= Decimal(100):
        raise SurveyError("survey.index_range")
    for code, lowest in GRADES:
        if value >= lowest:
            return code
    raise AssertionError("unreachable: D starts at 25")  # pragma: no cover


def weakest(nrr: Sequence[Decimal | None]) -> str | None:
    """The unsur with the lowest NRR (the first in questionnaire order on a tie)."""
    scored = [(value, i) for i, value in enumerate(nrr) if value is not None]
    if not scored:
        return None
    return UNSUR[min(scored)[1]]
