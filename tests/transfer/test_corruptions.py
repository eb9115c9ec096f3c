"""Whatever happens to an exported file, the import answers: a check always returns an
Outcome (never raises), and a commit either succeeds or raises ImportRefused having written
nothing.

Starts from agency A's own export (xlsx and csv) and applies generated corruptions: bytes
flipped, inserted or deleted, the file cut short, a cell's content replaced by arbitrary
text or values, columns swapped, rows duplicated. Each example runs in a savepoint rolled
back at its end, so every example starts from the same database.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from formasi.transfer import services
from formasi.transfer.kinds import Context
from tests.transfer.builders import KIND, ctx_for, exported_rows, file_of, snapshot

FIELDS = [c.field for c in KIND.columns]
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

offsets = st.integers(min_value=0, max_value=2**31)
byte_edits = st.one_of(
    st.tuples(st.just("flip"), offsets, st.integers(0, 7)),
    st.tuples(st.just("insert"), offsets, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("delete"), offsets, st.integers(1, 512)),
    st.tuples(st.just("truncate"), offsets),
)
interesting_text = st.sampled_from(
    [
        "",
        " ",
        "=1+1",
        '=HYPERLINK("http://x")',
        "31-02-2020",
        "00-00-0000",
        "9999-12-31",
        "1e400",
        "NaN",
        "-0",
        "１９８５０３０２２０１００１２００１",  # full-width digits
        "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦",  # Arabic-Indic digits
        "*" * 16,
        "627101******0001",
        "Ya",
        "Tidak",
        "x" * 5000,
        "\ufeffNIP",
        "L\u0301",
    ]
)


def texts(fmt: str) -> st.SearchStrategy[str]:
    # openpyxl refuses control characters in xlsx cells; csv carries anything but surrogates.
    blacklist = ("Cs", "Cc") if fmt == "xlsx" else ("Cs",)
    return st.one_of(
        interesting_text, st.text(st.characters(blacklist_categories=blacklist), max_size=40)
    )


def values(fmt: str) -> st.SearchStrategy[object]:
    return st.one_of(
        texts(fmt),
        st.none(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=fmt == "csv", allow_infinity=fmt == "csv"),
        st.dates(),
        st.booleans(),
    )


def cell_edits(fmt: str) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.one_of(
        st.tuples(st.just("replace"), offsets, st.sampled_from(FIELDS), values(fmt)),
        st.tuples(st.just("swap"), st.sampled_from(FIELDS), st.sampled_from(FIELDS)),
        st.tuples(st.just("duplicate"), offsets),
        st.tuples(st.just("drop"), offsets),
        st.tuples(st.just("reorder"), st.permutations(range(len(FIELDS)))),
    )


def corrupt_bytes(data: bytes, edits: list[tuple[Any, ...]]) -> bytes:
    buffer = bytearray(data)
    for edit in edits:
        if not buffer:
            break
        at = edit[1] % len(buffer)
        if edit[0] == "flip":
            buffer[at] ^= 1 << edit[2]
        elif edit[0] == "insert":
            buffer[at:at] = edit[2]
        elif edit[0] == "delete":
            del buffer[at : at + edit[2]]
        else:
            del buffer[at:]
    return bytes(buffer)


def corrupt_cells(rows: list[dict[str, object]], edits: list[tuple[Any, ...]], fmt: str) -> bytes:
    rows = [dict(r) for r in rows]
    columns = list(KIND.columns)
    for edit in edits:
        if edit[0] == "replace" and rows:
            rows[edit[1] % len(rows)][edit[2]] = edit[3]
        elif edit[0] == "swap":
            for row in rows:
                row[edit[1]], row[edit[2]] = row.get(edit[2]), row.get(edit[1])
        elif edit[0] == "duplicate" and rows:
            rows.append(dict(rows[edit[1] % len(rows)]))
        elif edit[0] == "drop" and rows:
            del rows[edit[1] % len(rows)]
        elif edit[0] == "reorder":
            columns = [columns[i] for i in edit[1]]
    from formasi.core.xlsx import write_table

    return write_table(columns, rows, fmt)


def assert_answers(ctx: Context, data: bytes) -> None:
    """check returns an Outcome; commit succeeds or refuses without writing (rolled back)."""
    outcome = services.check(KIND, ctx, data)
    assert isinstance(outcome, services.Outcome)
    outcome.error_dicts()  # every message renders
    with transaction.atomic():
        before = snapshot()
        try:
            committed = services.commit(KIND, ctx, data)
        except services.ImportRefused as exc:
            event("refused: " + ("file" if exc.outcome.file_errors else "rows"))
            assert not exc.outcome.ok
            assert snapshot() == before
        else:
            event("committed")
            assert committed.ok
            assert outcome.ok
        transaction.set_rollback(True)


@SETTINGS
@given(fmt=st.sampled_from(["xlsx", "csv"]), edits=st.lists(byte_edits, min_size=1, max_size=4))
def test_corrupted_bytes_are_answered(world, fmt, edits):
    admin = world.users["admin_a"]
    data = file_of(exported_rows(admin, world.agency_a), fmt)
    assert_answers(ctx_for(admin, world.agency_a, f"pegawai.{fmt}"), corrupt_bytes(data, edits))


@SETTINGS
@given(data=st.data(), fmt=st.sampled_from(["xlsx", "csv"]))
def test_corrupted_cells_are_answered(world, data, fmt):
    admin = world.users["admin_a"]
    edits = data.draw(st.lists(cell_edits(fmt), min_size=1, max_size=4), label="edits")
    rows = exported_rows(admin, world.agency_a)
    ctx = ctx_for(admin, world.agency_a, f"pegawai.{fmt}")
    assert_answers(ctx, corrupt_cells(rows, edits, fmt))


@SETTINGS
@given(edits=st.lists(cell_edits("csv"), min_size=1, max_size=3))
def test_an_operators_corrupted_file_is_answered(world, edits):
    operator = world.users["operator_dinkes_a"]
    rows = exported_rows(operator, world.agency_a)
    ctx = ctx_for(operator, world.agency_a, "pegawai.csv", full_snapshot=True)
    assert_answers(ctx, corrupt_cells(rows, edits, "csv"))
