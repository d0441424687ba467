"""The app's data files: icons (`icons/*.svg`), translations (`translations/*.ts`, and the `.qm`
catalogues built from them by `python -m app.i18n_build`) and the desktop entry
(`logmeets.desktop`).

They are package data of `app.resources`, found through `importlib.resources`, so that a wheel
install, an editable install and a PyInstaller bundle all find them at the same place relative
to the package, without looking at `sys._MEIPASS` or the source tree.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["icon_path", "resource_path", "resources_dir", "translations_dir"]

# Files extracted from a zipped install live until the process ends (Qt reads them lazily).
_extracted = ExitStack()
atexit.register(_extracted.close)


@cache
def resources_dir() -> Path:
    """The folder of the package's data files.

    Wheel, editable and frozen (one-folder) installs keep package data on disk, so this is a real
    folder; a zipped install has none, and then `resource_path` extracts single files instead.
    """
    tree = files(__name__)
    if not isinstance(tree, Path):
        raise RuntimeError(f"app.resources is not on the file system ({tree!r})")
    return tree


def resource_path(*parts: str) -> Path:
    """A real file path for the data file `parts` (e.g. `"icons", "logmeets.svg"`), extracted to
    a temporary file if the package is not on the file system."""
    tree = files(__name__)
    if isinstance(tree, Path):
        return tree.joinpath(*parts)
    return _extracted.enter_context(as_file(tree.joinpath(*parts)))


def icon_path(name: str) -> Path:
    """The SVG of the icon `name` (`logmeets`, `logmeets-recording`)."""
    return resource_path("icons", f"{name}.svg")


def translations_dir() -> Path:
    """Where `logmeets_<lang>.ts` and the built `logmeets_<lang>.qm` live."""
    return resources_dir() / "translations"
