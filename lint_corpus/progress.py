"""The progress bar a long run shows on a terminal: bytes read, MB/s and documents/s.

It writes to stderr only, and only when stderr is a terminal and ``--quiet`` is not given, so
it never mixes into machine-readable output. tqdm waits a second before drawing, so short runs
(a pre-commit hook) show nothing.

Two tqdm defaults made the bar lie on multi-file runs, and are turned off here:

- *dynamic miniters*: after its first redraw tqdm waits for as many bytes as went by in that
  first interval before drawing again. When the first interval covered a whole file (the jump
  as a file is closed), the bar then froze for the next files. Its ``maxinterval`` rescue needs
  the monitor thread, which must stay off (forking workers with it running is unsafe). So the
  bar redraws on time only (``REFRESH``), whatever the bytes.
- a documents/s figure counted from the start of the run (worker start-up included) and set
  without a redraw: the first figure shown was the start-up's ("2 docs/s"), and it stayed.
  The rate here is measured over the last interval, smoothed as tqdm smooths its own, and
  shown only once a whole interval has been measured.
"""

from __future__ import annotations

import time
from typing import TextIO

#: Seconds before the bar appears.
DELAY = 1.0
#: Seconds between redraws (and between measurements of the documents/s figure).
REFRESH = 0.5
#: Weight of the newest interval in the documents/s figure (tqdm's default smoothing).
SMOOTHING = 0.3


class Progress:
    def __init__(self, total_bytes: int, *, enabled: bool, stream: TextIO) -> None:
        self.bar = None
        self.documents = 0
        #: When the last redraw happened, and how many documents were done then.
        self._last_time: float | None = None
        self._last_documents = 0
        self._rate: float | None = None
        if enabled:
            from tqdm import tqdm

            # tqdm's monitor thread would make forking worker processes unsafe.
            tqdm.monitor_interval = 0
            # miniters=0: redraw on time alone (see the module docstring); the throttling
            # is ``update``'s, so tqdm's own mininterval is 0.
            self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000,
                            file=stream, delay=DELAY, desc="lint-corpus", leave=False,
                            dynamic_ncols=True, mininterval=0, miniters=0)

    def update(self, done_bytes: int) -> None:
        """A document (or the end of a file) was processed; ``done_bytes`` of the input have
        been read, over every file so far."""
        self.documents += 1
        if self.bar is None:
            return
        now = time.monotonic()
        if self._last_time is None:  # the first document: the rate is measured from here
            self._last_time = now
            self._last_documents = self.documents
        elif now - self._last_time < REFRESH:
            return
        else:
            interval = max(now - self._last_time, 1e-9)
            latest = (self.documents - self._last_documents) / interval
            self._rate = latest if self._rate is None else \
                SMOOTHING * latest + (1 - SMOOTHING) * self._rate
            self._last_time, self._last_documents = now, self.documents
        if self._rate is not None:
            self.bar.set_postfix_str(f"{self._rate:,.0f} docs/s", refresh=False)
        self.bar.update(max(0, min(done_bytes, self.bar.total) - self.bar.n))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
