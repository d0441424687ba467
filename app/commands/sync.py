"""`logmeets sync [--once]`: upload everything pending. Without --once it keeps running (new
chunks from another recording session are not expected: the outbox is held exclusively) and
retries for ever; with --once it exits 0 when the outbox is drained and confirmed, and 1 with a
summary when something could not go."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from app.core import Core
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
            # Until Ctrl-C. Not a bare wait(): Linux may deliver SIGINT to one of the
            # uploader's threads, and Python runs the handler (KeyboardInterrupt) only once
            # the main thread wakes up; a wait without a timeout then never ends.
            while True:
                time.sleep(0.5)
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
