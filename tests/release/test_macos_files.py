"""installer/macos, checked where it can be without a Mac: the Info.plist template and the
per-language usage strings parse and carry the microphone and system-audio texts in English and
Japanese, the entitlements include audio input, build.spec uses them, and the signing script is
valid bash."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MACOS = REPO / "installer" / "macos"
USAGE_KEYS = ("NSMicrophoneUsageDescription", "NSAudioCaptureUsageDescription")


def load(path: Path) -> dict[str, object]:
    data = plistlib.loads(path.read_bytes().replace(b"@VERSION@", b"1.2.3"))
    assert isinstance(data, dict)
    return data


def test_info_plist_template() -> None:
    info = load(MACOS / "Info.plist")
    assert info["CFBundleShortVersionString"] == info["CFBundleVersion"] == "1.2.3"
    assert info["CFBundleExecutable"] == "LogMeets"
    assert info["CFBundleIdentifier"] == "com.logmeets.recorder"
    assert set(info["CFBundleLocalizations"]) >= {"en", "ja"}  # type: ignore[arg-type]
    for key in USAGE_KEYS:
        assert isinstance(info[key], str) and len(info[key]) > 40  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_usage_strings_per_language(lang: str) -> None:
    strings = load(MACOS / f"{lang}.lproj" / "InfoPlist.strings")
    for key in USAGE_KEYS:
        text = strings[key]
        assert isinstance(text, str) and len(text) > 20
        japanese = any("\u3040" <= ch <= "\u30ff" for ch in text)
        assert japanese == (lang == "ja"), (lang, key, text)
    if lang == "en":
        info = load(MACOS / "Info.plist")
        assert all(strings[key] == info[key] for key in USAGE_KEYS)


def test_entitlements() -> None:
    entitlements = load(MACOS / "entitlements.plist")
    assert entitlements["com.apple.security.device.audio-input"] is True
    # No sandbox escape hatches beyond what the cffi callback needs.
    assert "com.apple.security.cs.disable-library-validation" not in entitlements
    assert "com.apple.security.get-task-allow" not in entitlements


def test_build_spec_bundles_with_them() -> None:
    spec = (REPO / "build.spec").read_text()
    assert "BUNDLE(" in spec and '"Info.plist"' in spec
    assert '"en.lproj", "ja.lproj"' in spec


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
def test_signing_script_is_valid_bash() -> None:
    script = MACOS / "sign-notarize.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text()
    for step in ("--options runtime", "--timestamp", "notarytool submit", "stapler staple"):
        assert step in text
    assert "codesign --verify --deep --strict" in text
    assert "spctl --assess" in text
