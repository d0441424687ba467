"""`logmeets forget RECORDING_ID [--yes]`: crypto-erase a recording that damaged (quarantined)
parts would otherwise keep on this computer, with its key, forever."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.core import Core, forgettable
from outbox import ChunkState

if TYPE_CHECKING:
    from app.context import Context

NAME = "forget"
HELP = "erase the key of a recording whose damaged parts can never be uploaded"

EXIT_DECLINED = 1


def configure(parser: argparse.ArgumentParser) -> None:
    """RECORDING_ID and --yes."""
    parser.add_argument("recording_id", metavar="RECORDING_ID", help="as `logmeets list` shows")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Says what is lost and how to export first, asks (unless --yes), then forgets."""
    rid = args.recording_id
    with Core(ctx) as core:
        snapshot = core.open()
        rec = next((r for r in snapshot.recordings if r.id == rid), None)
        if rec is not None and rec.id in forgettable(snapshot) and not args.yes:
            quarantined = sum(
                1
                for c in snapshot.chunks
                if c.recording_id == rec.id and c.state is ChunkState.QUARANTINED
            )
            print(
                f"Recording {rec.id} ({rec.title or 'untitled'}) has {quarantined} damaged "
                "part(s) that can never be uploaded; the other parts are on the server.\n"
                "Forgetting it deletes its key from this computer: nothing of it can be read "
                "here any more (the organisation's copy on the server is not affected).\n"
                "This command exports nothing. To keep what is still readable here, first run:\n"
                f"  logmeets export {rec.id} --out FILE.flac",
                file=ctx.out,
            )
            print("Forget it now? [y/N] ", end="", file=ctx.out, flush=True)
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                print("Nothing was forgotten.", file=ctx.out)
                return EXIT_DECLINED
        # Raises unknown_recording, or recording_not_forgettable (printed by app.cli).
        core.forget_recording(rid)
    print(f"Recording {rid} forgotten: its key is erased from this computer.", file=ctx.out)
    return 0
