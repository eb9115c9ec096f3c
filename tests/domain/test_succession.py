"""Ranking candidates for a structural post (domain.succession).

Worked example: PP 11/2017 as amended by PP 17/2020 Pasal 107 huruf c — a JPT pratama comes
from an administrator (or JF ahli madya) with at least S-1/D-IV, 2 years in the post and at most
56 years of age; PermenPAN-RB 3/2020 — kotak 9, 8, 7 are the succession pool; PP 94/2021 — a
running sanction sedang or berat bars promotion. The expected orders below follow from those
rules read by hand, not from the code's output.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.succession import (
    Candidate,
    Requirement,
    age_on,
    exclusions,
    for_post,
    golongan_index,
    prepare,
    rank,
)

ON = date(2027, 10, 1)
JPT_PRATAMA = Requirement(
    level="jpt_pratama",
    feeders=frozenset({"administrator", "fungsional:ahli_madya"}),
    min_golongan="IV/a",
    min_education="s1",
    min_years=2,
    max_age=56,
    family="manajerial",
)


def person(pk: int, **kw: object) -> Candidate:
    base = Candidate(
        id=pk,
        level="administrator",
        family="manajerial",
        status="pns",
        golongan="IV/a",
        education="s2",
        birth_date=date(1980, 1, 1),
        years_in_post=4,
        training_hours=20,
        competency=75.0,
        box=8,
        running_sanction=False,
        post=("unit", pk),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_golongan_order_reads_written_forms() -> None:
    assert golongan_index("III/d") < golongan_index("IV/a") < golongan_index("IV/e")
    assert golongan_index("iv/A") == golongan_index("IV/a")
    assert golongan_index("IX") == -1  # a PPPK golongan is not a PNS rank


def test_age_on_counts_birthdays() -> None:
    assert age_on(date(1971, 10, 2), ON) == 55
    assert age_on(date(1971, 10, 1), ON) == 56


def test_worked_example_pasal_107() -> None:
    """Five administrators for a Kepala Dinas post (JPT pratama)."""
    a = person(1, box=9)
    b = person(2, box=7, competency=95.0)
    c = person(3, box=9, running_sanction=True)  # hukuman disiplin sedang berjalan
    d = person(4, box=8, golongan="III/d")  # pangkat belum memenuhi
    e = person(5, box=5)  # outside the pool: ranked after it
    f = person(6, level="pengawas", box=9)  # not a feeder level: not a candidate
    g = person(7, box=8, years_in_post=1)  # one year in post, two needed
    h = person(8, box=8, birth_date=date(1970, 1, 1))  # 57 on 1 October 2027
    result = rank(JPT_PRATAMA, [a, b, c, d, e, f, g, h], ON)
    assert [r.candidate.id for r in result.ranked] == [1, 2, 5]
    assert [r.rank for r in result.ranked] == [1, 2, 3]
    assert result.ranked[0].ahead_by == "box"
    excluded = {x.candidate.id: x.reasons for x in result.excluded}
    assert excluded == {
        3: ("running_sanction",),
        4: ("rank_too_low",),
        7: ("too_few_years",),
        8: ("over_age",),
    }


def test_post_holder_is_excluded_from_own_post() -> None:
    a, b = person(1), person(2)
    result = rank(JPT_PRATAMA, [a, b], ON, post=("unit", 1))
    assert [r.candidate.id for r in result.ranked] == [2]
    assert result.excluded[0].reasons == ("holds_post",)


def test_not_pns_and_education() -> None:
    c = person(1, status="pppk", education="d3")
    assert exclusions(JPT_PRATAMA, c, ON) == ("not_pns", "education_too_low")


def test_ties_by_criterion_order() -> None:
    same_box = [person(1, competency=70.0), person(2, competency=80.0)]
    result = rank(JPT_PRATAMA, same_box, ON)
    assert [r.candidate.id for r in result.ranked] == [2, 1]
    assert result.ranked[0].ahead_by == "competency"
    fam = rank(JPT_PRATAMA, [person(1, family="kesehatan", competency=99.0), person(2)], ON)
    assert [r.candidate.id for r in fam.ranked] == [2, 1]
    assert fam.ranked[0].ahead_by == "family"


def test_limit_keeps_ranks_and_prepare_is_reusable() -> None:
    people = [person(i, competency=float(i)) for i in range(1, 11)]
    prepared = prepare(JPT_PRATAMA, people, ON)
    top = for_post(prepared, post=("unit", 10), limit=3)
    assert [r.candidate.id for r in top.ranked] == [9, 8, 7]
    assert [x.candidate.id for x in top.excluded] == [10]
    assert for_post(prepared, limit=3).ranked[0].candidate.id == 10


boxes = st.one_of(st.none(), st.integers(1, 9))
people_st = st.builds(
    person,
    st.integers(1, 10_000),
    box=boxes,
    competency=st.one_of(st.none(), st.floats(0, 100)),
    years_in_post=st.one_of(st.none(), st.integers(0, 30)),
    training_hours=st.integers(0, 200),
    golongan=st.sampled_from(["III/c", "III/d", "IV/a", "IV/b"]),
    running_sanction=st.booleans(),
)


@given(st.lists(people_st, max_size=12, unique_by=lambda c: c.id))
def test_running_sanction_always_excludes(people: list[Candidate]) -> None:
    result = rank(JPT_PRATAMA, people, ON)
    assert all(not r.candidate.running_sanction for r in result.ranked)
    sanctioned = {c.id for c in people if c.running_sanction}
    assert sanctioned <= {x.candidate.id for x in result.excluded}


@given(people_st, st.integers(1, 9), st.integers(1, 9))
def test_better_box_never_ranks_lower(base: Candidate, box_a: int, box_b: int) -> None:
    """All else equal, a box later in 9, 8, 7, 6 … 1 never ranks above an earlier one."""
    order = [9, 8, 7, 6, 5, 4, 3, 2, 1]
    a = replace(base, id=1, box=box_a, running_sanction=False)
    b = replace(base, id=2, box=box_b, running_sanction=False)
    result = rank(JPT_PRATAMA, [a, b], ON)
    ids = [r.candidate.id for r in result.ranked]
    if ids and order.index(box_a) < order.index(box_b):
        assert ids == [1, 2]


@given(st.lists(people_st, max_size=12, unique_by=lambda c: c.id))
def test_pool_ranks_before_the_rest(people: list[Candidate]) -> None:
    ranked = rank(JPT_PRATAMA, people, ON).ranked
    in_pool = [r.candidate.box in {7, 8, 9} for r in ranked]
    assert in_pool == sorted(in_pool, reverse=True)
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
