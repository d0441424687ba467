"""The helpers build.spec and the .deb use: icons rendered from the SVG into .ico/.icns/PNG, the
ICU data trimming rules, and the Depends computed from a package tree."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "installer"))
sys.path.insert(0, str(REPO / "installer" / "linux"))

import icons  # noqa: E402  (installer/icons.py)
import icu_trim  # noqa: E402  (installer/linux/icu_trim.py)


def test_icons_from_the_svg(tmp_path: Path) -> None:
    # In a process of its own, as build.spec and build-deb.sh run it: it makes a QGuiApplication,
    # which must not be the one the GUI tests of the same session find.
    subprocess.run(
        [sys.executable, str(REPO / "installer" / "icons.py"), str(tmp_path)], check=True
    )
    paths = {kind: tmp_path / name for kind, name in icons.OUTPUTS.items()}
    ico = paths["ico"].read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    icns = paths["icns"].read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic08" in icns  # 256 px
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        ("ja.res", True),
        ("en_US.res", True),
        ("root.res", True),
        ("coll/ja.res", True),
        ("coll/ucadata.icu", True),
        ("coll/res_index.res", True),
        ("pool.res", True),
        ("supplementalData.res", True),
        ("brkitr/line.brk", True),
        ("de.res", False),
        ("coll/zh.res", False),
        ("coll/de_.res", False),
        ("zh_Hant_TW.res", False),
        ("ibm-943_P15A-2003.cnv", False),
        ("brkitr/cjdict.dict", False),
        ("translit/root.res", False),
    ],
)
def test_icu_items_kept(item: str, kept: bool) -> None:
    assert icu_trim.keep(item) is kept


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("dpkg-shlibdeps"), reason="Debian's dpkg-dev")
def test_depends_of_a_package_tree(tmp_path: Path) -> None:
    bundle = tmp_path / "root" / "opt" / "logmeets"
    bundle.mkdir(parents=True)
    (tmp_path / "root" / "DEBIAN").mkdir()
    shutil.copy("/bin/true", bundle / "true")
    out = subprocess.run(
        [sys.executable, str(REPO / "installer" / "linux" / "depends.py"), str(bundle)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    clauses = [c.strip() for c in out.split(",")]
    assert any(c.startswith("libc6 (>= ") for c in clauses), clauses
    assert "libportaudio2" in clauses  # opened with ctypes: added by name


def test_depends_refuses_a_bundle_outside_a_package_tree(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "installer" / "linux" / "depends.py"), str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DEBIAN" in result.stderr
