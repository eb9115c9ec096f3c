"""What an import preview compared against, and what changed before its commit (pure)."""

from __future__ import annotations

from datetime import date

from formasi.domain.importing import changed_since, record_digests

STORED = {
    "198001012005011001": {"name": "Budi", "birth_date": date(1980, 1, 1), "golongan": "III/a"},
    "198502022010012002": {"name": "Siti", "birth_date": date(1985, 2, 2), "golongan": "III/b"},
}


def test_a_key_without_a_stored_record_has_an_empty_digest() -> None:
    digests = record_digests(STORED, ["198001012005011001", "199001012015011003"])
    assert digests["199001012015011003"] == ""
    assert digests["198001012005011001"]


def test_digests_ignore_field_order_and_see_every_value() -> None:
    key = "198001012005011001"
    reordered = {key: dict(reversed(list(STORED[key].items())))}
    assert record_digests(reordered, [key]) == record_digests(STORED, [key])
    edited = {key: {**STORED[key], "golongan": "III/b"}}
    assert record_digests(edited, [key]) != record_digests(STORED, [key])


def test_changed_since_lists_changed_created_and_removed_records() -> None:
    keys = list(STORED)
    before = record_digests(STORED, [*keys, "new"])
    now_stored = {keys[0]: {**STORED[keys[0]], "name": "Budi S."}, "new": {"name": "Baru"}}
    now = record_digests(now_stored, [*keys, "new"])
    assert changed_since(before, now) == sorted([keys[0], keys[1], "new"])
    assert changed_since(before, before) == []
    # A key only one side knows counts as "no record" on the other.
    assert changed_since({}, {"x": ""}) == []
    assert changed_since({}, {"x": "abc"}) == ["x"]
