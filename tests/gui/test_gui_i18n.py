"""Translations: the catalogues are complete, the core's messages are in them, the language
follows the system unless the setting says otherwise, and a window switched to Japanese shows
no English string."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from guihelp import choose_device, wait_ready
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

from app import i18n_build
from app.gui import record_panel as rp
from app.gui.i18n import choose_language, translations_dir
from app.gui.messages import describe_code
from app.gui.settings_pages.language import AUTONYMS, LanguagePage
from app.messages import all_messages
from app.messages.general import UNKNOWN_CODE

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalogue(lang: str, ts: Path | None = None) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, type) of every message of logmeets_<lang>.ts (or `ts`)."""
    root = ET.parse(ts or translations_dir() / f"logmeets_{lang}.ts").getroot()
    out = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            assert tr is not None
            out.append((name, m.findtext("source") or "", tr.text, tr.get("type")))
    return out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_catalogue_is_complete(lang: str) -> None:
    entries = catalogue(lang)
    assert len(entries) > 200
    unfinished = [(c, s) for c, s, t, kind in entries if kind is not None or not t]
    assert not unfinished, unfinished[:5]
    for context, source, translation, _ in entries:
        assert translation is not None
        # Placeholders survive translation, or filling them would break.
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (
            context,
            source,
        )
        # A keyboard mnemonic in the source has one in the translation.
        assert ("&" in source.replace("&&", "")) == ("&" in translation.replace("&&", "")), source
        if lang == "en":
            assert translation == source


def test_both_catalogues_have_the_same_messages() -> None:
    assert {(c, s) for c, s, _, _ in catalogue("en")} == {(c, s) for c, s, _, _ in catalogue("ja")}


def test_japanese_is_japanese() -> None:
    entries = catalogue("ja")
    kana_or_kanji = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef]")
    english_only = [s for _, s, t, _ in entries if t and not kana_or_kanji.search(t)]
    # Only strings with no words to translate stay as they are (units, the bare placeholder).
    assert set(english_only) <= {" kbit/s", "{message}"}, english_only


# One word for one thing (the forms of Microsoft's Japanese style guide): the window showed
# "このコンピューターから消去済み" on a recording beside "端末から消去済み" on its parts.
JAPANESE_TERMS = {
    "端末": "このコンピューター",
    "コンピュータ(?!ー)": "コンピューター",
    "サーバ(?!ー)": "サーバー",
    "フォルダ(?!ー)": "フォルダー",
    "ユーザ(?!ー)": "ユーザー",
}


def test_japanese_says_one_thing_one_way() -> None:
    texts = [t for _, _, t, _ in catalogue("ja") if t]
    for variant, term in JAPANESE_TERMS.items():
        found = [t for t in texts if re.search(variant, t)]
        assert not found, (f"say {term!r}", found[:3])


def test_catalogues_match_what_lupdate_extracts(tmp_path: Path) -> None:
    # pyside6-lupdate reads the sources into a fresh catalogue, exactly as `--update` does.
    fresh = tmp_path / "fresh.ts"
    i18n_build.lupdate(fresh, "ja")
    extracted = {(c, s) for c, s, _, _ in catalogue("ja", fresh)}
    hint = "run `python -m app.i18n_build --update` and translate the new texts"
    for lang in ("en", "ja"):
        committed = {(c, s) for c, s, _, _ in catalogue(lang)}
        assert extracted - committed == set(), (lang, hint, sorted(extracted - committed)[:3])
        assert committed - extracted == set(), (lang, "obsolete", sorted(committed - extracted)[:3])
    # The core's texts are marked where they are written: lupdate finds every one of them.
    core = {("Messages", text) for text in [*all_messages().values(), UNKNOWN_CODE]}
    assert core <= extracted, sorted(core - extracted)[:3]
    ja = {(c, s) for c, s, t, kind in catalogue("ja") if t and kind is None}
    assert core <= ja, sorted(core - ja)[:3]


