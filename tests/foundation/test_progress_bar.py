"""The progress report of `sync` and `export`: the bar and its number agree, and 100 % is
shown only when everything is done; on a terminal it is redrawn in place, elsewhere it is a
plain line at each tenth of the work."""

from __future__ import annotations

import io

from app.commands.output import ProgressReport, bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_and_the_percentage_round_the_same_way() -> None:
    assert bar(200.4 / 601.4) == "[#######-----------------]  33%"
    assert bar(1 / 3) == "[########----------------]  33%"


def test_only_done_is_full() -> None:
    assert bar(0.999) == "[#######################-]  99%"
    assert bar(1.0) == "[########################] 100%"
    assert bar(1.5) == bar(1.0) and bar(-1.0) == "[------------------------]   0%"


def test_plain_lines_at_each_tenth_when_not_a_terminal() -> None:
    out = io.StringIO()
    report = ProgressReport(out)
    for done in range(0, 101):
        report.update(done / 100, f"{done} of 100")
    report.say("a line of its own")
    lines = out.getvalue().splitlines()
    assert lines[:-1] == [f"{10 * n}% {10 * n} of 100" for n in range(1, 11)]
    assert lines[-1] == "a line of its own" and "\r" not in out.getvalue()


def test_a_bar_redrawn_in_place_on_a_terminal() -> None:
    now = [0.0]
    out = Terminal()
    report = ProgressReport(out, clock=lambda: now[0])
    report.update(0.5, "half")
    report.update(0.6, "newer")  # within the redraw interval: not drawn yet
    assert "newer" not in out.getvalue()
    report.say("event")  # a plain line; the bar comes back below it, up to date
    now[0] += 1.0
    report.update(1.0, "done")
    report.clear()
    text = out.getvalue()
    assert text.startswith("\r[############------------]  50% half")
    assert "\revent\n\r[##############----------]  60% newer" in text
    assert "\r[########################] 100% done" in text and text.endswith("\r")
