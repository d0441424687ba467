"""Which language the UI speaks, and loading its Qt Linguist catalogue.

The system locale chooses; the `language` setting ("system", "en" or "ja") overrides. The .qm
catalogues are built from `app/resources/translations/*.ts` by `make translations`
(`python -m app.i18n_build`). Qt's own catalogue (qtbase) is loaded too, so that standard buttons
("OK", "Cancel") follow the same language.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app import resources
from app.settings import UI_LANGUAGES as LANGUAGES

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"


def resources_dir() -> Path:
    """The `app.resources` package folder (wheel, editable or PyInstaller install alike)."""
    return resources.resources_dir()


def translations_dir() -> Path:
    """Where `logmeets_<lang>.ts` and the built `.qm` live."""
    return resources_dir() / "translations"


def choose_language(setting: str | None, system_locale: QLocale | None = None) -> str:
    """The language to use: the setting if it names one we have, else the system's, else English."""
    if setting and setting in LANGUAGES:
        return setting
    locale = system_locale if system_locale is not None else QLocale.system()
    for name in [locale.name(), *locale.uiLanguages()]:
        code = name.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


class Translations:
    """Installs and swaps the app's translators on the running QCoreApplication. Installing a
    translator makes Qt send LanguageChange to every widget, which then retranslates itself."""

    def __init__(self) -> None:
        self.language = DEFAULT_LANGUAGE
        self._installed: list[QTranslator] = []

    def apply(self, language: str) -> bool:
        """Switches to `language`. Returns False if its catalogue could not be loaded (the UI
        then stays in English, and the reason is logged)."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before loading translations")
        for t in self._installed:
            app.removeTranslator(t)
        self._installed = []
        self.language = language
        QLocale.setDefault(QLocale(language))
        if language == "en":
            # English is the source language: no catalogue needed, but one may exist.
            self._load(app, translations_dir() / "logmeets_en.qm", required=False)
            return True
        ok = self._load(app, translations_dir() / f"logmeets_{language}.qm", required=True)
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        self._load(app, qt_dir / f"qtbase_{language}.qm", required=False)
        if not ok:
            self.language = DEFAULT_LANGUAGE
        return ok

    def _load(self, app: QCoreApplication, path: Path, *, required: bool) -> bool:
        translator = QTranslator(app)
        if not translator.load(str(path)):
            if required:
                log.error("translation catalogue %s missing: run `make translations`", path)
            return False
        app.installTranslator(translator)
        self._installed.append(translator)
        return True
