"""Upload progress as the bytes go out: over a link the fault proxy slows to 4 MB/s, one
chunk's single request body reports its progress while it is under way (not only when the
server answers), at most ten times a second, and ends at the chunk's size. (The first ~4 MB
vanish into the sockets' buffers at once; the rest goes at the link's pace.)"""

from __future__ import annotations

import itertools

import pytest
from faultproxy import Fault, FaultProxy
from uphelp import Box, ServerProc, make_scheduler, run_until_drained

from uploader import UploadProgress, UploadStarted

MiB = 1024 * 1024
SIZE = 16 * MiB
pytestmark = pytest.mark.slow

RATE = 4_000_000  # bytes per second through the proxy: about four seconds for the chunk


def test_progress_advances_within_one_request_at_most_ten_times_a_second(
    server: ServerProc, proxy: FaultProxy, box: Box
) -> None:
    box.add_recording(1, SIZE)
    (chunk_id,) = box.ciphertexts
    total = len(box.ciphertexts[chunk_id])
    bodies = proxy.add(
        Fault(lambda r: r.method in ("POST", "PATCH"), times=10, throttle=RATE)
    )  # creation-with-upload: the whole chunk goes in the POST's body
    sched = make_scheduler(
        box, proxy.url, proxy.ca_file, piece_size=32 * MiB, max_piece_size=32 * MiB
    )
    run_until_drained(sched, box)
    assert bodies.hits >= 1

    started = [(t, e) for t, e in box.seen if isinstance(e, UploadStarted)]
    progress = [(t, e) for t, e in box.seen if isinstance(e, UploadProgress)]
    rid = started[0][1].recording_id
    assert started[0][1] == UploadStarted(chunk_id, rid, total, 0)
    assert progress and started[0][0] <= progress[0][0]
    sent = [e.sent for _t, e in progress]
    assert sent == sorted(sent) and sent[-1] == total
    # One request carried the whole chunk; its progress was told while it went out.
    during = [(t, s) for (t, _e), s in zip(progress, sent, strict=True) if 0 < s < total]
    assert len(during) >= 5, sent
    assert during[-1][0] - during[0][0] > 1.0, "the progress came all at once"
    # At most ten a second: consecutive events 0.1 s apart (the completing one may come sooner).
    times = [t for t, _e in progress[:-1]]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(g >= 0.095 for g in gaps), gaps
    assert len(progress) <= 10 * (progress[-1][0] - progress[0][0]) + 2
