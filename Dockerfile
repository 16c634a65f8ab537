# aa-mockserver: the mock Control Room as a container, configured only by AA_MOCK_* variables.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /build
COPY pyproject.toml README.md ./
COPY mockserver ./mockserver
COPY openapi ./openapi
COPY scenarios ./scenarios
RUN pip install --no-cache-dir . \
    && rm -rf /build \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin aamock \
    && mkdir /scenarios \
    && chown aamock /scenarios

USER 10001
WORKDIR /home/aamock

# granian with one worker process, the app on Python threads: tokens, journal, counters and the
# clock live in that process, so every request sees the same state. AA_MOCK_THREADS sets how many
# requests are answered at once (sleeping in emulated latency or injected delays included);
# `docker stop` lets requests in flight finish for up to AA_MOCK_DRAIN_SECONDS (default 5).
ENV AA_MOCK_HOST=0.0.0.0 \
    AA_MOCK_PORT=8080 \
    AA_MOCK_SCENARIO_DIRS=/scenarios \
    AA_MOCK_THREADS=8

# glibc's malloc: a fixed mmap threshold hands the buffers of large request bodies back to the
# system when they are freed (its default raises the threshold and keeps them in the heap), and
# two arenas stop each thread from growing its own heap (docs/limits.md has the figures).
ENV MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_ARENA_MAX=2

EXPOSE 8080
VOLUME ["/scenarios"]

HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["python", "-m", "mockserver.serving.healthcheck"]

CMD ["aa-mockserver", "serve"]
