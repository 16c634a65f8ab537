"""Hot reload: poll the scenario file in force and re-read it when it changes. Polling (not
inotify) so it also works on a Docker volume; an invalid edit is logged and the last valid
scenario stays."""

import logging
import threading
from pathlib import Path

from mockserver.core.local_control import LocalControl
from mockserver.core.scenarios import ScenarioError

log = logging.getLogger("mockserver.watch")


class ScenarioWatcher:
    def __init__(self, control: LocalControl, interval: float = 1.0):
        self.control = control
        self.interval = interval
        self._seen = self._stamp()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _path(self) -> Path | None:
        return self.control.scenario().source

    def _stamp(self) -> tuple[float, int] | None:
        path = self._path()
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            return None
        return None if stat is None else (stat.st_mtime, stat.st_size)

    def check(self) -> bool:
        """Reload when the file changed since the last check; True when a reload happened."""
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return False
        self._seen = stamp
        path = self._path()
        try:
            summary = self.control.reload()
        except ScenarioError as exc:
            log.warning(
                "scenario file %s changed but is invalid; the last valid scenario stays:\n%s",
                path,
                exc,
            )
            return False
        log.info("scenario file %s changed: reloaded %r (state reset)", path, summary.name)
        return True

    def start(self) -> "ScenarioWatcher":
        self._thread = threading.Thread(target=self._run, name="aa-mock-watch", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
