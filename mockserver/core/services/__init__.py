"""The emulated Control Room's services: one module per API, each a small class over a Tenant."""
