"""The log handler of `serve`: records are formatted and written in batches by one thread, so a
request never waits on the stream (a write per request released the GIL to the other request
threads: about 0.1 ms of CPU per request under load) and does not pay for the formatting."""

import logging
import threading
import time
from collections import deque
from typing import TextIO

# Lines reach the stream at most this late.
FLUSH_INTERVAL_SECONDS = 0.1
# How often the writer looks whether the main thread has ended.
_CHECK_SECONDS = 0.1


class BatchedStreamHandler(logging.Handler):
    def __init__(self, stream: TextIO, interval: float = FLUSH_INTERVAL_SECONDS):
        super().__init__()
        self._stream = stream
        self._interval = interval
        self._pending: deque[logging.LogRecord] = deque()  # append and popleft are atomic
        self._stopping = threading.Event()
        # Not a daemon: it writes the last lines after the main thread ends, also in granian's
        # worker process, which multiprocessing ends without atexit (no logging.shutdown).
        self._writer = threading.Thread(target=self._write_batches, name="log")
        self._writer.start()

    def emit(self, record: logging.LogRecord) -> None:
        self._pending.append(record)

    def flush(self) -> None:
        lines = []
        while self._pending:
            record = self._pending.popleft()
            try:
                lines.append(self.format(record))
            except Exception:
                self.handleError(record)
        if lines:
            try:
                self._stream.write("\n".join(lines) + "\n")
                self._stream.flush()
            except (OSError, ValueError):  # a closed or broken stream: nothing to tell it
                pass

    def close(self) -> None:
        self._stopping.set()
        self._writer.join(timeout=2)
        self.flush()
        super().close()

    def _write_batches(self) -> None:
        main = threading.main_thread()
        due = time.monotonic() + self._interval
        while not self._stopping.wait(min(self._interval, _CHECK_SECONDS)):
            if not main.is_alive():
                self.flush()
                return
            if time.monotonic() >= due:
                self.flush()
                due = time.monotonic() + self._interval
