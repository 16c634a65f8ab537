"""Probe and capture: measure a real Control Room against the mock, or write it as a scenario."""