def test_update_leaves_the_committed_catalogues_as_they_are(tmp_path: Path) -> None:
    # `--update` on unchanged sources is a no-op, byte for byte: no diff noise to review.
    for lang in ("en", "ja"):
        committed = i18n_build.TRANSLATIONS / f"logmeets_{lang}.ts"
        copy = tmp_path / committed.name
        copy.write_bytes(committed.read_bytes())
        i18n_build.lupdate(copy, lang)
        if lang == "en":
            assert i18n_build.complete_english(copy) == 0
        assert copy.read_text("utf-8") == committed.read_text("utf-8"), lang
    # A new English text is filled in, and the rest of the file stays as lupdate wrote it.
    en = i18n_build.TRANSLATIONS / "logmeets_en.ts"
    new = tmp_path / "new.ts"
    text = en.read_text("utf-8")
    source = "Default output (follows the system&apos;s output)"
    entry = f"<source>{source}</source>\n        <translation>{source}</translation>"
    assert entry in text
    unfinished = f'<source>{source}</source>\n        <translation type="unfinished"></translation>'
    new.write_text(text.replace(entry, unfinished), "utf-8")
    assert i18n_build.complete_english(new) == 1
    assert new.read_text("utf-8") == text


def test_messages_are_translated_and_filled(qapp: Any) -> None:
    from app.gui.i18n import Translations

    t = Translations()
    try:
        assert t.apply("ja")
        text = describe_code("no_microphone")
        assert "マイク" in text
        # Fields are filled; a missing field stays visible instead of raising.
        assert "/data" in describe_code("already_running", {"path": "/data"})
        assert "{path}" in describe_code("already_running", {})
        assert "not_a_code" in describe_code("not_a_code")
    finally:
        t.apply("en")


def test_language_follows_the_system_unless_the_setting_says() -> None:
    assert choose_language("system", QLocale("ja_JP")) == "ja"
    assert choose_language("system", QLocale("de_DE")) == "en"
    assert choose_language(None, QLocale("ja_JP")) == "ja"
    assert choose_language("en", QLocale("ja_JP")) == "en"
    assert choose_language("ja", QLocale("en_US")) == "ja"


# ---- the window in Japanese ---------------------------------------------------------------


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person or a screen reader meets under `root`."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: object) -> None:
        if isinstance(text, str) and text.strip():
            found.append((where, text))

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = type(w).__name__
        add(f"{name}.toolTip", w.toolTip())
        add(f"{name}.accessibleName", w.accessibleName())
        add(f"{name}.accessibleDescription", w.accessibleDescription())
        add(f"{name}.windowTitle", w.windowTitle() if w.isWindow() else "")
        if isinstance(w, (QLabel, QAbstractButton)):
            add(f"{name}.text", w.text())
        if isinstance(w, QLineEdit):
            add(f"{name}.placeholder", w.placeholderText())
        if isinstance(w, QGroupBox):
            add(f"{name}.title", w.title())
        if isinstance(w, QMenu):
            add(f"{name}.title", w.title())
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                text, data = w.itemText(i), w.itemData(i)
                # A name from the OS (a device, a source: the name is the item's data, shown or
                # as its tooltip) and a language's own name stay as they are; the rest is ours.
                tip = w.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if isinstance(data, str) and (data in (text, tip) or text in AUTONYMS.values()):
                    continue
                add(f"{name}.item", text)
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            top = QModelIndex()
            try:
                columns = model.columnCount(top)
            except TypeError:  # QListWidget's private list model: one column
                columns = 1
            for col in range(columns):
                add(f"{name}.header", model.headerData(col, Qt.Orientation.Horizontal))
            stack = [model.index(r, 0) for r in range(model.rowCount(top))]
            while stack:
                idx = stack.pop()
                for col in range(columns):
                    cell = idx.siblingAtColumn(col)
                    if col != 0 or cell.data(Qt.ItemDataRole.UserRole + 2) == "chunk":
                        add(f"{name}.cell", cell.data())
                    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
                    if tip != cell.data(Qt.ItemDataRole.UserRole):  # a name a combo stores
                        add(f"{name}.cellTip", tip)
                stack += [model.index(r, 0, idx) for r in range(model.rowCount(idx))]
    for action in root.findChildren(QAction):
        add("QAction.text", action.text())
        add("QAction.toolTip", action.toolTip() if action.toolTip() != action.text() else "")
    return found


