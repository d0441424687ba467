"""`logmeets record`: headless recording from a microphone into sealed chunks.

Prints one line to stdout, flushed, as soon as audio is being captured; its last word is the
recording id (scripts and tests wait for it). Records until `--duration` seconds of audio are
kept or SIGINT/SIGTERM (Windows: also SIGBREAK, Ctrl+Break) arrives, then seals the last chunk
and exits 0. A recording that stops on its own for another reason (disk full, microphone gone)
is saved too, and exits with the status of the cause (app/exit_codes.py) and a message.

`--json` prints, instead of the text lines, one JSON object per line: `recording` (id, device)
once audio is being captured, every event of the recording (chunk_sealed, device_lost,
disk_low, silence_detected, silence_ended...; not the level meter's), and `saved` at the end.
Without it, a silent microphone is reported on stderr with what to check.
"""

from __future__ import annotations

import argparse
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from app.commands.output import event_json, json_line
from app.core import Core
from app.stop_signals import stop_on_signals
from recorder import (
    FORMATS,
    LevelChanged,
    RecordingOptions,
    SilenceDetected,
    SilenceEnded,
    resolve_device,
    resolve_system_source,
)

if TYPE_CHECKING:
    from app.context import Context

JSON_LINES = True  # --json: events as JSON lines, an error as a last one (app/cli.py)
NAME = "record"
HELP = "record from a microphone into encrypted chunks until the duration ends or Ctrl+C"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds the recording options; each defaults to the setting of the same meaning."""
    parser.add_argument("--duration", type=float, metavar="S", help="stop after S seconds")
    parser.add_argument("--device", metavar="D", help="input device name or index")
    parser.add_argument("--title", default="", metavar="T", help="title of the recording")
    parser.add_argument("--samplerate", type=int, metavar="HZ", help="sample rate (48000)")
    parser.add_argument("--channels", type=int, metavar="N", help="1 (mono) or 2 (stereo)")
    parser.add_argument("--chunk-seconds", type=float, metavar="S", help="chunk length, 5-300")
    parser.add_argument("--format", choices=sorted(FORMATS), help="FLAC sample format")
    parser.add_argument(
        "--system-audio",
        nargs="?",
        const="default",
        metavar="SOURCE",
        help="also record the computer's output (other participants) as channel 2: the default "
        "output, or SOURCE (`logmeets devices` lists them)",
    )
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per line for each event (scripts)"
    )


def options_from(args: argparse.Namespace, core: Core) -> RecordingOptions:
    """The recording options: command-line arguments over the settings."""
    return core.recording_options(
        device=args.device,
        title=args.title,
        duration=args.duration,
        sample_rate=args.samplerate,
        channels=args.channels,
        subtype=args.format,
        chunk_seconds=args.chunk_seconds,
        system_audio=args.system_audio,
    )


def silence_text(event: object) -> str | None:
    """What a person running `record` is told about a silent microphone (None: not such an
    event)."""
    if isinstance(event, SilenceDetected):
        return (
            f"Warning: the microphone {event.device} has picked up nothing for "
            f"{event.seconds:.0f} s. Check that it is not muted (headset or system settings), "
            "that this program may use the microphone (macOS: System Settings > Privacy & "
            "Security > Microphone), and that the right one is chosen (`logmeets devices`, "
            "then --device). Recording goes on."
        )
    if isinstance(event, SilenceEnded):
        return f"Sound is back after {event.end - event.start:.0f} s of silence."
    return None


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Records; returns 0 after a duration or a signal, raises RecorderError otherwise."""
    core = Core(ctx)
    options = options_from(args, core)
    resolve_device(options.device)  # "no microphone" before any keyring or disk work
    if options.system_audio not in (None, "default"):
        # An unknown source is refused before anything starts (exit status 8).
        source = resolve_system_source(options.system_audio, core.system_sources())
        options = replace(options, system_audio=source.name)
    stop = threading.Event()
    lock = threading.Lock()  # events arrive on the recorder's threads

    def report(event: object) -> None:
        if not isinstance(event, LevelChanged):  # ~10 a second: a meter, not an event
            with lock:
                event_json(event, ctx.out)

    def warn(event: object) -> None:
        text = silence_text(event)
        if text is not None:
            with lock:
                print(text, file=ctx.err, flush=True)

    unsubscribe = ctx.events.subscribe(report if args.json else warn)
    try:
        with stop_on_signals(stop), core:
            core.open()
            recording_id = core.start_recording(options).value
            recorder = core.recorder
            assert recorder is not None
            while not stop.is_set() and not recorder.wait(0):
                if recorder.wait_capturing(0.1):
                    with lock:
                        if args.json:
                            json_line(
                                "recording",
                                ctx.out,
                                recording_id=recording_id,
                                device=recorder.device_name,
                            )
                        else:
                            print(
                                f"Recording from {recorder.device_name}: {recording_id}",
                                file=ctx.out,
                                flush=True,
                            )
                    break
            while not stop.is_set() and not recorder.wait(0.1):
                pass
            core.stop_recording()
    finally:
        unsubscribe()
    seconds = recorder.frames / options.sample_rate
    chunks = len(recorder.sealed_chunks)
    if args.json:
        json_line(
            "saved",
            ctx.out,
            recording_id=recording_id,
            seconds=round(seconds, 3),
            chunks=chunks,
            stop_reason=str(recorder.stop_reason),
            overflows=recorder.overflows,
        )
    print(
        f"Saved {seconds:.2f} s in {chunks} chunk(s) ({recorder.stop_reason}); "
        f"input overflows: {recorder.overflows}",
        file=ctx.err,
        flush=True,
    )
    if recorder.error is not None:
        raise recorder.error
    return 0
