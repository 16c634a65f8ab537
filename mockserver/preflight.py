"""What `serve` checks before it starts anything, so that each mistake is one line saying what to
do instead of a traceback from deep inside the server."""

import socket
from pathlib import Path

from mockserver.core.config import Settings, SettingsError
from mockserver.core.scenarios.resolver import locate_scenario
from mockserver.core.tokens import load_or_generate_key


def check_serve(settings: Settings) -> None:
    """Raise SettingsError (or ScenarioNotFound) for the first thing that would stop `serve`."""
    locate_scenario(settings.scenario, settings.scenario_dirs)
    if settings.signing_key_file is not None:
        load_or_generate_key(settings.signing_key_file)
    if settings.url_file is not None:
        check_folder_of(settings.url_file, "--url-file")
    _check_host(settings.host)


def check_folder_of(path: Path, option: str) -> None:
    """The folder `path` would be written into exists (checked before any work is done)."""
    folder = path.parent
    if not folder.is_dir():
        raise SettingsError(
            f"{option} {path}: the folder {folder} does not exist (create it, or write elsewhere)"
        )


def _check_host(host: str) -> None:
    try:
        socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SettingsError(
            f"--host {host} does not resolve ({reason}); it takes an address of this machine "
            "(as AA_MOCK_HOST does), such as 127.0.0.1 or 0.0.0.0 (every interface)"
        ) from None
