"""`logmeets history remove RECORDING_ID`: delete an uploaded recording's title, time and markers
from this computer's history (which is then sealed to a new key, so a copy of the old file
opens no more), and the recording from `logmeets list`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.core import Core

if TYPE_CHECKING:
    from app.context import Context

NAME = "history"
HELP = "remove an uploaded recording from this computer's history"


def configure(parser: argparse.ArgumentParser) -> None:
    """The `remove RECORDING_ID` action."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    remove = actions.add_parser(
        "remove", help="delete one uploaded recording's title, time and markers from this computer"
    )
    remove.add_argument("recording_id", metavar="RECORDING_ID", help="as `logmeets list` shows")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Removes the entry (OutboxError unknown_recording or history_not_removable otherwise)."""
    with Core(ctx) as core:
        core.open()
        core.remove_from_history(args.recording_id)
    print(
        f"Recording {args.recording_id} removed from this computer's history; the copy on "
        "your organisation's server is not affected.",
        file=ctx.out,
    )
    return 0
