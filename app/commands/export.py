"""`logmeets export RECORDING_ID --out FILE.flac`: the recording's local audio as one FLAC file,
tagged (docs/file-format.md §2.2). A long recording takes a while to decrypt and join: stderr
counts the chunks, as a bar on a terminal and as a plain line at every tenth otherwise (the
progress report `sync` uses)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.commands.output import ProgressReport
from app.core import Core

if TYPE_CHECKING:
    from app.context import Context

NAME = "export"
HELP = "join a recording's chunks held on this computer into one FLAC file"


def configure(parser: argparse.ArgumentParser) -> None:
    """RECORDING_ID and --out."""
    parser.add_argument("recording_id", metavar="RECORDING_ID", help="as `logmeets list` shows")
    parser.add_argument(
        "--out", required=True, type=Path, metavar="FILE.flac", help="where to write"
    )
    parser.add_argument(
        "--mix",
        action="store_true",
        help="one channel: the microphone and the system audio mixed (default: each its own)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Writes the FLAC (decrypted: this is the user's own copy) and lists what is missing."""
    shown = ProgressReport(ctx.err)

    def progress(done: int, total: int) -> None:
        shown.update(done / total, f"chunk {done} of {total}")

    try:
        with Core(ctx) as core:
            core.open(exclusive=False)
            report = core.export_flac(args.recording_id, args.out, progress, mix=args.mix)
    finally:
        shown.clear()
    print(
        f"Wrote {report.out}: {len(report.chunks)} chunks, {report.duration:.1f} s "
        f"({report.sample_rate} Hz, {report.channels} ch).",
        file=ctx.out,
    )
    for gap in report.gaps:
        if gap.index is None:
            print(f"  gap {gap.start:.1f}-{gap.end:.1f} s: {gap.reason}", file=ctx.out)
        else:
            print(f"  chunk {gap.index} not included: {gap.reason}", file=ctx.out)
    return 0
