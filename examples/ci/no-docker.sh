#!/usr/bin/env bash
# CI without Docker: install aa-mockserver with pip, start it in the background on a free port,
# wait until it is healthy, run your suite against it, and always stop it.
#
#   bash examples/ci/no-docker.sh pytest tests/integration      # your suite, as arguments
#
# Your suite finds the mock at $CONTROL_ROOM_URL. Set AA_MOCK_* variables to configure it (for
# example AA_MOCK_SCENARIO=my-tenant.yaml). AA_MOCK_PACKAGE is what pip installs: a wheel, a
# clone or a git URL (aa-mockserver is not on PyPI); run from a clone, it defaults to that clone.
# AA_MOCK_SKIP_INSTALL=1 uses $PYTHON as it is.
set -euo pipefail

PYTHON=${PYTHON:-python3}
if [ -z "${AA_MOCK_SKIP_INSTALL:-}" ]; then
  clone=$(cd "$(dirname "$0")/../.." && pwd)
  if [ -z "${AA_MOCK_PACKAGE:-}" ]; then
    if grep -qs '^name = "aa-mockserver"' "$clone/pyproject.toml"; then
      AA_MOCK_PACKAGE=$clone
    else
      echo "no-docker.sh: set AA_MOCK_PACKAGE to what pip should install: a wheel, a clone or" \
        "a git URL of aa-mockserver (it is not on PyPI)" >&2
      exit 2
    fi
  fi
  "$PYTHON" -m venv .aa-mock-venv
  .aa-mock-venv/bin/pip install -q "$AA_MOCK_PACKAGE"
  PYTHON=.aa-mock-venv/bin/python
fi

workdir=$(mktemp -d)
url_file="$workdir/url"
"$PYTHON" -m mockserver serve --port 0 --url-file "$url_file" --log-format json \
  >"$workdir/mock.log" 2>&1 &
mock_pid=$!
stop_mock() {
  kill "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap stop_mock EXIT

# The URL file appears once the server listens (at most 30 s), then the health check must pass.
for _ in $(seq 1 300); do
  [ -s "$url_file" ] && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$workdir/mock.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$url_file" ] || { echo "aa-mockserver did not start" >&2; cat "$workdir/mock.log" >&2; exit 1; }
CONTROL_ROOM_URL=$(cat "$url_file")
export CONTROL_ROOM_URL
AA_MOCK_PORT=${CONTROL_ROOM_URL##*:} "$PYTHON" -m mockserver.serving.healthcheck

"$@"
