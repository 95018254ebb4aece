"""Poster PDF generation time: A4 and A3, Kazakh and Russian.

Usage: .venv/bin/python bench/poster_pdf.py [--runs 20]

Builds a throw-away test database (migrations include the 20 regions), adds a placement and a
handful of services for its region, then renders each poster variant ``--runs`` times and prints
the first (cold) render, the median and the 95th percentile, and the PDF size.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0)
    try:
        run(args.runs)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


def run(runs: int) -> None:
    from directory.models import Organization, Phone, Region, Service, ServiceArea
    from directory.outreach.models import Placement
    from directory.outreach.posters import PosterOptions, render_poster

    almaty = Region.objects.get(code="KZ-75", locale__language_code="kk")
    organization = Organization.objects.create(name="Бенчмарк ұйымы", locale=almaty.locale)
    for number in range(8):
        service = Service(
            name=f"Жасөспірімдерге көмек орталығы №{number}", organization=organization, locale=almaty.locale
        )
        service.phones = [Phone(number=f"+7 000 000 00 {number:02d}")]
        service.service_areas = [ServiceArea(region=almaty)]
        service.save()
    placement = Placement.objects.create(name="№25 мектеп-гимназия", kind="school", region=almaty)

    print(f"poster PDF generation, {runs} runs each (seconds)")
    print(f"{'variant':<8} {'cold':>7} {'median':>7} {'p95':>7} {'size KB':>8}")
    for size in ("A4", "A3"):
        for language in ("kk", "ru"):
            options = PosterOptions(size=size, language=language)
            timings = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                pdf = render_poster(placement=placement, options=options, base_url="https://help.example.kz")
                timings.append(time.perf_counter() - start)
            cold, warm = timings[0], sorted(timings[1:])
            p95 = warm[max(0, round(0.95 * len(warm)) - 1)]
            print(
                f"{size + ' ' + language:<8} {cold:7.3f} {statistics.median(warm):7.3f} {p95:7.3f} "
                f"{len(pdf) / 1024:8.1f}"
            )


if __name__ == "__main__":
    main()
