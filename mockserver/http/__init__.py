"""The HTTP layer: Flask views of the emulated endpoints and the admin API, the request door,
validation against the specs, and every wire shape."""
