"""`logmeets devices [--json]`: the input devices PortAudio sees, for choosing `--device`."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.core import Core
from recorder import RecorderError

if TYPE_CHECKING:
    from app.context import Context

NAME = "devices"
HELP = "list the input devices (microphones) that can record"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds --json."""
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Prints index, name, host API, channels, default rate, and which one is the default."""
    devices = Core(ctx).devices(refresh=False)
    if args.json:
        print(json.dumps([d.as_dict() for d in devices], indent=2), file=ctx.out)
        if not devices:
            raise RecorderError("no input device found", code="no_microphone")
        return 0
    if not devices:
        raise RecorderError("no input device found", code="no_microphone")
    width = max(len(d.name) for d in devices)
    print(
        f"{'':2}{'#':>3}  {'name':<{width}}  {'host API':<10} {'ch':>3} {'rate':>7}", file=ctx.out
    )
    for d in devices:
        mark = "*" if d.is_default else " "
        print(
            f"{mark:2}{d.index:>3}  {d.name:<{width}}  {d.host_api:<10} {d.channels:>3} "
            f"{d.default_samplerate:>7.0f}",
            file=ctx.out,
        )
    print("* = default input. Choose one with `logmeets record --device NAME`.", file=ctx.out)
    return 0
