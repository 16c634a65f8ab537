"""CORS in a real browser: a page on another loopback origin runs the documented flow with
fetch against the mock and reads the typed output; a disallowed origin is blocked."""

import html
import json
import re
from typing import Any

from chromium import dump_dom, page_server
from mockserver import MockServer

FLOW_PAGE = """<!doctype html>
<html><body><pre id="result">pending</pre><script>
(async () => {
  const out = document.getElementById("result");
  try {
    const mock = new URLSearchParams(location.search).get("mock");
    const json = {"Content-Type": "application/json"};
    const post = (url, headers, body) =>
      fetch(url, {method: "POST", headers: {...json, ...headers}, body: JSON.stringify(body)});
    const login = await post(mock + "/v2/authentication", {},
                             {username: "jdoe", password: "mypassword@123"});
    const token = (await login.json()).token;
    const auth = {"X-Authorization": token};
    const zip = "Automation Anywhere\\\\Bots\\\\Zip Code API Task";
    const text = "Automation Anywhere\\\\Bots\\\\API_task_String 01 1708025672.bot";
    const access = await post(mock + "/orchestrator/v1/hotbot/config/accessdetails", auth,
                              {botRepositoryPath: [zip, text]});
    const details = (await access.json()).accessDetails;
    const run = await post(details[zip].url, details[zip].headers,
                           {botInput: {iStrZipCode: {type: "STRING", string: "95134"}}});
    const reversed = await post(details[text].url, details[text].headers,
                                {botInput: {iStrText: {type: "STRING", string: "abc"}}});
    const denied = await post(mock + "/orchestrator/v1/hotbot/config", auth, {});
    out.textContent = JSON.stringify({
      status: run.status,
      output: (await run.json()).hotBotResult.botOutput,
      reversed: (await reversed.json()).hotBotResult.botOutput.Reversed,
      denied: [denied.status, (await denied.json()).code],
    });
  } catch (error) {
    out.textContent = "BLOCKED: " + error;
  }
})();
</script></body></html>
"""


def run_flow(allowed: tuple[str, ...] | None) -> str:
    """Serve the page from its own origin, start the mock allowing `allowed` (None: exactly the
    page's origin), load the page in headless Chromium and return what the page wrote."""
    with page_server(FLOW_PAGE) as origin:
        origins = (origin,) if allowed is None else allowed
        with MockServer(cors_origins=origins) as mock:
            dom = dump_dom(f"{origin}/page.html?mock={mock.url}")
            assert mock.requests(method="OPTIONS"), "the browser sent no preflight"
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert match, dom[-2000:]
    return html.unescape(match.group(1))


def test_an_allowed_origin_runs_the_flow_in_a_browser() -> None:
    text = run_flow(allowed=None)
    assert not text.startswith(("BLOCKED", "pending")), text
    result: dict[str, Any] = json.loads(text)
    assert result["status"] == 200
    assert result["output"] == {
        "State": {"type": "STRING", "string": "California"},
        "Place": {"type": "STRING", "string": "San Jose"},
    }
    # The Reverse String task's API-Task-Name header passed the preflight too.
    assert result["reversed"] == {"type": "STRING", "string": "cba"}
    # An error body is readable from the page: it carries the allowed origin as well.
    assert result["denied"] == [403, "access.denied"]


def test_a_wildcard_allows_any_origin() -> None:
    text = run_flow(allowed=("*",))
    assert json.loads(text)["status"] == 200


def test_a_disallowed_origin_is_blocked_by_the_browser() -> None:
    text = run_flow(allowed=("http://127.0.0.1:1",))
    assert text.startswith("BLOCKED: TypeError"), text
