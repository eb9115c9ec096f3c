"""The active ASN of many agencies as numpy arrays, read from PostgreSQL in one row (issue 21).

``fiveyear.collect`` needs, per person, the (unit, position) cell, the kind of status (PNS,
contract, other), the birth year, whether a PNS is born in December, the plan year a
contract frees its post in, and the sex. Grouping those in SQL hardly merges anything (4.3
million groups of 4.6 million people nationally) and reading millions of rows costs the
client a few microseconds each, so instead the database packs every person into two binary
strings — the cell as an int8 (unit << 32 | position) and the rest as one int4 — which numpy
reads whole. Each row stands for one person (``n`` = 1); ``collect``'s arithmetic is the
same as over counted groups.

The int4 packs, from the lowest bit: sex code (2 bits), born in December (1), kind (2), the
contract's end year minus 1899 (11 bits; 0 when there is none), birth year (12 bits).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import psycopg
from django.db import connection

from formasi.workforce.models import Employee


def staff_rows_postgresql(
    agency_ids: Sequence[int],
    *,
    pns: Sequence[str],
    contract: Sequence[str],
    excluded: str,
    sexes: Sequence[str],
    kinds: tuple[int, int],
) -> dict[str, np.ndarray]:
    """One entry per active employee of the agencies whose status is not ``excluded``:
    unit, position, kind (``kinds`` = the codes of PNS and contract, else 0), birth year,
    december (PNS born in December), end_year (a contract's free-from year, else 0), sex
    (index in ``sexes``, else len(sexes)) and n (1)."""
    table = Employee._meta.db_table
    is_pns = "status IN (" + ", ".join(f"'{s}'" for s in pns) + ")"
    is_contract = "status IN (" + ", ".join(f"'{s}'" for s in contract) + ")"
    sex = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(sexes))
    kind = f"CASE WHEN {is_pns} THEN {kinds[0]} WHEN {is_contract} THEN {kinds[1]} ELSE 0 END"
    end = (
        f"CASE WHEN {is_contract} AND contract_end IS NOT NULL THEN LEAST(GREATEST("
        "date_part('year', contract_end)::int4 - 1899 + (date_part('month', contract_end) = 12 "
        "AND date_part('day', contract_end) = 31)::int4, 1), 2047) ELSE 0 END"
    )
    december = f"({is_pns} AND date_part('month', birth_date) = 12)::int4"
    packed = (
        f"(COALESCE(date_part('year', birth_date)::int4, 0) << 16) | (({end}) << 5) "
        f"| (({kind}) << 3) | (COALESCE({december}, 0) << 2) "
        f"| (CASE sex {sex} ELSE {len(sexes)} END)"
    )
    ids = "ARRAY[" + ",".join(str(int(a)) for a in agency_ids) + "]::bigint[]"
    sql = f"""
        SELECT string_agg(int8send((unit_id::int8 << 32) | COALESCE(position_id, 0)::int8), ''),
               string_agg(int4send({packed}), '')
        FROM {table}
        WHERE agency_id = ANY({ids}) AND active AND status <> '{excluded}'
    """  # noqa: S608 (constants and whole numbers only)
    connection.ensure_connection()
    # Django's cursors bind on the client, which cannot ask for binary results: a plain
    # psycopg cursor on the same connection (and transaction) reads the two strings as bytes.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, binary=True)
        row = cursor.fetchone()
    cells, attributes = row if row is not None else (None, None)
    key = np.frombuffer(cells or b"", dtype=">i8").astype(np.int64)
    bits = np.frombuffer(attributes or b"", dtype=">i4").astype(np.int64)
    end_code = (bits >> 5) & 0x7FF
    return {
        "unit": key >> 32,
        "position": key & 0xFFFFFFFF,
        "kind": (bits >> 3) & 0x3,
        "birth_year": bits >> 16,
        "december": (bits >> 2) & 0x1,
        "end_year": np.where(end_code > 0, end_code + 1899, 0),
        "sex": bits & 0x3,
        "n": np.ones(len(key), dtype=np.int64),
    }
