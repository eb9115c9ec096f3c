"""Translation catalogue upkeep: `update` refreshes and compiles, `check` fails on untranslated,
fuzzy or stale messages (run by `make test`). English msgids, Indonesian translations."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "formasi"
LOCALES = ["id"]
IGNORE = ["static/*", "data/*", "*/migrations/*"]
# Copies of Django's and simple-history's templates: their words are in those packages' catalogues.
IGNORE += ["templates/admin/*", "templates/simple_history/*"]


def po_path(locale: str) -> Path:
    return PKG / "locale" / locale / "LC_MESSAGES" / "django.po"


def makemessages() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    args = [sys.executable, "-m", "django", "makemessages", "--no-location", "--no-obsolete"]
    for locale in LOCALES:
        args += ["-l", locale]
    for pattern in IGNORE:
        args += ["-i", pattern]
    subprocess.run(args, cwd=PKG, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def compile_to(po: Path, mo: Path) -> None:
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607


def normalised(text: str) -> str:
    return re.sub(r'^"POT-Creation-Date:.*\n', "", text, flags=re.M)


def problems(po: Path) -> list[str]:
    """Untranslated and fuzzy entries, by msgid."""
    out: list[str] = []
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # skip the header
    for entry in entries:
        if "#, fuzzy" in entry:
            out.append("fuzzy: " + entry.strip().splitlines()[-2][:80])
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? (".*"(?:\n".*")*)', entry, flags=re.M)
        if any(re.sub(r'"\s*"', "", s).strip('"') == "" for s in strs):
            msgid = re.search(r'^msgid (".*"(?:\n".*")*)', entry, flags=re.M)
            out.append("untranslated: " + (msgid.group(1)[:80] if msgid else entry[:80]))
    return out


def update() -> int:
    makemessages()
    for locale in LOCALES:
        po = po_path(locale)
        compile_to(po, po.with_suffix(".mo"))
        for problem in problems(po):
            print(f"{locale}: {problem}")
    return 0


def check() -> int:
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        saved = {loc: Path(tmp) / f"{loc}.po" for loc in LOCALES}
        for loc, copy in saved.items():
            shutil.copy(po_path(loc), copy)
        try:
            makemessages()
            for loc, copy in saved.items():
                fresh = po_path(loc)
                if normalised(fresh.read_text(encoding="utf-8")) != normalised(
                    copy.read_text(encoding="utf-8")
                ):
                    print(
                        f"{loc}: messages are stale; run `make messages` and translate the new ones"
                    )
                    failed = True
                for problem in problems(fresh):
                    print(f"{loc}: {problem}")
                    failed = True
                mo = Path(tmp) / f"{loc}.mo"
                compile_to(copy, mo)
                if mo.read_bytes() != fresh.with_suffix(".mo").read_bytes():
                    print(f"{loc}: django.mo is not compiled from django.po; run `make messages`")
                    failed = True
        finally:
            for loc, copy in saved.items():
                shutil.copy(copy, po_path(loc))
    if not failed:
        print("translations complete: " + ", ".join(LOCALES))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"update": update, "check": check}[command]())
