"""Serving the mock as a process: the production server, its access log, the demo and the
container health check."""
