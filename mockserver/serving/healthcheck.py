"""`python -m mockserver.serving.healthcheck`: exit 0 when the local server answers /__admin/health.

Used by the Docker HEALTHCHECK; needs nothing but the standard library and the AA_MOCK_* env.
"""

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    port = os.environ.get("AA_MOCK_PORT", "8080")
    headers = {}
    if os.environ.get("AA_MOCK_ADMIN_TOKEN"):
        headers["X-Admin-Token"] = os.environ["AA_MOCK_ADMIN_TOKEN"]
    request = urllib.request.Request(f"http://127.0.0.1:{port}/__admin/health", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
