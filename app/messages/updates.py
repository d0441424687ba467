"""English texts for `updates.errors.UpdateError` codes (network and TLS failures of an update
keep the uploader's codes and texts).

Each text says what happened and what the user can do; every refusal leaves the installed
version running. Every text is marked for the translation catalogues (app.messages.marker)."""

from __future__ import annotations

from app.messages.marker import QT_TRANSLATE_NOOP

MESSAGES: dict[str, str] = {
    "update_error": QT_TRANSLATE_NOOP(
        "Messages",
        "The update could not be completed ({reason}). The installed version keeps running; "
        "LogMeets tries again at the next check.",
    ),
    "update_not_configured": QT_TRANSLATE_NOOP(
        "Messages",
        "Updates are not set up in this copy of LogMeets (no update address or no trusted "
        "root). Ask your IT support how new versions are installed.",
    ),
    "update_off": QT_TRANSLATE_NOOP(
        "Messages",
        "Updates are turned off in the settings (the setting updates is off). Your IT support "
        "installs new versions.",
    ),
    "update_untrusted": QT_TRANSLATE_NOOP(
        "Messages",
        "The update server offered {role} metadata that is not signed by the keys LogMeets "
        "trusts, so the update was refused and the installed version keeps running. Someone "
        "may be tampering with the update server or the connection: tell your IT support.",
    ),
    "update_rollback": QT_TRANSLATE_NOOP(
        "Messages",
        "The update server offered {role} metadata older than what this computer has already "
        "seen (a rollback), so it was refused and the installed version keeps running. Tell "
        "your IT support if this happens again.",
    ),
    "update_expired": QT_TRANSLATE_NOOP(
        "Messages",
        "The update server's {role} metadata has expired, so LogMeets cannot tell whether a "
        "newer version exists (a freeze). The update was refused and the installed version "
        "keeps running; tell your IT support if this lasts more than a day.",
    ),
    "update_inconsistent": QT_TRANSLATE_NOOP(
        "Messages",
        "The update server's {role} metadata does not match the rest of its metadata, so the "
        "update was refused and the installed version keeps running. Try again later, and tell "
        "your IT support if this happens again.",
    ),
    "update_tampered": QT_TRANSLATE_NOOP(
        "Messages",
        "The downloaded update {target} does not match its signed size and hash, so it was "
        "discarded and the installed version keeps running. Try again later, and tell your IT "
        "support if this happens again.",
    ),
    "update_too_large": QT_TRANSLATE_NOOP(
        "Messages",
        "The update server sent more data for {what} than allowed, so the download was stopped "
        "and the installed version keeps running. Tell your IT support if this happens again.",
    ),
    "update_unavailable": QT_TRANSLATE_NOOP(
        "Messages",
        "The update server answered with HTTP status {status}. Check the update address "
        "(update_url) or try again later; the installed version keeps running.",
    ),
    "update_not_installable": QT_TRANSLATE_NOOP(
        "Messages",
        "LogMeets is installed in {path}, which this account may not change. A system-wide "
        "installation is updated by the system's package manager (apt on Linux) or by your IT "
        "support.",
    ),
    "update_nothing_staged": QT_TRANSLATE_NOOP(
        "Messages", "LogMeets is up to date: there is no newer version to apply."
    ),
    "update_while_recording": QT_TRANSLATE_NOOP(
        "Messages",
        "LogMeets is running on {path} (it may be recording), so nothing was changed. The "
        "update is applied when LogMeets next starts; or close LogMeets and run "
        "`logmeets update apply` again.",
    ),
    "update_stage_damaged": QT_TRANSLATE_NOOP(
        "Messages",
        "The downloaded update in {path} is damaged ({reason}). It is downloaded again at the "
        "next check; the installed version keeps running.",
    ),
    "release_exists": QT_TRANSLATE_NOOP(
        "Messages", "{path} already exists; the release repository was not changed."
    ),
    "release_not_newer": QT_TRANSLATE_NOOP(
        "Messages",
        "Version {version} is not newer than the latest published version {latest}; publish a "
        "higher version number.",
    ),
    "release_key_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "A key of the {role} role is missing from {path}. Mount the folder that holds it "
        "(LOGMEETS_RELEASE_KEYS, LOGMEETS_RELEASE_OFFLINE_KEYS) and try again.",
    ),
}
