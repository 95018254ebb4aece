"""Reading every service from the HSDS API: format=ndjson (one streamed call) against paging
through format=json (per_page=100, what a client had to do before), and minimal=true.

    DATABASE_URL=sqlite:///var/bench-10k.sqlite3 .venv/bin/python bench/directory_fill.py 10000
    .venv/bin/python bench/api_ndjson.py sqlite:///var/bench-10k.sqlite3

Prints, for each way of reading: calls, objects read, database queries, wall time and the peak
of Python memory allocated while reading (tracemalloc: what the process holds at once, which for
a stream is one chunk, not the whole directory). Runs in process through Django's test client,
so no HTTP server is involved: figures are the application's own cost.
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_all(client, connection, path, params, *, paged):
    from django.test.utils import CaptureQueriesContext

    calls = objects = 0
    tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as context:
        if paged:
            page = 1
            while True:
                body = client.get(path, {**params, "page": page, "per_page": params.get("per_page", 100)}).json()
                calls += 1
                objects += body["size"]
                if body["last_page"]:
                    break
                page += 1
        else:
            response = client.get(path, params)
            calls += 1
            assert response.status_code == 200, response.status_code
            if response.streaming:
                for chunk in response.streaming_content:
                    objects += chunk.count(b"\n")
            else:
                objects += response.json()["size"]
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return calls, objects, len(context.captured_queries), seconds, peak / 2**20


def main():
    os.environ["DATABASE_URL"] = sys.argv[1] if len(sys.argv) > 1 else "sqlite:///var/bench-10k.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    ways = [
        ("services, json pages of 100", "/api/hsds/services", {}, True),
        ("services, ndjson", "/api/hsds/services", {"format": "ndjson"}, False),
        ("services full, json pages of 100", "/api/hsds/services", {"full": "true"}, True),
        ("services full, ndjson", "/api/hsds/services", {"full": "true", "format": "ndjson"}, False),
        ("services minimal, json (one page)", "/api/hsds/services", {"minimal": "true"}, False),
        ("services minimal, ndjson", "/api/hsds/services", {"minimal": "true", "format": "ndjson"}, False),
        ("service_at_locations, ndjson", "/api/hsds/service_at_locations", {"format": "ndjson"}, False),
    ]
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print("| way | calls | objects | queries | seconds | peak MiB |")
    print("|---|---|---|---|---|---|")
    for label, path, params, paged in ways:
        calls, objects, queries, seconds, peak = read_all(client, connection, path, params, paged=paged)
        print(f"| {label} | {calls} | {objects} | {queries} | {seconds:.1f} | {peak:.1f} |")


if __name__ == "__main__":
    main()
