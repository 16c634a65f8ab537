"""Response JSON (orjson behind Flask's provider): the same document Flask would write, faster."""

import dataclasses
import json
from datetime import UTC, datetime

from flask import Flask

from mockserver.http.json_response import FastJSONProvider


def provider() -> FastJSONProvider:
    app = Flask("json")
    app.json = FastJSONProvider(app)
    return app.json  # type: ignore[return-value]


@dataclasses.dataclass
class Point:
    x: int


def test_the_document_is_what_the_stdlib_reads_back_with_keys_in_order() -> None:
    value = {"z": 1, "a": [1.5, None, True], "ünïcode": "São Paulo ✓", "nested": {"b": 2, "a": 1}}
    text = provider().dumps(value)
    assert json.loads(text) == value
    assert list(json.loads(text)) == ["z", "a", "ünïcode", "nested"]  # not sorted
    assert "São Paulo ✓" in text  # UTF-8, as a Java Control Room writes it, not \\u escapes


def test_what_orjson_cannot_write_follows_flasks_rules() -> None:
    json_provider = provider()
    huge = 2**70
    assert json.loads(json_provider.dumps({"n": huge})) == {"n": huge}
    moment = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert json.loads(json_provider.dumps({"at": moment})) == {
        "at": "Sat, 28 Nov 2026 12:00:00 GMT"
    }
    assert json.loads(json_provider.dumps(Point(3))) == {"x": 3}
    assert json.loads(json_provider.dumps({1: "integer key"})) == {"1": "integer key"}
    # A lone surrogate, which a request can carry as "\ud800": escaped, not an encoding error.
    assert json_provider.dumps({"path": "\ud800"}) == '{"path":"\\ud800"}'


def test_a_response_is_json_with_a_final_newline() -> None:
    app = Flask("json")
    app.json = FastJSONProvider(app)
    with app.app_context():
        response = app.json.response({"a": 1})
        huge = app.json.response({"n": 2**70})
    assert response.mimetype == "application/json"
    assert response.get_data() == b'{"a":1}\n'
    assert huge.get_data() == b'{"n":' + str(2**70).encode() + b"}\n"
