"""Ways to run the mock: the CLI, the production server, MockServer, the pytest plugin, the demo,
the Docker health check and the HTTP test-control client."""
