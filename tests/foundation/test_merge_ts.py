"""tools/merge_ts.py: two branches that each add Japanese messages merge without garbling."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import merge_ts  # noqa: E402

CATALOGUE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>Record</source>
        <translation>録音</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
</TS>
"""


def _message(source: str, translation: str) -> str:
    return (
        f"    <message>\n        <source>{source}</source>\n"
        f"        <translation>{translation}</translation>\n    </message>\n"
    )


def _add(text: str, block: str) -> str:
    return text.replace("</context>", block + "</context>", 1)


def _translations(text: str) -> dict[str, str]:
    root = ET.fromstring(text.encode())
    found: dict[str, str] = {}
    for message in root.iter("message"):
        assert len(message.findall("source")) == 1 and len(message.findall("translation")) == 1
        found[message.findtext("source") or ""] = message.findtext("translation") or ""
    return found


def test_both_sides_add_to_one_context_and_theirs_removes_and_retranslates() -> None:
    ours = _add(CATALOGUE, _message("Pause", "一時停止"))
    theirs = _add(CATALOGUE, _message("Don&apos;t ask again", "今後は確認しない"))
    theirs = theirs.replace(_message("Stop", "停止"), _message("Stop", "録音を停止"))
    theirs = theirs.replace(_message("Record", "録音"), "")
    theirs = theirs.replace(
        "</TS>",
        "<context>\n    <name>Tray</name>\n" + _message("Quit", "終了") + "</context>\n</TS>",
    )

    result, conflicts = merge_ts.merge(CATALOGUE, ours, theirs)

    assert conflicts == []
    assert _translations(result) == {
        "Stop": "録音を停止",
        "Pause": "一時停止",
        "Don't ask again": "今後は確認しない",
        "Quit": "終了",
    }
    assert "Don&apos;t ask again" in result  # their spelling of entities is kept, not re-escaped


def test_both_sides_retranslating_one_message_is_a_conflict_that_keeps_ours() -> None:
    ours = CATALOGUE.replace("停止", "ストップ")
    theirs = CATALOGUE.replace("停止", "止める")
    result, conflicts = merge_ts.merge(CATALOGUE, ours, theirs)
    assert conflicts == [("MainWindow", "Stop", "")]
    assert _translations(result)["Stop"] == "ストップ"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def test_git_uses_it_as_the_merge_driver_for_the_catalogues(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.invalid")
    _git(repo, "config", "user.name", "t")
    _git(
        repo,
        "config",
        "merge.qt-ts.driver",
        f"{sys.executable} {ROOT / 'tools' / 'merge_ts.py'} %O %A %B",
    )
    (repo / ".gitattributes").write_text("*.ts merge=qt-ts\n")
    ts = repo / "logmeets_ja.ts"
    ts.write_text(CATALOGUE, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "other")
    ts.write_text(_add(CATALOGUE, _message("Upload now", "今すぐアップロード")), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "theirs")
    _git(repo, "checkout", "-q", "main")
    ts.write_text(_add(CATALOGUE, _message("Pause", "一時停止")), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "ours")

    _git(repo, "merge", "-q", "-m", "merge", "other")  # a line merge would conflict here

    assert set(_translations(ts.read_text(encoding="utf-8"))) == {
        "Record",
        "Stop",
        "Pause",
        "Upload now",
    }
