"""Hot reload: an edited scenario file is re-read (a reload is a reset), an invalid edit is logged
and the last valid scenario stays; POST /__admin/reset?reload=true re-reads on demand; and
`serve --watch` does it by polling."""

import json
import logging
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import AppFactory
from mockserver import MockServer
from mockserver.core.watcher import ScenarioWatcher
from scenario_text import with_task
from served import serve

ONE = with_task("    outputs: {Word: {type: STRING, value: one}}\n")
TWO = ONE.replace("value: one", "value: two").replace("name: under-test", "name: edited")


def bump(path: Path, text: str) -> None:
    """Write and make sure the file's stamp changes even on a coarse file system clock."""
    before = path.stat().st_mtime if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    while path.stat().st_mtime == before:
        path.write_text(text + "\n", encoding="utf-8")


def test_the_watcher_reloads_and_keeps_the_last_valid_scenario(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "tenant.yaml"
    path.write_text(ONE, encoding="utf-8")
    with MockServer(path) as server:
        watcher = ScenarioWatcher(server.control)
        assert watcher.check() is False  # unchanged
        bump(path, TWO)
        assert watcher.check() is True and server.control.scenario().name == "edited"
        with caplog.at_level(logging.WARNING, logger="mockserver.watch"):
            bump(path, TWO.replace("fileId: 7", "fileId: 0"))
            assert watcher.check() is False
        assert server.control.scenario().name == "edited"  # the last valid one stays
        assert "is invalid; the last valid scenario stays" in caplog.text
        assert "tasks[0].fileId" in caplog.text


def test_reset_can_re_read_the_file(make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "tenant.yaml"
    path.write_text(ONE, encoding="utf-8")
    client = make_app(str(path)).test_client()
    path.write_text(TWO, encoding="utf-8")
    assert client.post("/__admin/reset").get_json()["scenario"] == "under-test"
    assert client.post("/__admin/reset?reload=true").get_json()["scenario"] == "edited"
    path.write_text("name: [broken", encoding="utf-8")
    refused = client.post("/__admin/reset?reload=true")
    assert refused.status_code == 400 and refused.get_json()["code"] == "mock.scenario.invalid"
    assert client.get("/__admin/scenario").get_json()["name"] == "edited"


def test_reload_needs_a_scenario_from_a_file(make_app: AppFactory) -> None:
    client = make_app(yaml_text=ONE).test_client()
    refused = client.post("/__admin/reset?reload=true")
    assert refused.status_code == 400 and "not loaded from a file" in refused.get_json()["message"]


def test_serve_watch_picks_up_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "tenant.yaml"
    path.write_text(ONE, encoding="utf-8")
    with serve("--watch", "--scenario", str(path)) as served:
        bump(path, TWO)
        deadline = time.monotonic() + 15
        name = ""
        while time.monotonic() < deadline:
            with urllib.request.urlopen(served.base + "/__admin/scenario", timeout=5) as answer:
                name = json.loads(answer.read())["name"]
            if name == "edited":
                break
            time.sleep(0.1)
        assert name == "edited"
