"""The meeting applications we know, and how a program using the microphone is recognised as
one of them from what the OS tells about it (a process binary or path, an application name, and
for browsers any text that may name the site: a stream or window title).

Names are matched case-insensitively; a path is reduced to its last component without `.exe`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ZOOM = "Zoom"
TEAMS = "Microsoft Teams"
MEET = "Google Meet"
WEBEX = "Webex"
SLACK = "Slack"
#: A program we cannot name uses the microphone (macOS tells only "someone does").
UNKNOWN = ""


@dataclass(frozen=True)
class MeetingApp:
    """One known application: the name the user sees, the executables it runs as, and words
    its application name contains."""

    name: str
    binaries: frozenset[str]
    words: tuple[str, ...]


KNOWN: tuple[MeetingApp, ...] = (
    MeetingApp(ZOOM, frozenset({"zoom", "zoom.us", "cpthost", "zoomwebview"}), ("zoom",)),
    MeetingApp(
        TEAMS,
        frozenset({"teams", "ms-teams", "msteams", "teams-for-linux"}),
        ("microsoft teams", "teams"),
    ),
    MeetingApp(
        WEBEX,
        frozenset({"webex", "ciscocollabhost", "webexmta", "atmgr", "ciscowebexstart"}),
        ("webex",),
    ),
    MeetingApp(SLACK, frozenset({"slack"}), ("slack",)),
)

#: Browsers: Google Meet runs in one, and so do the web versions of the others.
BROWSERS: dict[str, str] = {
    "chrome": "Google Chrome",
    "google-chrome": "Google Chrome",
    "google-chrome-stable": "Google Chrome",
    "chromium": "Chromium",
    "chromium-browser": "Chromium",
    "firefox": "Firefox",
    "firefox-esr": "Firefox",
    "firefox-bin": "Firefox",
    "msedge": "Microsoft Edge",
    "microsoft-edge": "Microsoft Edge",
    "brave": "Brave",
    "brave-browser": "Brave",
    "vivaldi": "Vivaldi",
    "vivaldi-bin": "Vivaldi",
    "opera": "Opera",
    "safari": "Safari",
}
_MEET_HINT = re.compile(r"meet\.google\.com|google meet", re.IGNORECASE)
# Windows packaged apps are named by package family ("MSTeams_8wekyb3d8bbwe").
_PACKAGE_SUFFIX = re.compile(r"_[0-9a-z]{13}$")


def program_name(path_or_name: str) -> str:
    """The bare program name: `C:\\Apps\\Zoom.exe` and `/usr/bin/zoom` give `zoom`; a Windows
    package family `Publisher.Name_hash` gives `name` (`91750D7E.Slack_8she8kybcnzg4`: slack)."""
    base = re.split(r"[\\/#]", path_or_name.strip())[-1].lower()
    if _PACKAGE_SUFFIX.search(base):
        return _PACKAGE_SUFFIX.sub("", base).rsplit(".", 1)[-1]
    return base[:-4] if base.endswith(".exe") else base


def classify(binary: str, app_name: str = "", hints: Iterable[str] = ()) -> str | None:
    """The meeting application a microphone user is, by its binary (or path) and application
    name; None if it is none we know. A browser is Google Meet when one of `hints` names it,
    else the browser's own name (a meeting in a browser tab, site unknown)."""
    program = program_name(binary) if binary else ""
    name = app_name.strip().lower()
    for app in KNOWN:
        if program in app.binaries:
            return app.name
    browser = BROWSERS.get(program) or next(
        (b for key, b in BROWSERS.items() if name == key or name == b.lower()), None
    )
    if browser is not None:
        return MEET if any(_MEET_HINT.search(h) for h in hints) else browser
    for app in KNOWN:
        if any(re.search(rf"\b{re.escape(w)}\b", name) for w in app.words):
            return app.name
    return None
