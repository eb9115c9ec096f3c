"""A zip bomb uploaded as a workbook is refused in bounded memory (issue 13, finding 6).

The attack: a 1 MB xlsx whose sheet really inflates to 1 GiB of zeros. With honest headers
the declared size gives it away; with headers that say the sheet is 5 MB, the worker used to
grow past 2 GB inside the workbook parser before calling the file corrupt. The import's read
step runs in a child process, so its peak memory (``ru_maxrss`` of the finished child) is
measured alone, and must stay under 300 MB, with the Indonesian refusal as its answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.utils import translation

from formasi.core.upload_messages import table_error_message
from tests.domain.builders import MIB, Member, deflated_zeros, xlsx_with_sheet

PEAK_LIMIT_KB = 300 * 1024  # ru_maxrss is in KiB on Linux
GIB = 1024 * MIB

# The child: the import's own read step for an employees file, in Indonesian, as the worker
# runs it; prints the file errors as JSON.
CHILD = textwrap.dedent(
    """
    import json, os, sys
    import django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    django.setup()
    from django.utils import translation
    from formasi.transfer import services
    from formasi.transfer.kinds import KINDS
    data = open(sys.argv[1], "rb").read()
    with translation.override("id"):
        outcome, rows = services.read(KINDS["employees"], data, "pegawai.xlsx")
    print(json.dumps({"errors": outcome.file_errors, "rows": len(rows)}))
    """
)

# The measuring parent: runs the child and reports RUSAGE_CHILDREN, which then covers it alone.
MEASURE = textwrap.dedent(
    """
    import resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    print(done.stdout.strip())
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """
)


@pytest.fixture(scope="module")
def zeros() -> tuple[bytes, int]:
    """1 GiB of zeros deflated (about 1 MB) and its CRC, built once (a few seconds)."""
    return deflated_zeros(GIB)


def run_import_read(path: Path) -> tuple[dict[str, object], int]:
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", MEASURE, sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    assert len(lines) >= 2, done.stderr[-3000:]
    peak_kb = int(lines[-1])
    assert lines[-2].startswith("{"), (done.stderr[-3000:], peak_kb)
    return json.loads(lines[-2]), peak_kb


@pytest.mark.parametrize(
    "declared",
    [pytest.param(GIB, id="honest-headers"), pytest.param(5 * MIB, id="headers-lie")],
)
def test_a_one_gigabyte_sheet_is_refused_in_under_300_mb(
    zeros: tuple[bytes, int], declared: int, tmp_path: Path
) -> None:
    payload, crc = zeros
    data = xlsx_with_sheet(Member("xl/worksheets/sheet1.xml", payload, crc, declared))
    assert len(data) < 2 * MIB
    path = tmp_path / "bom.xlsx"
    path.write_bytes(data)

    answer, peak_kb = run_import_read(path)

    assert peak_kb < PEAK_LIMIT_KB, f"peak {peak_kb // 1024} MB"
    with translation.override("id"):
        refusal = table_error_message("file.zip_bomb", {})
    assert answer == {"errors": [refusal], "rows": 0}
    assert "ditolak" in refusal  # Indonesian, not the English msgid
