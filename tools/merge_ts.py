"""Three-way merge of Qt Linguist catalogues (.ts), message by message, as a git merge driver.

Git's line merge garbles .ts files: two branches that each append a message to the same context
produce overlapping hunks, and a union merge splices half messages together. This merges by
(context, source, comment) instead: OURS is kept as written, THEIRS' additions, removals and
changed translations (against BASE) are applied to it, and a message both sides changed
differently is a conflict (OURS kept, exit status 1, the message named on stderr).

    python3 tools/merge_ts.py BASE OURS THEIRS     # writes the result into OURS

`.gitattributes` names it for app/resources/translations/*.ts; enable it once per clone with
    git config merge.qt-ts.driver 'python3 tools/merge_ts.py %O %A %B'
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

CONTEXT = re.compile(r"<context>.*?</context>", re.S)
MESSAGE = re.compile(r"[ \t]*<message\b.*?</message>[ \t]*\n?", re.S)
CLOSE_TS = "</TS>"

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Message:
    """One <message> block: where it sits in its file, its exact text, and what it means."""

    context: str
    start: int
    end: int
    text: str
    meaning: str


def _parse(text: str | bytes) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314  (the repository's own catalogues)


def _meaning(element: ET.Element) -> str:
    """The message's content with formatting and entity spelling normalised away."""
    parts = [element.get("numerus") or ""]
    for child in element:
        if child.tag in ("location",):
            continue  # lupdate moves locations on every edit; they carry no meaning
        parts.append(ET.tostring(child, encoding="unicode").strip())
    return "\n".join(parts)


def messages(text: str) -> tuple[dict[Key, Message], dict[str, int]]:
    """The messages of a catalogue by key, and where each context's closing tag starts."""
    found: dict[Key, Message] = {}
    closes: dict[str, int] = {}
    for ctx in CONTEXT.finditer(text):
        block = ctx.group(0)
        name_match = re.search(r"<name>(.*?)</name>", block, re.S)
        name = _parse(f"<n>{name_match.group(1)}</n>").text or "" if name_match else ""
        closes[name] = ctx.end() - len("</context>")
        for msg in MESSAGE.finditer(block):
            element = _parse(msg.group(0).strip())
            key = (name, element.findtext("source") or "", element.findtext("comment") or "")
            found[key] = Message(
                name,
                ctx.start() + msg.start(),
                ctx.start() + msg.end(),
                msg.group(0),
                _meaning(element),
            )
    return found, closes


def merge(base: str, ours: str, theirs: str) -> tuple[str, list[Key]]:
    """OURS with THEIRS' changes against BASE applied; the keys both sides changed differently."""
    b, _ = messages(base)
    o, o_closes = messages(ours)
    t, _ = messages(theirs)
    edits: list[tuple[int, int, str]] = []
    conflicts: list[Key] = []
    new_contexts: dict[str, list[str]] = {}
    for key in b.keys() - t.keys():
        if key in o and o[key].meaning == b[key].meaning:
            edits.append((o[key].start, o[key].end, ""))
        elif key in o:
            conflicts.append(key)  # they removed what we changed
    for key, theirs_msg in t.items():
        if key not in b:
            if key not in o:
                if key[0] in o_closes:
                    edits.append((o_closes[key[0]], o_closes[key[0]], theirs_msg.text))
                else:
                    new_contexts.setdefault(key[0], []).append(theirs_msg.text)
            elif o[key].meaning != theirs_msg.meaning:
                conflicts.append(key)
        elif key in o and theirs_msg.meaning != b[key].meaning:
            if o[key].meaning == b[key].meaning:
                edits.append((o[key].start, o[key].end, theirs_msg.text))
            elif o[key].meaning != theirs_msg.meaning:
                conflicts.append(key)
    if new_contexts:
        at = ours.rindex(CLOSE_TS)
        added = "".join(
            f"<context>\n    <name>{name}</name>\n{''.join(blocks)}</context>\n"
            for name, blocks in new_contexts.items()
        )
        edits.append((at, at, added))
    result = ours
    # From the end backwards so earlier offsets stay valid; same-offset inserts keep their order.
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        result = result[:start] + text + result[end:]
    _parse(result.encode("utf-8"))  # a result that does not parse is never written
    return result, conflicts


def main(argv: list[str]) -> int:
    """Git merge driver entry point: BASE OURS THEIRS, result written into OURS."""
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    base, ours, theirs = (Path(p) for p in argv)
    try:
        result, conflicts = merge(
            base.read_text(encoding="utf-8"),
            ours.read_text(encoding="utf-8"),
            theirs.read_text(encoding="utf-8"),
        )
    except (ET.ParseError, ValueError) as exc:
        print(f"merge_ts: cannot merge {ours}: {exc}; resolve it by hand", file=sys.stderr)
        return 2
    ours.write_text(result, encoding="utf-8")
    for context, source, _ in conflicts:
        print(f"merge_ts: both sides changed [{context}] {source!r}; ours kept", file=sys.stderr)
    return 1 if conflicts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
