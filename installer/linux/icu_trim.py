"""Trims Qt's ICU data library to the data this app can use: 32 MB -> a few MB.

    python installer/linux/icu_trim.py dist/LogMeets/_internal/PySide6/Qt/lib/libicudata.so.73

PySide6 ships ICU with the data for every locale, converter and dictionary. Qt uses ICU for
collation, locale-aware case mapping and extra text codecs; its own locale data (CLDR) does not
come from ICU, and the app speaks English and Japanese and UTF-8. So the library is rebuilt
(same soname, same symbol `icudt<N>_dat`) from the same data without: other locales' .res files,
the legacy converters (.cnv), the word-break dictionaries (Thai, Khmer, Lao, Burmese, and the
Japanese/Chinese dictionary that only ICU's word iterator uses) and the transliterators. A user in
another locale gets ICU's root data (Unicode collation), as for a locale ICU does not know.

Needs icupkg (Debian: icu-devtools), objcopy and a C compiler; done by build.spec on Linux.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LANGUAGES = {"en", "ja"}
# Not locales, though named like one (`res_index`: the list of locales of each tree).
NOT_LOCALES = {"res_index.res"}
LOCALE_ITEM = re.compile(r"^(?P<lang>[a-z]{2,3})(_[A-Za-z0-9]*)*\.res$")
DROP_SUFFIXES = (".cnv", ".dict")
DROP_FOLDERS = ("translit/",)


def keep(item: str) -> bool:
    """Whether an item of the ICU data package (e.g. `coll/ja.res`) stays."""
    name = item.rsplit("/", 1)[-1]
    if item.startswith(DROP_FOLDERS) or name.endswith(DROP_SUFFIXES):
        return False
    match = LOCALE_ITEM.match(name)
    return match is None or name in NOT_LOCALES or match["lang"] in KEEP_LANGUAGES


def symbol(library: Path) -> str:
    """The data symbol the ICU libraries look up (`icudt73_dat`)."""
    out = subprocess.run(
        ["nm", "-D", "--defined-only", str(library)], capture_output=True, text=True, check=True
    ).stdout
    names = [line.split()[-1] for line in out.splitlines() if "_dat" in line]
    if len(names) != 1 or not re.fullmatch(r"icudt\d+_dat", names[0]):
        raise SystemExit(f"icu_trim: {library} is not an ICU data library ({names})")
    return names[0]


def trim(library: Path) -> tuple[int, int]:
    """Rebuilds `library` in place with the kept data; returns (bytes before, after)."""
    before = library.stat().st_size
    name = symbol(library)
    soname = library.name
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / f"{name[:-4]}l.dat"  # icudt73l.dat: "l" = little-endian
        subprocess.run(
            ["objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(data)],
            check=True,
        )
        items = subprocess.run(
            ["icupkg", "-l", str(data)], capture_output=True, text=True, check=True
        ).stdout.split()
        drop = [i for i in items if not keep(i)]
        (work / "drop.txt").write_text("\n".join(drop) + "\n")
        # icupkg names the items after the output file: it must keep the package's name.
        (work / "out").mkdir()
        trimmed = work / "out" / data.name
        subprocess.run(
            # The break-iterator rules name the dictionaries; without them ICU's word iterator
            # falls back to its rules (Qt's own text breaking never asks ICU).
            ["icupkg", "--ignore-deps", "-r", str(work / "drop.txt"), str(data), str(trimmed)],
            check=True,
            cwd=work,
        )
        source = work / "data.c"
        source.write_text(
            f'__asm__(".section .rodata\\n.globl {name}\\n.type {name}, @object\\n'
            f'.balign 16\\n{name}:\\n.incbin \\"{trimmed}\\"\\n.size {name}, .-{name}\\n");\n'
        )
        built = work / soname
        subprocess.run(
            ["cc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(built), str(source)],
            check=True,
        )
        subprocess.run(["strip", str(built)], check=True)
        library.write_bytes(built.read_bytes())
    return before, library.stat().st_size


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: icu_trim.py PATH/libicudata.so.NN")
    old, new = trim(Path(sys.argv[1]))
    print(f"icu_trim: {sys.argv[1]}: {old / 1e6:.1f} MB -> {new / 1e6:.1f} MB")
