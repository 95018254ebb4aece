"""How long the guideline PDF and the guideline pages take, and how big the PDF is.

Run on a database with the demo loaded: `.venv/bin/python bench/guidelines_pdf.py`
Prints figures; asserts nothing (speed goals are read, not tested).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from cms.guidelines.models import GuidelinePage  # noqa: E402
from cms.guidelines.pdf import render_pdf  # noqa: E402

RUNS = 5


def timed(function, runs=RUNS):
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return result, statistics.median(durations)


@override_settings(ALLOWED_HOSTS=["*"])
def main() -> None:
    pages = GuidelinePage.objects.live().filter(locale__language_code="kk", alias_of__isnull=True)
    page = pages.order_by("-pk").first()
    if page is None:
        print("No guideline: run `manage.py load_demo` first.")
        return
    client = Client(HTTP_HOST="localhost")
    request = client.get(page.url).wsgi_request
    with translation.override("kk"):
        pdf, seconds = timed(lambda: render_pdf(guideline=page, request=request))
    print(f"PDF render (kk, {page.version}): median {seconds * 1000:.0f} ms over {RUNS} runs, {len(pdf) / 1024:.1f} KB")
    cache.clear()
    _, cold = timed(lambda: client.get(page.pdf_url), runs=1)
    _, warm = timed(lambda: client.get(page.pdf_url))
    print(f"PDF view: first request {cold * 1000:.0f} ms, cached {warm * 1000:.1f} ms")
    for name, url in (("guideline page", page.url), ("change log", page.changes_url), ("index", page.get_parent().url)):
        with CaptureQueriesContext(connection) as queries_of_one:
            client.get(url)
        queries = len(queries_of_one)
        response, seconds = timed(lambda url=url: client.get(url))
        print(f"{name}: median {seconds * 1000:.0f} ms, {queries} queries, {len(response.content) / 1024:.1f} KB HTML")


if __name__ == "__main__":
    main()
