"""Renders the app icon's SVG into the per-OS icon files at build time (never committed):

    python installer/icons.py OUT_DIR      -> logmeets.ico (Windows), logmeets.icns (macOS),
                                              logmeets-256.png

Qt renders the SVG; the .ico and .icns containers hold PNG images and are written here, so that
no image tool beyond PySide6 (already a dependency) is needed on any build machine.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "app" / "resources" / "icons" / "logmeets.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types holding PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
OUTPUTS = {"ico": "logmeets.ico", "icns": "logmeets.icns", "png": "logmeets-256.png"}


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent square of `size` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"icons: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
        for size, png in sorted(images.items())
        if size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(out: Path, svg: Path = SVG) -> dict[str, Path]:
    """Writes logmeets.ico, logmeets.icns and logmeets-256.png into `out`; returns them."""
    from PySide6.QtGui import QGuiApplication

    # Image plugins need an application object; offscreen needs no display.
    if QGuiApplication.instance() is None:
        _app = QGuiApplication(["icons", "-platform", "offscreen"])
    out.mkdir(parents=True, exist_ok=True)
    images = {size: render_png(svg, size) for size in {*ICO_SIZES, *ICNS_TYPES}}
    paths = {kind: out / name for kind, name in OUTPUTS.items()}
    paths["ico"].write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    paths["icns"].write_bytes(icns(images))
    paths["png"].write_bytes(images[256])
    return paths


if __name__ == "__main__":
    for path in write_icons(
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/icons")
    ).values():
        print(path)
