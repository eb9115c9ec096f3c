"""Indonesian (translatable) messages for the stable error codes of reading an upload
(``formasi.domain.tabular``, ``formasi.domain.importing``); every app that reads one uses them."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from formasi.domain.importing import RowError


def _join(values: object) -> str:
    if isinstance(values, list | tuple):
        return ", ".join(str(v) for v in values)
    return str(values)


def table_error_message(code: str, detail: Mapping[str, object]) -> str:
    """The message for a ``formasi.domain.tabular.TableError``."""
    d = dict(detail)
    messages = {
        "file.too_large": _(
            "The file is {size_mb} MB; the limit is {limit_mb} MB. Split it or remove "
            "unused sheets and columns."
        ),
        "file.empty": _("The file has no data."),
        "file.type_mismatch": _(
            "The file's name says .{extension}, but its content is {detected}. Save it again "
            "from Excel or LibreOffice as .xlsx, .xls, .ods or .csv."
        ),
        "file.unsupported": _(
            "Files of type .{extension} cannot be imported; use .xlsx, .xls, .ods or .csv."
        ),
        "file.zip_bomb": _(
            "The file expands to far more data than a spreadsheet holds and was refused."
        ),
        "file.zip_members": _(
            "The file holds more than {limit} files inside; a spreadsheet holds far fewer. "
            "It was refused."
        ),
        "file.corrupt": _("The file is damaged and cannot be read. Save it again and retry."),
        "file.encrypted": _("The workbook is password-protected. Remove the password first."),
        "csv.encoding": _(
            "The CSV file's text encoding is not recognised. Save it as “CSV UTF-8” from Excel."
        ),
        "csv.malformed": _("The CSV file cannot be split into rows (near record {row})."),
        "csv.delimiter": _(
            "The CSV file's columns are not separated by any delimiter Formasi knows (tried: "
            "{tried}); the header holds {found}. Save the file again with one of those "
            "delimiters."
        ),
        "sheet.not_found": _("The sheet “{sheet}” does not exist; the file has: {available}."),
        "sheet.too_large": _(
            "The sheet uses {rows} rows × {columns} columns, more than can be imported at once."
        ),
        "sheet.merged_cells": _(
            "The table has merged cells ({ranges}). Unmerge them so every row has its own "
            "values, then upload again."
        ),
        "sheet.no_header": _(
            "Row {row} holds numbers or dates where the column names should be. The first "
            "row of the table must hold the column names."
        ),
        "sheet.blank_header": _(
            "Column {column_letter} has values (from row {row}) but no column name."
        ),
        "sheet.duplicate_header": _("These column names appear twice: {headers}."),
    }
    if "ranges" in d:
        d["ranges"] = _join(d["ranges"])
    if "headers" in d:
        d["headers"] = _join(d["headers"])
    if code == "csv.delimiter":
        tried, found = d.get("tried", []), d.get("found", [])
        d["tried"] = _join(
            [_delimiter_name(str(c)) for c in tried] if isinstance(tried, list) else tried
        )
        d["found"] = _join([f"“{c}”" for c in found] if isinstance(found, list) else found)
    if "available" in d:
        d["available"] = _join(d["available"])
    if "column" in d and isinstance(d["column"], int):
        d["column_letter"] = column_letter(d["column"])
    template = messages.get(code, _("The file cannot be read ({code}).").replace("{code}", code))
    try:
        return template.format(**d)
    except (KeyError, IndexError, ValueError):
        return template


def _delimiter_name(char: str) -> str:
    names = {
        ",": _("comma (,)"),
        ";": _("semicolon (;)"),
        "\t": _("tab"),
        "|": _("pipe (|)"),
    }
    return names.get(char, f"“{char}”")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_error_message(error: RowError) -> str:
    """The message for a cell, row or file-level error of ``formasi.domain.importing``."""
    d = dict(error.detail)
    if "message" in d:
        return str(d["message"])
    messages = {
        "cell.required": _("This column is required and the cell is empty."),
        "cell.formula": _(
            "The cell holds a formula. Replace it with its value (copy, paste as values)."
        ),
        "text.too_long": _("At most {max_length} characters (this cell has {length})."),
        "integer.invalid": _("“{value}” is not a whole number."),
        "number.range": _("{value} is outside the allowed range {min}–{max}."),
        "decimal.invalid": _("“{value}” is not a number."),
        "date.invalid": _("“{value}” is not a date; write it as DD-MM-YYYY, e.g. 31-12-1980."),
        "date.number": _(
            "The cell holds the number {value}, not a date. Format the column as a date or "
            "write DD-MM-YYYY."
        ),
        "choice.invalid": _("“{value}” is not one of: {allowed}."),
        "digits.invalid": _("“{value}” must contain only digits."),
        "digits.number_cell": _(
            "The identifier is stored as a number ({value}), so the spreadsheet has dropped "
            "its last digits. Format the column as Text and type the digits again."
        ),
        "digits.length": _("“{value}” must have exactly {length} digits."),
        "boolean.invalid": _("“{value}” is not Ya or Tidak."),
        "key.duplicate": _("{key} also appears in row(s) {rows}; each may appear only once."),
        "column.missing": _("The required column “{column}” is not in the file."),
        "column.missing_group": _("The file needs one of these columns: {columns}."),
        "row.changed_since_check": _(
            "Someone changed this record after the file was checked; upload the file again."
        ),
    }
    for name in ("allowed", "rows", "columns"):
        if name in d:
            d[name] = _join(d[name])
    template = messages.get(error.code, error.code)
    try:
        return template.format(**d)
    except (KeyError, IndexError, ValueError):
        return template
