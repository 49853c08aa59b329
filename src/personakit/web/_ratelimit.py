"""A small in-memory sliding-window rate limit, keyed by client address.

Used by the public questionnaire (``/r/{token}``), the one page anyone may reach without an
account: a person answering needs two requests (open, submit); a script guessing tokens
needs millions. The limit is ``[settings.validate] rate_limit_per_minute``. The window
lives in the process: behind several workers each counts on its own, which still stops
guessing (the tokens carry 128 random bits and an HMAC). Behind a reverse proxy, run
uvicorn with ``--proxy-headers`` so the client address is the visitor's, not the proxy's.
"""

from __future__ import annotations

import threading
import time
from collections import deque

WINDOW_SECONDS = 60.0
# Addresses remembered at most; beyond it, idle ones are forgotten first, so a flood of
# spoofed addresses costs bounded memory.
MAX_KEYS = 10_000


class SlidingWindow:
    """Counts requests per key over the last ``window`` seconds."""

    def __init__(self, window: float = WINDOW_SECONDS, max_keys: int = MAX_KEYS) -> None:
        self.window = window
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, limit: int, now: float | None = None) -> bool:
        """Record one request of *key*; ``False`` if it is over *limit* in the window.

        A refused request is not recorded, so a client that waits a minute gets in again.
        """
        moment = time.monotonic() if now is None else now
        start = moment - self.window
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                self._make_room(start)
                hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= start:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(moment)
            return True

    def _make_room(self, start: float) -> None:
        if len(self._hits) < self.max_keys:
            return
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= start]:
            del self._hits[key]
        while len(self._hits) >= self.max_keys:  # all busy: forget the oldest-seen first
            del self._hits[next(iter(self._hits))]
