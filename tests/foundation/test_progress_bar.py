"""The terminal progress bar of `sync` and `export`: the bar and its number agree, and 100 % is
shown only when everything is done."""

from __future__ import annotations

from app.commands.output import bar


def test_the_bar_and_the_percentage_round_the_same_way() -> None:
    assert bar(200.4 / 601.4) == "[#######-----------------]  33%"
    assert bar(1 / 3) == "[########----------------]  33%"


def test_only_done_is_full() -> None:
    assert bar(0.999) == "[#######################-]  99%"
    assert bar(1.0) == "[########################] 100%"
    assert bar(1.5) == bar(1.0) and bar(-1.0) == "[------------------------]   0%"
