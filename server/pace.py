"""The pace rule for what an unauthenticated client sends before the server knows who it is
(the request head, and JSON bodies): whole within `deadline` seconds, and after `grace`
seconds at least `min_rate` bytes per second on average. An idle timeout alone restarts at
every byte, so one byte a second would hold a connection for ever (slowloris)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pace:
    """Limits on how slowly a head or a JSON body may arrive. Durations are seconds."""

    deadline: float
    min_rate: float
    grace: float

    def cut_at(self, received: int) -> float:
        """Seconds after the start at which a sender that has sent `received` bytes so far is
        too slow (unless more arrives before)."""
        return min(self.deadline, self.grace + received / self.min_rate)
