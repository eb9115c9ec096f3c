"""CSV: encoding and delimiter detection."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import replace

from formasi.domain.csvcells import unguard
from formasi.domain.tabular.base import (
    CSV_DELIMITERS,
    CSV_SNIFF_CHARS,
    Cell,
    Table,
    TableError,
)
from formasi.domain.tabular.rows import (
    _build_table,
)

# --------------------------------------------------------------------------- csv

# Characters that occur inside header names ("Tgl. Lahir", "NIP/NI PPPK", "Jabatan (Nama)").
_HEADER_TEXT = frozenset(" _-./()'\"&%")


def _read_csv(data: bytes, expected: frozenset[str] | None) -> Table:
    text, encoding = _decode(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[Cell]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            # Exports guard formula-like text with an apostrophe (domain.csvcells): undone here.
            records.append((number, [unguard(value) if value else None for value in record]))
    except csv.Error as exc:
        raise TableError("csv.malformed", {"row": number + 1}) from exc
    table = _build_table(
        records, fmt="csv", sheet="", left=0, scan=None, typed=False, expected=expected
    )
    return replace(table, encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts: tuple[str, ...] = ("utf-16",)
    elif data.startswith(codecs.BOM_UTF8):
        attempts = ("utf-8-sig",)
    else:
        attempts = ("utf-8", "cp1252")
    for encoding in attempts:
        try:
            return data.decode(encoding), "windows-1252" if encoding == "cp1252" else encoding
        except UnicodeDecodeError:
            continue
    raise TableError(
        "csv.encoding", {"tried": ["windows-1252" if e == "cp1252" else e for e in attempts]}
    )


def _delimiter(text: str) -> str:
    sample = text[:CSV_SNIFF_CHARS]
    if len(text) > CSV_SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    header = next((line for line in sample.splitlines() if line.strip()), "")

    def width(delimiter: str) -> int:
        return len(next(csv.reader([header], delimiter=delimiter), []))

    best = max(CSV_DELIMITERS, key=width)  # ties keep the earlier, i.e. the comma
    if width(best) == 1:
        # No delimiter splits the header: a file separated by something else (``#``, ``~``)
        # would be read as one unnamed column. Named instead, when the header shows one.
        found = sorted({ch for ch in header if not ch.isalnum() and ch not in _HEADER_TEXT})
        if found:
            raise TableError("csv.delimiter", {"tried": list(CSV_DELIMITERS), "found": found})
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return best
    if sniffed not in CSV_DELIMITERS or (width(sniffed) == 1 and width(best) > 1):
        return best
    return sniffed
