"""The thin HTTP adapters: each view parses, calls the domain, serialises."""
