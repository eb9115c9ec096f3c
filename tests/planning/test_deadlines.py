"""The usulan round's deadlines with the yearly overrides (formasi.planning.deadlines).

Worked example (DOMAIN §7.2, Perban BKN 9/2022 and PP 11/2017): the round of 2027 (penetapan
2028) has the usulan on 31 March 2027, the revised usulan and the national plan on 30 April,
the Minister of Finance's opinion on 31 May and BKN's pertimbangan teknis on 31 July 2027.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from formasi.core.env import BadSetting
from formasi.planning.deadlines import (
    current_round,
    deadlines_for,
    parse_overrides,
    parse_overrides_json,
)


def test_an_empty_setting_moves_nothing() -> None:
    assert parse_overrides_json("") == {}
    assert parse_overrides_json("  ") == {}
    assert parse_overrides(None) == {}
    assert parse_overrides({}) == {}


def test_the_json_of_the_environment_is_read_per_year_and_code() -> None:
    parsed = parse_overrides_json(
        '{"2027": {"usulan": "2027-04-15", "pertimbangan_teknis": "2027-08-14"}, "2028": {}}'
    )
    assert parsed == {
        2027: {"usulan": date(2027, 4, 15), "pertimbangan_teknis": date(2027, 8, 14)},
        2028: {},
    }


def test_a_settings_dict_may_hold_dates_and_numbers() -> None:
    assert parse_overrides({2027: {"menkeu_opinion": date(2027, 6, 2)}}) == {
        2027: {"menkeu_opinion": date(2027, 6, 2)}
    }


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ('{"2027": {"usulan": "31-03-2027"}}', "'usulan'"),
        ('{"2027": {"usulan": "2027-02-30"}}', "'usulan'"),
        ('{"2027": {"usulan": 20270415}}', "'usulan'"),
        ('{"2027": {"usulan_akhir": "2027-04-15"}}', "'usulan_akhir'"),
        ('{"tahun2027": {"usulan": "2027-04-15"}}', "'tahun2027'"),
        ('{"27x": {}}', "'27x'"),
        ('{"0027": {}}', "'0027'"),
        ('{"2027": ["usulan", "2027-04-15"]}', "'2027'"),
        ('{"2027": {}, " 2027": {}}', "2027"),
        ('["2027"]', "FORMASI_PROPOSAL_DEADLINES"),
        ('{"2027": {"usulan": "2027-04-15"}', "must be JSON"),
    ],
)
def test_a_bad_setting_names_the_bad_key(raw: str, named: str) -> None:
    with pytest.raises(BadSetting) as error:
        parse_overrides_json(raw)
    assert "FORMASI_PROPOSAL_DEADLINES" in str(error.value)
    assert named in str(error.value)


def test_a_datetime_is_not_a_date() -> None:
    from datetime import datetime

    with pytest.raises(BadSetting, match="'usulan'"):
        parse_overrides({2027: {"usulan": datetime(2027, 4, 15, 9)}})


def test_without_overrides_the_rules_give_the_ends_of_the_months() -> None:
    with override_settings(FORMASI_PROPOSAL_DEADLINES={}):
        rows = deadlines_for(2027)
    assert [(d.code, d.date, d.rule) for d in rows] == [
        ("usulan", date(2027, 3, 31), "Perban BKN 9/2022"),
        ("usulan_revised", date(2027, 4, 30), "Perban BKN 9/2022"),
        ("national_plan", date(2027, 4, 30), "PP 11/2017"),
        ("menkeu_opinion", date(2027, 5, 31), "PP 11/2017"),
        ("pertimbangan_teknis", date(2027, 7, 31), "Perban BKN 9/2022"),
    ]


def test_an_override_moves_only_its_year_and_code() -> None:
    moved = {"2027": {"usulan": "2027-05-10"}}
    with override_settings(FORMASI_PROPOSAL_DEADLINES=moved):
        in_2027 = {d.code: d.date for d in deadlines_for(2027)}
        in_2028 = {d.code: d.date for d in deadlines_for(2028)}
    assert in_2027["usulan"] == date(2027, 5, 10)
    assert in_2027["usulan_revised"] == date(2027, 4, 30)
    assert in_2028["usulan"] == date(2028, 3, 31)
    # Earliest first: the moved usulan now comes after April's steps.
    with override_settings(FORMASI_PROPOSAL_DEADLINES=moved):
        codes = [d.code for d in deadlines_for(2027)]
    assert codes.index("usulan") > codes.index("national_plan")


def test_a_bad_setting_is_refused_on_read_too() -> None:
    with (
        override_settings(FORMASI_PROPOSAL_DEADLINES={"2027": {"usul": "2027-04-01"}}),
        pytest.raises(BadSetting, match="'usul'"),
    ):
        deadlines_for(2027)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2027, 1, 1), 2027),
        (date(2027, 7, 30), 2027),
        (date(2027, 7, 31), 2027),  # the last day of the round is still its day
        (date(2027, 8, 1), 2028),
        (date(2026, 12, 31), 2027),
    ],
)
def test_the_round_is_the_one_whose_end_of_july_has_not_passed(today: date, year: int) -> None:
    with override_settings(FORMASI_PROPOSAL_DEADLINES={}):
        round_ = current_round(today)
    assert round_.year == year
    assert round_.penetapan_year == year + 1


def test_a_letter_moving_the_last_deadline_keeps_the_round_open() -> None:
    moved: dict[str, Any] = {"2027": {"pertimbangan_teknis": "2027-08-20"}}
    with override_settings(FORMASI_PROPOSAL_DEADLINES=moved):
        assert current_round(date(2027, 8, 1)).year == 2027
        assert current_round(date(2027, 8, 21)).year == 2028


def test_days_left_at_the_edges_and_the_next_deadline() -> None:
    with override_settings(FORMASI_PROPOSAL_DEADLINES={}):
        on_the_day = current_round(date(2027, 3, 31))
        after = current_round(date(2027, 4, 1))
    left = {row.code: row.days_left for row in on_the_day.deadlines}
    assert left["usulan"] == 0
    assert left["usulan_revised"] == 30
    assert left["pertimbangan_teknis"] == 122  # 30 + 31 + 30 + 31 days
    assert [row.code for row in on_the_day.deadlines if row.is_next] == ["usulan"]
    left = {row.code: row.days_left for row in after.deadlines}
    assert left["usulan"] == -1
    # Two deadlines on 30 April: the first of the year's steps is the next one.
    assert [row.code for row in after.deadlines if row.is_next] == ["usulan_revised"]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2999, 12, 31)))
def test_every_day_sees_one_round_with_one_next_deadline(today: date) -> None:
    with override_settings(FORMASI_PROPOSAL_DEADLINES={}):
        round_ = current_round(today)
    assert round_.year in {today.year, today.year + 1}
    nexts = [row for row in round_.deadlines if row.is_next]
    assert len(nexts) == 1
    assert nexts[0].days_left >= 0
    assert all(row.days_left < 0 for row in round_.deadlines[: round_.deadlines.index(nexts[0])])
    assert all(row.days_left == (row.deadline.date - today).days for row in round_.deadlines)
    # The round changes only after its last deadline.
    yesterday = current_round(today - timedelta(days=1)) if today.year > 2000 else round_
    assert yesterday.year <= round_.year
