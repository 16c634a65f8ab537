"""The log handler of `serve` writes every record, in order, without a write per record."""

import io
import json
import logging
import re
import subprocess
import sys
import threading

from contract import check_response
from mockserver import create_app
from mockserver.core.config import Settings
from mockserver.serving.access_log import BatchedStreamHandler


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


def test_the_last_records_are_written_when_the_main_thread_ends() -> None:
    """Also in a process that multiprocessing ends with os._exit, as granian's worker: no
    atexit handler runs there, and the handler is never closed."""
    program = (
        "import logging, multiprocessing, sys\n"
        "from mockserver.serving.access_log import BatchedStreamHandler\n"
        "def worker():\n"
        "    logging.getLogger().addHandler(BatchedStreamHandler(sys.stdout, interval=3600))\n"
        "    logging.getLogger().warning('the last line')\n"
        "if __name__ == '__main__':\n"
        "    process = multiprocessing.get_context('fork').Process(target=worker)\n"
        "    process.start()\n"
        "    process.join(20)\n"
        "    sys.exit(process.exitcode)\n"
    )
    ended = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=30
    )
    assert ended.stdout == "the last line\n" and ended.returncode == 0, ended.stderr


class CountingFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(message)s")
        self.threads: set[str] = set()

    def format(self, record: logging.LogRecord) -> str:
        self.threads.add(threading.current_thread().name)
        return super().format(record)


def test_records_are_formatted_by_the_writer_and_a_bad_one_costs_only_itself() -> None:
    stream = io.StringIO()
    handler = BatchedStreamHandler(stream, interval=3600)
    formatter = CountingFormatter()
    handler.setFormatter(formatter)
    logger = logging.Logger("batched")
    logger.addHandler(handler)
    logger.info("before")
    logger.info("%d requests", "not a number")  # fails when formatted, not when logged
    logger.info("after")
    assert formatter.threads == set()  # the request path only queued them
    previous, logging.raiseExceptions = logging.raiseExceptions, False
    try:
        handler.close()
    finally:
        logging.raiseExceptions = previous
    assert stream.getvalue().splitlines() == ["before", "after"]
    assert formatter.threads == {threading.current_thread().name}  # close() flushed here


def test_an_access_line_names_the_request_without_a_stack_search() -> None:
    stream = io.StringIO()
    handler = BatchedStreamHandler(stream, interval=3600)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    access = logging.getLogger("mockserver.access")
    access.addHandler(handler)
    previous = access.level
    access.setLevel(logging.INFO)
    try:
        check_response(create_app().test_client().get("/v1/authentication/token"))
    finally:
        access.removeHandler(handler)
        access.setLevel(previous)
        handler.close()
    line = stream.getvalue().strip()
    assert re.fullmatch(
        r"mockserver\.access INFO GET /v1/authentication/token \d{3} [\d.]+ms", line
    )
    handler.close()  # again, as logging.shutdown does at exit: harmless


def access_lines(log_format: str, path: str) -> list[str]:
    """The access lines one request to `path` writes, in `log_format`."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    access = logging.getLogger("mockserver.access")
    access.addHandler(handler)
    previous = access.level
    access.setLevel(logging.INFO)
    try:
        app = create_app(Settings(log_format=log_format))
        check_response(app.test_client().get(path))
    finally:
        access.removeHandler(handler)
        access.setLevel(previous)
    return stream.getvalue().splitlines()


HOSTILE_PATH = "/v1/authentication/token%0a127.0.0.1 GET /fake 200%1b[31m%e2%80%a8%5c"


def test_control_characters_in_a_path_are_escaped_in_the_text_log() -> None:
    """A decoded %0a would start a forged line; %1b would drive the terminal showing the log."""
    lines = access_lines("text", HOSTILE_PATH)
    assert len(lines) == 1
    line = lines[0]
    assert "\x1b" not in line and "\u2028" not in line
    assert r"/v1/authentication/token\x0a127.0.0.1 GET /fake 200\x1b[31m\u2028\x5c" in line


def test_json_logs_stay_one_line_per_request() -> None:
    lines = access_lines("json", HOSTILE_PATH)
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["path"] == "/v1/authentication/token\n127.0.0.1 GET /fake 200\x1b[31m\u2028\\"
