"""The test harness: the mock in process (MockServer, the pytest plugin) and over HTTP
(HttpControl, the Testcontainers module)."""
