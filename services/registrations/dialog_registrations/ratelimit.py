"""A per-address limit on sign-ups: a fixed one-hour window, counted in this process.

Each web process counts on its own (so the effective limit is the setting times the number of
processes); it stops a flood from one address, it is not an accounting system.
"""

from __future__ import annotations

import threading
import time

from flask import current_app, request

from .domain.errors import TooManySignUps

WINDOW_SECONDS = 3600.0


class RateLimiter:
    def __init__(self, per_window: int, window_seconds: float = WINDOW_SECONDS) -> None:
        self.per_window = per_window
        self.window_seconds = window_seconds
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[float, int]] = {}

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one attempt for ``key``; False once it is over the limit in this window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._counts) > 100_000:  # forget old windows instead of growing forever
                self._counts = {
                    k: v for k, v in self._counts.items() if now - v[0] < self.window_seconds
                }
            started, count = self._counts.get(key, (now, 0))
            if now - started >= self.window_seconds:
                started, count = now, 0
            count += 1
            self._counts[key] = (started, count)
            return count <= self.per_window


def check_signup_rate() -> None:
    """Count this request's sign-up; ``TooManySignUps`` once its address is over the limit."""
    limiter: RateLimiter = current_app.extensions["registrations_rate_limiter"]
    if not limiter.allow(request.remote_addr or "unknown"):
        raise TooManySignUps(
            "Too many sign-ups from your network. Please wait an hour and try again."
        )
