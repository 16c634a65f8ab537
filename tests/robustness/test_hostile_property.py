"""Property: random nested and oversized JSON sent to every emulated endpoint never gets a 5xx, and
the journal and the dashboard's data calls read back every time (never a 5xx either)."""

import json
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ZIP_PATH, AppFactory, CheckedClient
from mockserver.core.limits import MAX_JSON_DEPTH
from mockserver.http.emulated import control_room_of

BODY_LIMIT = 8192
DASHBOARD_READS = (
    "/__admin/requests?limit=200",
    "/__admin/tokens",
    "/__admin/allocations",
    "/__admin/faults",
    "/__admin/clock",
    "/__admin/scenario",
)
HOSTILE = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["password", "token", "STRING", "LIST", "[", "{", '"', "\\", "\u2028"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


WRAPPERS = [("[", "]"), ('{"a": ', "}"), ('{"botInput": ', "}"), ('{"filter": ', "}")]


@st.composite
def hostile_bodies(draw: Any) -> bytes:
    """JSON nested around the depth limit or far past it (where parsers recurse out), oversized,
    or both; sometimes truncated. Built as text: the nesting is deeper than json.dumps goes."""
    depth = draw(
        st.one_of(
            st.integers(min_value=0, max_value=MAX_JSON_DEPTH + 10),
            st.integers(min_value=400, max_value=3000),
        )
    )
    pattern = draw(st.lists(st.sampled_from(WRAPPERS), min_size=1, max_size=4))
    layers = [pattern[i % len(pattern)] for i in range(depth)]
    text = (
        "".join(opening for opening, _ in layers)
        + json.dumps(draw(json_values))
        + "".join(closing for _, closing in reversed(layers))
    )
    if draw(st.booleans()):
        text += " " * draw(st.integers(min_value=0, max_value=BODY_LIMIT + 100))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
    return text.encode()


def emulated_routes(app: Flask) -> list[tuple[str, str]]:
    """(method, path) of every emulated Control Room route, path variables filled in."""
    tenant = control_room_of(app).scenario().tenant_uuid
    values = {"fileId": "149", "tenantUuid": tenant}
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/__admin") or not hasattr(
            app.view_functions[rule.endpoint], "emulation"
        ):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", values.get(name, "1")).replace(
                f"<{name}>", values.get(name, "1")
            )
        routes.extend(
            (method, path) for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        )
    return routes


@pytest.fixture
def hostile_client(make_app: AppFactory) -> CheckedClient:
    client = make_app(max_body_bytes=BODY_LIMIT).test_client()
    assert isinstance(client, CheckedClient)
    return client


@HOSTILE
@given(data=st.data())
def test_random_hostile_json_never_gets_a_5xx_anywhere(
    hostile_client: CheckedClient, data: st.DataObject
) -> None:
    client = hostile_client
    assert client.delete("/__admin/requests").status_code == 204  # each example on its own
    routes = emulated_routes(client.application)
    assert len(routes) >= 10
    method, path = data.draw(st.sampled_from(routes), label="route")
    body = data.draw(hostile_bodies(), label="body")
    headers = client.login("admin")
    if "/hotbot-" in path:
        headers = client.access(ZIP_PATH)["headers"]
    response = client.open(
        path, method=method, data=body, content_type="application/json", headers=headers
    )
    assert response.status_code < 500, response.get_data()[:300]
    for read in DASHBOARD_READS:
        assert client.get(read).status_code == 200, read
    count = client.post("/__admin/requests/count", json={"path": path, "inputs": {"x": "y"}})
    assert count.status_code == 200
