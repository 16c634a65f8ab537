"""The log handler of `serve` writes every record, in order, without a write per record."""

import io
import logging
import threading

from mockserver.run.access_log import BatchedStreamHandler


class CountingStream(io.StringIO):
    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_records_arrive_in_order_in_few_writes() -> None:
    stream = CountingStream()
    handler = BatchedStreamHandler(stream, interval=3600)  # only close() flushes here
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.Logger("batched")
    logger.addHandler(handler)
    for n in range(500):
        logger.info("request %d", n)
    assert stream.getvalue() == ""  # nothing written on the request path
    handler.close()
    assert stream.getvalue().splitlines() == [f"request {n}" for n in range(500)]
    assert stream.writes == 1


def test_the_writer_thread_flushes_on_its_own() -> None:
    stream = io.StringIO()
    handler = BatchedStreamHandler(stream, interval=0.01)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.Logger("batched")
    logger.addHandler(handler)
    logger.info("first")
    try:
        for _ in range(500):  # up to 5 s: the writer runs every 10 ms
            if stream.getvalue():
                break
            threading.Event().wait(0.01)
        assert stream.getvalue() == "first\n"
    finally:
        handler.close()
