"""The list requests AA documents or clients send that mean "no filter", on every list under every
profile: `{}`, null, the docs' skeleton, null page and sort, `length: 0`. Under seed the seed spec
still rules the allocation list (no null page, length 1..100)."""

from typing import Any

import pytest
from flask import Flask

from conftest import AppFactory, CheckedClient
from mockserver.core.profiles import PROFILES

# The docs' filter skeleton (cloud-api-filter-request.html), as written there.
SKELETON = {
    "filter": {"operator": "NONE", "operands": [None], "field": "", "value": ""},
    "page": {"offset": 0, "length": 0},
}
NO_FILTER = {
    "empty body": {},
    "empty filter": {"filter": {}},
    "null filter": {"filter": None},
    "skeleton": SKELETON,
    "null page and sort": {"filter": None, "page": None, "sort": None},
    "length 0": {"page": {"offset": 0, "length": 0}},
    # A public MCP client's folder listing: fields [], filter null, sort [].
    "fields, null filter, empty sort": {
        "fields": [],
        "filter": None,
        "sort": [],
        "page": {"offset": 0, "length": 100},
    },
}
# Each list, with how many items the default scenario has for jdoe or admin.
LISTS = {
    "/orchestrator/v1/hotbot/config": ("admin", 4),
    "/v2/repository/workspaces/public/files/list": ("jdoe", 13),
    "/v1/devices/runasusers/list": ("jdoe", 3),
    "/v2/devices/list": ("jdoe", 3),
    "/v2/devices/pools/list": ("jdoe", 2),
}
# What the seed spec still refuses on the allocation list, and the field it names.
SEED_SPEC_REFUSES = {
    "skeleton": "page.length",
    "null page and sort": "page",
    "length 0": "page.length",
}


def open_client(app: Flask) -> CheckedClient:
    client = app.test_client()
    assert isinstance(client, CheckedClient)
    return client


@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("case", list(NO_FILTER))
def test_no_filter_lists_everything(make_app: AppFactory, profile: str, case: str) -> None:
    body: Any = NO_FILTER[case]
    with open_client(make_app(profile=profile)) as client:
        for path, (user, count) in LISTS.items():
            response = client.post(path, json=body, headers=client.login(user))
            seed_rules = profile == "seed" and path.startswith("/orchestrator")
            if seed_rules and case in SEED_SPEC_REFUSES:
                assert response.status_code == 400, (path, case)
                assert SEED_SPEC_REFUSES[case] in response.get_json()["message"]
                continue
            assert response.status_code == 200, (path, case, response.get_json())
            data = response.get_json()
            assert len(data["list"]) == count, (path, case)
            assert data["page"] == {"offset": 0, "total": count, "totalFilter": count}


@pytest.mark.parametrize("profile", ["a360", "legacy"])
def test_a_long_page_is_not_capped_under_aa_profiles(make_app: AppFactory, profile: str) -> None:
    with open_client(make_app(profile=profile)) as client:
        response = client.post(
            "/orchestrator/v1/hotbot/config",
            json={"page": {"offset": 0, "length": 5000}},
            headers=client.login("admin"),
        )
        assert response.status_code == 200 and len(response.get_json()["list"]) == 4


def test_a_null_operand_is_no_condition_as_null_is_everywhere(make_app: AppFactory) -> None:
    with open_client(make_app(profile="a360")) as client:
        headers = client.login("jdoe")
        connected = {"operator": "eq", "field": "status", "value": "CONNECTED"}
        response = client.post(
            "/v2/devices/list",
            json={"filter": {"operator": "and", "operands": [None, connected]}},
            headers=headers,
        )
        assert response.status_code == 200
        assert response.get_json()["page"] == {"offset": 0, "total": 3, "totalFilter": 2}
        empty = client.post(
            "/v2/devices/list",
            json={"filter": {"operator": "and", "operands": []}},
            headers=headers,
        )
        assert empty.status_code == 400 and empty.get_json()["details"] == "filter.operands"
