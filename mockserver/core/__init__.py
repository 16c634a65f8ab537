"""The domain core: the emulated Control Room, tokens, scenarios, typed values. Never imports
Flask, Werkzeug or a server."""
