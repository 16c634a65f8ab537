"""Listing and creating API Task allocations."""

import pytest

from conftest import CheckedClient

LIST = "/orchestrator/v1/hotbot/config"
CREATE = "/orchestrator/v1/hotbot/config/create"


def test_list_has_seed_spec_shape(client: CheckedClient) -> None:
    response = client.post(
        LIST, json={"page": {"offset": 0, "length": 100}}, headers=client.login()
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["page"] == {"offset": 0, "total": 4, "totalFilter": 4}
    assert body["list"][0] == {
        "fileId": 149,
        "filePath": "Automation Anywhere\\Bots\\Zip Code API Task",
        "fileName": "Zip Code API Task",
        "runAsUserOrNone": 12,
        "concurrencyLimit": 1,
    }
    assert 250 not in [item["fileId"] for item in body["list"]]  # not allocated


def test_list_pages(client: CheckedClient) -> None:
    headers = client.login()
    page = client.post(LIST, json={"page": {"offset": 1, "length": 2}}, headers=headers).get_json()
    assert [item["fileId"] for item in page["list"]] == [180, 201]
    assert page["page"] == {"offset": 1, "total": 4, "totalFilter": 4}
    beyond = client.post(LIST, json={"page": {"offset": 10, "length": 5}}, headers=headers)
    assert beyond.get_json()["list"] == []


def test_list_defaults_when_page_is_omitted(client: CheckedClient) -> None:
    body = client.post(LIST, json={}, headers=client.login()).get_json()
    assert len(body["list"]) == 4 and body["page"]["offset"] == 0


def test_allocation_without_run_as_user_omits_the_field(client: CheckedClient) -> None:
    items = client.post(LIST, json={}, headers=client.login()).get_json()["list"]
    invoice = next(item for item in items if item["fileId"] == 201)
    assert "runAsUserOrNone" not in invoice


@pytest.mark.parametrize(
    "page, fields",
    [
        ({"offset": -1}, ["page.offset"]),
        ({"length": 0}, ["page.length"]),
        ({"length": 101}, ["page.length"]),
        ({"offset": -1, "length": 500}, ["page.offset", "page.length"]),
        ({"offset": "0"}, ["page.offset"]),
    ],
)
def test_bad_page_values_are_400_listing_every_field(
    client: CheckedClient, page: dict[str, object], fields: list[str]
) -> None:
    response = client.post(LIST, json={"page": page}, headers=client.login())
    assert response.status_code == 400
    for field in fields:
        assert field in response.get_json()["message"]


@pytest.mark.parametrize("user", ["jdoe", "viewer"])
def test_non_admin_cannot_list(client: CheckedClient, user: str) -> None:
    response = client.post(LIST, json={}, headers=client.login(user))
    assert response.status_code == 403 and response.get_json()["code"] == "access.denied"


def test_create_allocates_and_echoes(client: CheckedClient) -> None:
    headers = client.login()
    response = client.put(
        CREATE, json={"fileId": "250", "runAsUserOrNone": 3, "concurrencyLimit": 2}, headers=headers
    )
    assert response.status_code == 200
    assert response.get_json() == {"fileId": "250", "runAsUserOrNone": 3, "concurrencyLimit": 2}
    items = client.post(LIST, json={}, headers=headers).get_json()["list"]
    assert items[-1]["fileId"] == 250 and items[-1]["concurrencyLimit"] == 2


def test_create_again_replaces_the_allocation(client: CheckedClient) -> None:
    headers = client.login()
    client.put(CREATE, json={"fileId": 149, "concurrencyLimit": 7}, headers=headers)
    items = client.post(LIST, json={}, headers=headers).get_json()
    assert items["page"]["total"] == 4
    assert items["list"][0] == {
        "fileId": 149,
        "filePath": "Automation Anywhere\\Bots\\Zip Code API Task",
        "fileName": "Zip Code API Task",
        "concurrencyLimit": 7,
    }


def test_create_unknown_file_is_404(client: CheckedClient) -> None:
    response = client.put(CREATE, json={"fileId": 999}, headers=client.login())
    assert response.status_code == 404 and "999" in response.get_json()["message"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "fileId"),
        ({"fileId": "abc"}, "fileId"),
        ({"fileId": 149, "concurrencyLimit": 0}, "concurrencyLimit"),
    ],
)
def test_create_bad_body_is_400(client: CheckedClient, body: dict[str, object], field: str) -> None:
    response = client.put(CREATE, json=body, headers=client.login())
    assert response.status_code == 400 and field in response.get_json()["message"]


def test_developer_cannot_create(client: CheckedClient) -> None:
    response = client.put(CREATE, json={"fileId": 250}, headers=client.login("jdoe"))
    assert response.status_code == 403


def test_integral_floats_are_read_as_integers(client: CheckedClient) -> None:
    headers = client.login()
    page = client.post(LIST, json={"page": {"offset": 1.0, "length": 2.0}}, headers=headers)
    assert page.status_code == 200 and len(page.get_json()["list"]) == 2
    created = client.put(
        CREATE,
        json={"fileId": 250, "runAsUserOrNone": 3.0, "concurrencyLimit": 2.0},
        headers=headers,
    )
    assert created.status_code == 200 and created.get_json()["concurrencyLimit"] == 2
