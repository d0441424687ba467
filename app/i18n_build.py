"""Builds the Qt translation catalogues.

    python -m app.i18n_build            .ts -> .qm with pyside6-lrelease (`make translations`)
    python -m app.i18n_build --update   refresh the .ts sources from the code with pyside6-lupdate

The .ts files in app/resources/translations/ are the sources (committed, translated by hand); the
.qm files are build output (gitignored). Both tools come with PySide6 in the venv. lupdate finds the
GUI's `tr()` calls and the core's message texts, which `app/messages/` marks where they are
written with `QT_TRANSLATE_NOOP("Messages", ...)`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

from app.settings import UI_LANGUAGES as LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "resources" / "translations"


def tool(name: str) -> str:
    """A PySide6 tool beside this interpreter (a venv), else in its scripts folder (a system
    Python: `<prefix>\\Scripts` on Windows), else on PATH. Per OS: `<name>.exe` on Windows."""
    # Windows' console scripts are .exe launchers; which() adds the suffix only on PATH.
    filename = name + ".exe" if sys.platform == "win32" else name
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / filename).exists():
            return str(folder / filename)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"i18n_build: {name} not found; install PySide6 in this environment")
    return found


def ts_files() -> list[Path]:
    """The translation sources, one per language."""
    return [TRANSLATIONS / f"logmeets_{lang}.ts" for lang in LANGUAGES]


def build() -> list[Path]:
    """Compiles every .ts into its .qm beside it; returns the .qm paths."""
    out = []
    for ts in ts_files():
        if not ts.exists():
            raise SystemExit(f"i18n_build: {ts} is missing")
        qm = ts.with_suffix(".qm")
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
            check=True,
        )
        out.append(qm)
    return out


def sources() -> list[Path]:
    """The Python files lupdate reads: all of `app/` (tr() calls and QT_TRANSLATE_NOOP marks)."""
    return sorted((ROOT / "app").rglob("*.py"))


def lupdate(ts: Path, language: str) -> None:
    """Merges the texts of `sources()` into `ts` (created if missing), dropping texts that are
    no longer in the code."""
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            language,
            *map(str, sources()),
            "-ts",
            str(ts),
        ],
        check=True,
    )


def update() -> None:
    """Merges new strings into every .ts."""
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for ts in ts_files():
        lupdate(ts, ts.stem.split("_")[-1])


def complete_english(ts: Path) -> int:
    """English is the source language: every unfinished English entry becomes its source.
    Returns how many entries were filled."""
    tree = ET.parse(ts)  # noqa: S314  (our own committed .ts file)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and (translation.get("type") or not translation.text):
            translation.text = message.findtext("source") or ""
            translation.attrib.pop("type", None)
            filled += 1
    if filled:
        body = _as_lupdate_escapes(ET.tostring(tree.getroot(), encoding="unicode"))
        ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', "utf-8")
    return filled


def _as_lupdate_escapes(xml: str) -> str:
    """`xml` with quotes in text escaped as lupdate writes them (ElementTree leaves them bare),
    so that the next `--update` does not rewrite every line with an apostrophe."""
    return re.sub(
        r">([^<]+)<",
        lambda m: ">" + m.group(1).replace("'", "&apos;").replace('"', "&quot;") + "<",
        xml,
    )


def unfinished(ts: Path) -> list[str]:
    """Source texts of `ts` that still need a translation."""
    return [
        m.findtext("source") or ""
        for m in ET.parse(ts).getroot().iter("message")  # noqa: S314  (our own file)
        if (t := m.find("translation")) is not None and (t.get("type") or not t.text)
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: build (default) or --update."""
    parser = argparse.ArgumentParser(prog="python -m app.i18n_build", description=__doc__)
    parser.add_argument("--update", action="store_true", help="refresh .ts from the sources")
    args = parser.parse_args(argv)
    if args.update:
        update()
        complete_english(TRANSLATIONS / "logmeets_en.ts")
        for ts in ts_files():
            todo = unfinished(ts)
            if todo:
                print(f"{ts.relative_to(ROOT)}: {len(todo)} to translate, e.g. {todo[0]!r}")
    for qm in build():
        print(f"built {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
