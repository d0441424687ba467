"""`logmeets recover`: turns crash journals left by a killed recording into recovered chunks.

Every exclusive opening of the outbox already does this (`Context.open_outbox`); this command
does only that and says what it found.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from outbox import ChunkSealed
from recorder.recovery import CORRUPT_SUFFIX

if TYPE_CHECKING:
    from app.context import Context

NAME = "recover"
HELP = "save the audio of recordings interrupted by a crash or power cut"


def configure(parser: argparse.ArgumentParser) -> None:
    """No options."""


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Recovers, then prints how many chunks were saved and which journals were kept aside."""
    recovered: list[ChunkSealed] = []

    def on_event(event: object) -> None:
        if isinstance(event, ChunkSealed) and event.recovered:
            recovered.append(event)

    unsubscribe = ctx.events.subscribe(on_event)
    try:
        ctx.open_outbox(exclusive=True).close()
    finally:
        unsubscribe()
    seconds = sum(e.duration for e in recovered)
    recordings = len({e.recording_id for e in recovered})
    print(
        f"Recovered {len(recovered)} chunk(s), {seconds:.2f} s of audio, "
        f"in {recordings} recording(s).",
        file=ctx.out,
    )
    kept = sorted(ctx.data_dir.rglob(f"*{CORRUPT_SUFFIX}"))
    for path in kept:
        print(f"Damaged journal kept for your IT support: {path}", file=ctx.err)
    return 1 if kept else 0
