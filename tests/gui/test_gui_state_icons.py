"""The recordings list's state icons: each kind stands out from the list's background by at least
3:1 (WCAG's contrast for graphics) in a light and in a dark palette, as drawn (the pixels, not
just the chosen colour), the kinds look different, and the upload ring fills with progress."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QStyleFactory
from test_gui_parts import _chunk, _rec

from app.gui.recordings_model import RecordingsModel
from app.gui.state_icons import (
    KINDS,
    MIN_CONTRAST,
    RING_STEPS,
    backgrounds,
    contrast,
    render,
    state_colour,
    state_icon,
)
from outbox import ChunkState


def light() -> QPalette:
    """Fusion's own light palette (white list, light grey alternate rows)."""
    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()


def dark() -> QPalette:
    """A dark palette as the desktops ship it (near-black list, light text)."""
    p = QPalette(QColor("#353535"))
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#2b2b2b"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
    ):
        p.setColor(role, QColor(colour))
    return p


def opaque_colours(image: QImage) -> Counter[int]:
    """Fully opaque pixels of an icon, by colour."""
    counts: Counter[int] = Counter()
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() == 255:
                counts[pixel.rgb()] += 1
    return counts


@pytest.mark.parametrize("palette", [light, dark], ids=["light", "dark"])
def test_every_state_icon_stands_out_from_the_list_background(qapp: Any, palette: Any) -> None:
    pal = palette()
    base, alternate = backgrounds(pal)
    assert contrast(base, alternate) < 1.5  # really one kind of background, light or dark
    for kind in KINDS:
        colour = state_colour(kind, pal)
        assert contrast(colour, base) >= MIN_CONTRAST, (kind, colour.name(), base.name())
        assert contrast(colour, alternate) >= MIN_CONTRAST, (kind, colour.name())
        image = render(kind, colour, RING_STEPS // 2, scale=2).toImage()
        drawn = opaque_colours(image)
        assert drawn, f"{kind}: nothing opaque was drawn"
        main = QColor.fromRgb(drawn.most_common(1)[0][0])
        assert contrast(main, base) >= MIN_CONTRAST, (kind, main.name(), base.name())


def test_the_kinds_look_different_and_the_ring_fills(qapp: Any) -> None:
    pal = light()
    images = {kind: render(kind, state_colour(kind, pal), 0, scale=2).toImage() for kind in KINDS}
    shapes = {bytes(img.constBits()) for img in images.values()}
    assert len(shapes) == len(KINDS)

    def arc_pixels(step: int) -> int:
        img = render("uploading", state_colour("uploading", pal), step, scale=2).toImage()
        return sum(opaque_colours(img).values())

    quarter, half, full = (arc_pixels(RING_STEPS * n // 4) for n in (1, 2, 4))
    assert 0 < quarter < half < full
    same = state_icon("uploading", pal, 0.5), state_icon("uploading", pal, 0.5)
    assert same[0].cacheKey() == same[1].cacheKey()  # drawn once, then cached


def test_the_list_shows_the_ring_for_an_uploading_part(qapp: Any) -> None:
    model = RecordingsModel()
    model.load([_rec()], [_chunk(1, ChunkState.UPLOADING, size=1_000_000)])
    model.set_progress("c1", "r1", 250_000, 1_000_000)
    state = model.chunk_state("c1")
    assert state is not None and state.kind == "uploading" and state.fraction == 0.25
    item = model.item(0, 3)
    assert item is not None and not item.icon().isNull()
    assert item.foreground().color() == state_colour("uploading", QGuiApplication.palette())
