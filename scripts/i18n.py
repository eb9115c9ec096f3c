"""Translation catalogue upkeep: `update` refreshes and compiles, `check` fails on untranslated,
fuzzy or stale messages and on user text written into `static/formasi/*.js` (run by `make
test`). English msgids, Indonesian translations.

Scripts never word anything themselves: chart titles, legends, tooltips and units come from the
page (data attributes or `json_script` data produced through gettext), so they follow the
user's language. A string literal in a script that reads like text for people (two words, or a
capitalised word) fails the check unless it is in `JS_ALLOWED`."""

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


JS_DIR = PKG / "static" / "formasi"
# (file name, literal) pairs a script may keep; each says why. Keep it short.
JS_ALLOWED: set[tuple[str, str]] = set()
_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\])//[^\n]*", re.S)
_JS_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`')
_WORD = re.compile(r"[^\W\d_]{2,}")


def reads_as_text(literal: str) -> bool:
    """Two words, one capitalised word, or a word next to an interpolation: text for people.
    Not text: a key or an id ("shortage", "chart-age"), a selector, a colour or a CSS
    declaration, a formatter ("{value} %"), HTML tags and interpolations (${...}) themselves."""
    bare = re.sub(r"\$\{[^}]*\}|<[^>]*>", " ", literal)
    if re.search(r"[#\[\]=;{}()/]|:\S", bare):
        return False
    words = [w.strip(".,:!?") for w in bare.split()]
    words = [w for w in words if _WORD.fullmatch(w)]
    interpolated = bare != literal
    return (
        len(words) >= 2
        or any(w[0].isupper() and w[1:].islower() for w in words)
        or (interpolated and any(len(w) > 2 for w in words))  # not a CSS unit (px, em)
    )


def js_user_text(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string literal in a script that reads as user text."""
    source = _JS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    found = []
    for match in _JS_LITERAL.finditer(source):
        literal = match.group(0)[1:-1]
        if reads_as_text(literal):
            found.append((source.count("\n", 0, match.start()) + 1, literal))
    return found


def js_problems() -> list[str]:
    out = []
    for path in sorted(JS_DIR.glob("*.js")):
        for line, literal in js_user_text(path.read_text(encoding="utf-8")):
            if (path.name, literal) not in JS_ALLOWED:
                out.append(f"{path.name}:{line}: user text in a script: {literal!r}")
    return out


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
    for problem in js_problems():
        print(problem + " (take it from the page: a data attribute or json_script data)")
        failed = True
    if not failed:
        print("translations complete: " + ", ".join(LOCALES))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"update": update, "check": check}[command]())
