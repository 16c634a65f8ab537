"""Unit tests of the emulated Control Room's services, one module per service."""
