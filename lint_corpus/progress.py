"""The progress bar a long run shows on a terminal: bytes read, MB/s and documents/s.

It writes to stderr only, and only when stderr is a terminal and ``--quiet`` is not given, so
it never mixes into machine-readable output. tqdm waits a second before drawing, so short runs
(a pre-commit hook) show nothing.
"""

from __future__ import annotations

import time
from typing import TextIO

#: Seconds before the bar appears.
DELAY = 1.0
#: Seconds between updates of the documents/s figure.
REFRESH = 0.5


class Progress:
    def __init__(self, total_bytes: int, *, enabled: bool, stream: TextIO) -> None:
        self.bar = None
        self.documents = 0
        self._start = time.monotonic()
        self._last = 0.0
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000,
                            file=stream, delay=DELAY, desc="lint-corpus", leave=False,
                            dynamic_ncols=True, mininterval=REFRESH)

    def update(self, done_bytes: int) -> None:
        self.documents += 1
        if self.bar is None:
            return
        now = time.monotonic()
        if now - self._last < REFRESH:
            return
        self._last = now
        self.bar.update(max(0, min(done_bytes, self.bar.total) - self.bar.n))
        rate = self.documents / max(now - self._start, 1e-9)
        self.bar.set_postfix_str(f"{rate:,.0f} docs/s", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
