"""Property tests of the input parsers: whatever a client sends, the answer is a value or a
`ServerError` (a 4xx with a code), never another exception (which would be a 500)."""

from __future__ import annotations

import base64
import uuid
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from server.errors import ServerError
from server.recordings import validate_manifest
from server.tus import parse_metadata

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=20).filter(lambda k: " " not in k and "," not in k),
        st.text(max_size=40),
        max_size=8,
    )
)
@example({"0\r": ""})  # once stripped to "0" and accepted as another key
@example({"a\n": "x", "b": "y"})
def test_metadata_round_trip(fields: dict[str, str]) -> None:
    header = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in fields.items())
    try:
        parsed = parse_metadata(header)
    except ServerError as err:
        assert err.status == 400
        return
    assert parsed == fields


@given(st.text(max_size=200))
def test_metadata_garbage_is_a_400_or_a_dict(header: str) -> None:
    try:
        parsed = parse_metadata(header)
    except ServerError as err:
        assert err.status == 400 and err.code in ("bad_request", "invalid_field")
    else:
        assert isinstance(parsed, dict)


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "recording_id",
                "title",
                "started_at",
                "ended_at",
                "sample_rate",
                "channels",
                "subtype",
                "chunks",
                "markers",
                "gaps",
                "other",
            ]
        ),
        json_values,
        max_size=10,
    )
)
def test_manifest_garbage_is_a_400_or_a_manifest(doc: dict[str, Any]) -> None:
    rid = str(uuid.uuid4())
    try:
        out = validate_manifest(rid, doc)
    except ServerError as err:
        assert err.status == 400 and err.code == "invalid_field"
        assert err.fields["field"]
    else:
        assert out["recording_id"] == rid and out["chunks"]


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "chunk_id": st.uuids().map(str),
                "index": st.integers(min_value=0, max_value=1000),
                "sha256": st.text("0123456789abcdef", min_size=64, max_size=64),
                "size": st.integers(min_value=1, max_value=2**40),
            }
        ),
        min_size=1,
        max_size=5,
        unique_by=(lambda c: c["chunk_id"], lambda c: c["index"]),
    )
)
def test_valid_manifests_are_accepted_and_sorted(chunks: list[dict[str, Any]]) -> None:
    out = validate_manifest(str(uuid.uuid4()), {"chunks": chunks})
    assert [c["index"] for c in out["chunks"]] == sorted(c["index"] for c in chunks)
