"""English texts for the recorder's error codes (`recorder.errors.RecorderError`).

Every text is marked for the translation catalogues (app.messages.marker)."""

from __future__ import annotations

from app.messages.marker import QT_TRANSLATE_NOOP

MESSAGES: dict[str, str] = {
    "no_microphone": QT_TRANSLATE_NOOP(
        "Messages",
        "No microphone was found. Connect a microphone (or headset), check that "
        "the sound system is running and that LogMeets may use the microphone, then try again.",
    ),
    "device_not_found": QT_TRANSLATE_NOOP(
        "Messages",
        "There is no input device {device!r}. Run `logmeets devices` to see the "
        "microphones you can choose, by name or number.",
    ),
    "system_source_not_found": QT_TRANSLATE_NOOP(
        "Messages",
        "There is no system-audio source {device!r} (there are: {available}). Run "
        '`logmeets devices` to see them (kind "system"), or leave the name out to record '
        "the default output.",
    ),
    "device_ambiguous": QT_TRANSLATE_NOOP(
        "Messages",
        "{device!r} matches several input devices ({candidates}). Give the full "
        "name or the number shown by `logmeets devices`.",
    ),
    "device_open_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "The microphone {device!r} could not be opened ({detail}). Close other "
        "programs that may be using it, or choose another one with `logmeets devices`.",
    ),
    "invalid_option": QT_TRANSLATE_NOOP(
        "Messages", "The recording setting {option} = {value!r} is not allowed; use {allowed}."
    ),
    "disk_full": QT_TRANSLATE_NOOP(
        "Messages",
        "The disk is almost full ({free_mb} MB free, {reserve_mb} MB are kept free), "
        "so LogMeets stopped recording. Everything recorded so far is saved. Free some disk space "
        "to record again.",
    ),
    "disk_write_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "The disk is full: LogMeets could not write the {what} and stopped recording. Every "
        "chunk already saved is intact, and the last seconds are kept in the crash journal. Free "
        "some disk space, then run `logmeets recover` (or start LogMeets) to save them.",
    ),
    "write_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "LogMeets could not write the {what} ({detail}) and stopped recording. "
        "Everything saved before is intact; run `logmeets recover` after fixing the problem.",
    ),
    "device_gone": QT_TRANSLATE_NOOP(
        "Messages",
        "The microphone {device!r} was disconnected and did not come back, so "
        "LogMeets stopped recording. Everything recorded until then is saved. Reconnect it and "
        "start a new recording.",
    ),
    "recovery_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "A crash journal could not be turned into a recording ({detail}); it was "
        "kept as {path} for your IT support. Other recordings are not affected.",
    ),
}
