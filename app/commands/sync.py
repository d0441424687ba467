"""`logmeets sync [--once]`: upload everything pending. Without --once it keeps running (new
chunks from another recording session are not expected: the outbox is held exclusively) and
retries for ever; with --once it exits 0 when the outbox is drained and confirmed, and 1 with a
summary when something could not go."""

from __future__ import annotations

import argparse
import threading
from typing import TYPE_CHECKING

from app.core import Core
from app.stop_signals import stop_on_signals
from uploader import ChunkConfirmed, ManifestSent, SyncIncomplete, SyncStatus

if TYPE_CHECKING:
    from app.context import Context

NAME = "sync"
HELP = "upload every pending chunk (--once: exit when done, non-zero if something could not go)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds --once."""
    parser.add_argument(
        "--once", action="store_true", help="exit when drained (0) or stuck (1, with a summary)"
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Runs the uploader in this process until drained (--once) or interrupted."""
    core = Core(ctx)
    core.require_server()

    def report(event: object) -> None:
        if isinstance(event, ChunkConfirmed):
            how = " (weaker confirmation: plain tus server)" if event.weaker else ""
            print(f"confirmed and erased chunk {event.chunk_id}{how}", file=ctx.out)
        elif isinstance(event, ManifestSent):
            print(f"recording {event.recording_id} complete on the server", file=ctx.out)
        elif isinstance(event, SyncStatus) and not args.once:
            wait = f", retry in {event.retry_in:.0f}s" if event.retry_in else ""
            why = f" ({event.reason})" if event.reason else ""
            print(f"sync: {event.state}{why}{wait}", file=ctx.out)

    with core:
        core.open()
        unsubscribe = ctx.events.subscribe(report)
        try:
            if args.once:
                return _once(core, ctx)
            core.start_sync()
            # Until Ctrl-C (Windows: or Ctrl+Break). Not a bare wait(): Linux may deliver SIGINT
            # to one of the uploader's threads, and Python runs the handler only once the main
            # thread wakes up; a wait without a timeout then never ends.
            stop = threading.Event()
            with stop_on_signals(stop, terminate=False):
                while not stop.wait(0.5):
                    pass
            raise KeyboardInterrupt  # the exit status of an interrupt, as before (130)
        finally:
            unsubscribe()


def _once(core: Core, ctx: Context) -> int:
    summary = core.run_sync_once()
    print(
        f"{summary.confirmed} chunk(s) confirmed and erased, {summary.manifests} recording(s) "
        f"completed, {summary.pending} chunk(s) and {summary.manifests_pending} manifest(s) "
        "still pending.",
        file=ctx.out,
    )
    if summary.drained:
        return 0
    reason = next(iter(summary.failures.values()), "unknown")
    raise SyncIncomplete("sync could not finish", pending=summary.pending, reason=reason)
