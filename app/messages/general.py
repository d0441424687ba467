"""English texts for the codes `app` raises itself, and the text for a code that has none."""

from __future__ import annotations

from app.messages.marker import QT_TRANSLATE_NOOP

MESSAGES: dict[str, str] = {
    # app.settings.SettingsError: its message already names the file, the key and the fix.
    "settings_invalid": QT_TRANSLATE_NOOP("Messages", "{message}"),
    # app.core.CoreError
    "recording_not_forgettable": QT_TRANSLATE_NOOP(
        "Messages",
        "Recording {recording_id} cannot be forgotten: only a stopped recording with damaged "
        "parts and no part still waiting to upload can be. Let it finish uploading, then try "
        "again.",
    ),
    "no_proxy_in_use": QT_TRANSLATE_NOOP(
        "Messages",
        "No proxy is in use for your server, so there is nothing to sign in to. Name the "
        "proxy (logmeets proxy login --proxy HOST:PORT) or set one in Settings > Proxy.",
    ),
    # app.autostart.AutostartError
    "autostart_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "LogMeets Recorder could not change whether it starts when you log in ({where}: "
        "{reason}). Recording and uploading are not affected. Check that you may write there, "
        "or turn the setting off in Settings › General.",
    ),
    "unexpected": QT_TRANSLATE_NOOP(
        "Messages",
        "Something went wrong that LogMeets did not expect. Nothing recorded has been "
        "deleted. Details are in the log file {log_path}; please send it to your IT support.",
    ),
}

#: Shown by the GUI for a code without a text, so that a Japanese window never shows the
#: English developer message of an error.
UNKNOWN_CODE = QT_TRANSLATE_NOOP(
    "Messages",
    "Something went wrong (code: {code}). Try again; if it keeps happening, send the log file "
    "to your administrator.",
)
