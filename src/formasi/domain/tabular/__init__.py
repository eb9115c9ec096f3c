"""Read an uploaded table (xlsx, xls, ods or csv) safely into plain Python values.

The lowest layer of personnel and organisation imports (issue 3): it decides what the file
really is, refuses files that are dangerous or not tables, finds the header row and returns
the cells untyped. Typing, validation and the mapping to model fields are the next layers'
job. Pure Python (no Django); every failure is a :class:`TableError` whose ``code`` (one of
:data:`CODES`) the Django layer turns into an Indonesian message, with ``detail`` holding
the plain values for the placeholders.

Rules implemented
-----------------
* Size first: more than ``max_bytes`` (50 MiB by default) is refused before anything else.
* The type comes from the content (magic bytes), not the name: xlsx and ods are zip
  containers (``[Content_Types].xml`` plus ``xl/`` parts; a ``mimetype`` member naming an
  OpenDocument spreadsheet), xls is an OLE2 compound file, csv is text. A name that
  disagrees with the content is refused, so a renamed file never reaches the wrong parser.
* Zip bombs: :func:`formasi.domain.archives.open_zip` inflates every member in chunks,
  counting real bytes, before the workbook parser sees the file: at most ``zip_limits``
  (2,000 members, 500 MiB in total, no member over 10 MiB compressed more than 100:1), and
  a member inflating to more than its header declares is refused. For xlsx the sheet XML is also
  scanned (streaming, DTDs refused) for formulas, merged cells and the used area, which
  must stay under :data:`MAX_CELLS` so the parser never allocates a giant grid. For ods the
  used areas of all tables in ``content.xml`` together must stay under it (the parser loads
  every table when it opens the file); for xls, which has no such cheap scan, the limit is
  checked on the parser's sheet before its cells become Python values.
* The header is the first row with any content; rows above it and empty rows at the end are
  dropped. When the caller names the header spellings it knows (``expected_headers``), the
  header is instead the first of the first :data:`HEADER_SEARCH_ROWS` non-empty rows where
  at least two cells (or the one non-empty cell) are known spellings, so title rows above
  the table are skipped; a one-cell row is passed over when a later row also qualifies, and
  with no qualifying row the rule falls back to the first row with content. Header text is
  stripped; a blank header is allowed only over an empty column; two headers equal after
  :func:`normalise_header` are refused. Merged cells in the header and data rows are
  refused; those entirely above the header (a merged title) are ignored.
* CSV is UTF-8 (BOM optional; UTF-16 with a BOM is also accepted, as Excel's "Unicode
  text" writes it), else Windows-1252; the delimiter is one of comma, semicolon or tab.
  CSV cells stay strings.
* Identifiers typed into number cells: a spreadsheet stores numbers as binary floats, exact
  to 15 significant digits, so an 18-digit NIP or 16-digit NIK typed as a number has lost
  its last digits. :func:`identifier_text` gives the text of an identifier cell, or ``None``
  when the cell is such a number and its digits cannot be trusted.

Units: sizes in bytes (``limit_mb`` details in MiB); row numbers are 1-based as a
spreadsheet program shows them (for csv, the record number); columns are 0-based indexes
into :attr:`Table.headers`.
"""

from __future__ import annotations

from formasi.domain.tabular.base import (
    CODES,
    MAX_CELLS,
    Cell,
    Table,
    TableError,
)
from formasi.domain.tabular.read import (
    read_table,
)
from formasi.domain.tabular.rows import (
    EMPLOYEE_HEADER_SYNONYMS,
    identifier_text,
    match_headers,
    normalise_header,
)

__all__ = [
    "CODES",
    "EMPLOYEE_HEADER_SYNONYMS",
    "MAX_CELLS",
    "Cell",
    "Table",
    "TableError",
    "identifier_text",
    "match_headers",
    "normalise_header",
    "read_table",
]
