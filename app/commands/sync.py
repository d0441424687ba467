"""`logmeets sync [--once] [--json]`: upload everything pending. Without --once it keeps running
(new chunks from another recording session are not expected: the outbox is held exclusively)
and retries for ever; with --once it exits 0 when the outbox is drained and confirmed, and with
the status of the cause (app/exit_codes.py) and a summary when something could not go.

On a terminal a progress bar shows the bytes sent, the speed and the time left (`TransferMeter`,
the same figures as the window's status bar); otherwise each event is a plain line, and the
progress one at every tenth. `--json` prints every event as one JSON object per line instead,
progress included (at most ten a second per chunk)."""

from __future__ import annotations

import argparse
import threading
from typing import TYPE_CHECKING

from app.commands.output import ProgressReport, event_json, json_line
from app.core import Core
from app.core.proxy import proxy_for
from app.core.transfer import TransferMeter, clock_text, size_text
from app.stop_signals import stop_on_signals
from outbox import ChunkState
from uploader import ChunkConfirmed, ManifestSent, SyncIncomplete, SyncStatus, proxy_auth_needed

if TYPE_CHECKING:
    from app.context import Context

JSON_LINES = True  # --json: events as JSON lines, an error as a last one (app/cli.py)
NAME = "sync"
HELP = "upload every pending chunk (--once: exit when done, non-zero if something could not go)"
_DONE = (ChunkState.CONFIRMED, ChunkState.ERASED)


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds --once and --json."""
    parser.add_argument(
        "--once", action="store_true", help="exit when drained (0) or stuck (non-zero, summary)"
    )
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per line for each event (scripts)"
    )


def progress_text(meter: TransferMeter) -> tuple[float, str]:
    """(fraction done, "180.2 kB of 601.0 kB, 1.2 MB/s, 0:02 left") of the meter now."""
    f = meter.figures()
    text = f"{size_text(f.total - f.left)} of {size_text(f.total)}"
    if f.speed is not None:
        text += f", {size_text(f.speed)}/s"
    if f.seconds_left is not None:
        text += f", {clock_text(f.seconds_left)} left"
    return f.fraction, text


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Runs the uploader in this process until drained (--once) or interrupted."""
    core = Core(ctx)
    core.require_server()
    lock = threading.Lock()  # events arrive on the uploader's threads
    progress = ProgressReport(ctx.out)
    meter = TransferMeter()

    def report(event: object) -> None:
        with lock:
            if args.json:
                event_json(event, ctx.out)
                return
            if meter.feed(event) and meter.figures().total:
                progress.update(*progress_text(meter))
            if isinstance(event, ChunkConfirmed):
                how = " (weaker confirmation: plain tus server)" if event.weaker else ""
                progress.say(f"confirmed and erased chunk {event.chunk_id}{how}")
            elif isinstance(event, ManifestSent):
                progress.say(f"recording {event.recording_id} complete on the server")
            elif isinstance(event, SyncStatus) and not args.once:
                wait = f", retry in {event.retry_in:.0f}s" if event.retry_in else ""
                why = f" ({event.reason})" if event.reason else ""
                progress.say(f"sync: {event.state}{why}{wait}")

    with core:
        core.open()
        assert core.outbox is not None
        if not args.json:
            meter.expect({c.id: c.size for c in core.outbox.chunks() if c.state not in _DONE})
        unsubscribe = ctx.events.subscribe(report)
        try:
            if args.once:
                return _once(core, ctx, args.json, progress)
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
            progress.clear()


def _once(core: Core, ctx: Context, as_json: bool, progress: ProgressReport) -> int:
    summary = core.run_sync_once()
    progress.clear()
    if as_json:
        json_line(
            "summary",
            ctx.out,
            confirmed=summary.confirmed,
            manifests=summary.manifests,
            pending=summary.pending,
            manifests_pending=summary.manifests_pending,
            drained=summary.drained,
        )
    else:
        print(
            f"{summary.confirmed} chunk(s) confirmed and erased, {summary.manifests} "
            f"recording(s) completed, {summary.pending} chunk(s) and "
            f"{summary.manifests_pending} manifest(s) still pending.",
            file=ctx.out,
        )
    if summary.drained:
        return 0
    reason = next(iter(summary.failures.values()), "unknown")
    if reason == "proxy_auth_needed":  # say which proxy and how to sign in to it
        url = ctx.settings.server_url or ctx.settings.tus_endpoint or ""
        raise proxy_auth_needed(url, proxy_for(ctx.proxy(), url) or "")
    raise SyncIncomplete("sync could not finish", pending=summary.pending, reason=reason)
