"""The attack on the admin API in a real browser: a page on another origin sends the "simple"
POST /__admin/reset that needs no preflight (a no-cors fetch and a form post, as any site could),
and the mock, without an admin token, is not reset."""

import html
import re

from chromium import dump_dom, page_server
from mockserver import MockServer

ATTACK_PAGE = """<!doctype html>
<html><body><pre id="result">pending</pre>
<iframe name="sink" hidden></iframe>
<form id="form" method="POST" target="sink" enctype="text/plain"><input name="a" value="b"></form>
<script>
(async () => {
  const out = document.getElementById("result");
  const mock = new URLSearchParams(location.search).get("mock");
  await fetch(mock + "/__admin/reset", {method: "POST", mode: "no-cors"});
  await fetch(mock + "/__admin/clock", {method: "POST", mode: "no-cors",
                                        headers: {"Content-Type": "text/plain"},
                                        body: JSON.stringify({advance: 3600})});
  const form = document.getElementById("form");
  form.action = mock + "/__admin/reset?reload=true";
  form.submit();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  out.textContent = "sent";
})();
</script></body></html>
"""


def test_a_page_on_another_site_cannot_reset_the_mock() -> None:
    with page_server(ATTACK_PAGE) as origin, MockServer() as mock:
        mock.inject_fault(status=503, count=5)  # state a reset would clear
        dom = dump_dom(f"{origin}/page.html?mock={mock.url}")
        match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
        assert match and html.unescape(match.group(1)) == "sent", dom[-2000:]
        assert len(mock.control.faults()) == 1  # not reset
        assert mock.control.clock_status().offset_seconds == 0  # not moved