def _pattern(source: str) -> re.Pattern[str]:
    """A regex matching `source` with any text in place of its placeholders."""
    parts = re.split(r"(\{[^{}]*\})", source)
    return re.compile("".join(".+" if PLACEHOLDER.fullmatch(p) else re.escape(p) for p in parts))


def untranslated(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts that are an English source string whose Japanese differs, or that contain an
    English word at all (a string that never went through tr())."""
    sources = [(s, t) for _, s, t, _ in catalogue("ja") if t and t != s]
    exact = {s for s, _ in sources}
    patterns = [_pattern(s) for s in exact if PLACEHOLDER.search(s)]
    # Words allowed in Japanese UI text: product and format names, units, technical names.
    allowed = re.compile(
        r"LogMeets|macOS|FLAC|PEM|CA|kbit/s|Hz|https?://\S*|/\S+|\b[A-Z]{2,}\b|\w+@\w+|127\.0\.0\.1\S*"
    )
    bad = []
    for where, text in found:
        if (
            text in exact
            or any(p.fullmatch(text) for p in patterns)
            or re.search(r"[A-Za-z]{3,}", allowed.sub("", text))
        ):
            bad.append((where, text))
    return bad


@pytest.mark.realkeyring
@pytest.mark.realaudio
def test_switching_to_japanese_leaves_no_english_string(
    window: Any, qtbot: Any, virtual_mic: str, data_dir: Path
) -> None:
    w = window
    wait_ready(qtbot, w)
    # A short recording, so that the list has rows to check too.
    choose_device(w, virtual_mic)
    w.record_action.trigger()
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    qtbot.wait(600)
    w.stop_action.trigger()
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
    qtbot.waitUntil(lambda: w.recordings.recordings.rowCount() == 1, timeout=10_000)
    english = untranslated(visible_texts(w))
    assert english, "the English window must look untranslated to this check"

    # The user switches the language in Settings > Language and saves.
    w.settings_action.trigger()
    dialog = w.settings_dialog
    page = dialog.page(LanguagePage)
    dialog.list.setCurrentRow(dialog.pages.index(page))
    page.combo.setCurrentIndex(page.combo.findData("ja"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    # Qt posts LanguageChange to every widget; the window retranslates itself.
    qtbot.waitUntil(lambda: w.windowTitle() == "LogMeets レコーダー", timeout=10_000)
    assert w.translations.language == "ja"
    assert 'language = "ja"' in (data_dir / "config.toml").read_text()

    left = untranslated(visible_texts(w))
    assert left == [], left
    # The dialogs and the tray menu, opened in Japanese.
    w.settings_action.trigger()
    assert untranslated(visible_texts(w.settings_dialog)) == []
    assert w.settings_dialog.windowTitle() == "設定"
    w.settings_dialog.reject()
    w.sign_in_action.trigger()
    w.sign_in_dialog.advanced.setChecked(True)
    assert untranslated(visible_texts(w.sign_in_dialog)) == []
    w.sign_in_dialog.reject()
    assert untranslated([("tray", a.text()) for a in w.tray.menu.actions() if a.text()]) == []
    assert untranslated([("tray", w.tray.icon.toolTip())]) == []
    # States the list shows in other situations, rendered in Japanese.
    model = w.recordings.recordings
    assert (
        untranslated(
            [
                ("menu", a.text())
                for a in w.recordings.build_menu(model.recording_id_at(model.index(0, 0))).actions()
            ]
        )
        == []
    )
    for state in ("syncing", "offline", "auth_needed", "superseded", "all_confirmed", "waiting"):
        w.sync.set_status(state, retry_in=12)
        assert untranslated([(state, w.sync.text())]) == []
    w.banner.setVisible(True)
    assert untranslated(visible_texts(w.banner)) == []
