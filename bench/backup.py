"""Issue 21: backup → drop → restore of the whole demo city gives byte-identical exports.

Takes a loaded demo (`formasi demo --no-serve`) on SQLite (FORMASI_DATA_DIR) or PostgreSQL
(DATABASE_URL), exports every kind (`formasi export`, each format, the demo agency), writes a
backup, restores it into a new empty database (a new data folder; a new PostgreSQL database,
dropped at the end), exports again and compares the files byte for byte. Prints the timings.

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/demo .venv/bin/python bench/backup.py
    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/demo-pg \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/formasi_demo \\
        .venv/bin/python bench/backup.py

`bench/backup.py export DIR` (run by the above in the source and in the target): the export
of every kind into DIR, one Python process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMASI = [sys.executable, "-m", "formasi.cli"]
PSQL = shutil.which("psql") or "psql"
AGENCY = "62.71"  # Kota Palangka Raya


def export_all(directory: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from formasi.transfer.kinds import KINDS

    directory.mkdir(parents=True)
    for name, kind in KINDS.items():
        agency = ["--agency", AGENCY] if kind.needs_agency else []
        for fmt in kind.formats:
            call_command("export", name, str(directory / f"{name}.{fmt}"), *agency)


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    return round(time.perf_counter() - started, 1)


def _psql(sql: str) -> None:
    subprocess.run(  # noqa: S603 - PostgreSQL's client, our statement
        [PSQL, "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql, "postgres"], check=True
    )


def main() -> None:
    source = os.environ.copy()
    url = source.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="formasi-bench-backup-") as work:
        tmp = Path(work)
        archive = tmp / "formasi.tar.gz"
        target = {**source, "FORMASI_DATA_DIR": str(tmp / "target")}
        name = ""
        if url:
            name = f"formasi_bench_restore_{uuid.uuid4().hex[:8]}"
            _psql(f'CREATE DATABASE "{name}"')
            target["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
        try:
            export = [sys.executable, __file__, "export"]
            timings = {
                "export_before_s": _timed([*export, str(tmp / "a")], source),
                "backup_s": _timed([*FORMASI, "backup", str(archive)], source),
                "restore_s": _timed([*FORMASI, "restore", str(archive)], target),
                "export_after_s": _timed([*export, str(tmp / "b")], target),
            }
        finally:
            if name:
                _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        before = {p.name: p.read_bytes() for p in sorted((tmp / "a").iterdir())}
        after = {p.name: p.read_bytes() for p in sorted((tmp / "b").iterdir())}
        differing = sorted(n for n in before if after.get(n) != before[n])
        report = {
            "engine": "postgresql" if url else "sqlite",
            "archive_mb": round(archive.stat().st_size / 1e6, 1),
            "files": len(before),
            "identical": not differing and before.keys() == after.keys(),
            "differing": differing,
            "load_average": os.getloadavg()[0],
            **timings,
        }
        print(json.dumps(report))
        if not report["identical"]:
            raise SystemExit("exports differ after backup and restore")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "export":
        export_all(Path(sys.argv[2]))
    else:
        main()
