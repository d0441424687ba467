"""`logmeets devices [--json]`: the input devices PortAudio sees, for choosing `--device`, and
the system-audio sources (`--system-audio`)."""

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
    core = Core(ctx)
    devices = core.devices(refresh=False)
    sources = core.system_sources()
    if args.json:
        listed = [d.as_dict() for d in devices] + [s.as_dict() for s in sources]
        print(json.dumps(listed, indent=2), file=ctx.out)
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
    if sources:
        print("\nSystem audio (the computer's output):", file=ctx.out)
        for src in sources:
            mark = "*" if src.is_default else " "
            print(f"{mark:2}{src.name}  ({src.description})", file=ctx.out)
        print(
            "* = default output. Record it with `logmeets record --system-audio [SOURCE]`.",
            file=ctx.out,
        )
    return 0
