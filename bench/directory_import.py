"""Time the directory's CSV import (``directory.services.import_services_csv``) as the file grows.

    .venv/bin/python bench/directory_import.py [N ...]            # default 200 1000 rows, SQLite
    .venv/bin/python bench/directory_import.py 200 --database-url postgres://postgres@127.0.0.1:5432/pct_bench_import
    .venv/bin/python bench/directory_import.py 1000 --profile import   # pyinstrument tree of one phase

Uses a throw-away database: SQLite in /tmp (migrated once, kept between runs) or the PostgreSQL
database named (created and migrated when missing; never point it at a real site's database:
every help service in it is deleted first). Settings are the dev ones: immediate tasks (search
indexing runs inside the import, as in tests), the local memory cache.

For each N it builds a valid CSV in the export's shape: two thirds of the services in Kazakh
only, one third also in Russian (so about N * 3 / 4 services), every row with kinds of help,
regions (some nationwide), phones, SMS and messenger links, opening hours, languages, about half
with a location (address and coordinates); one organisation for every ten services. Then it
times three phases on an empty directory:

- dry run: every row checked, nothing written;
- import: every row created;
- re-import: the same file with new names and phones, every row updated.

Prints, per phase: rows, seconds, rows/s, ms per row, queries and queries per row.
"""

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SQLITE = "/tmp/bench-directory-import.sqlite3"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", type=int, default=[200, 1000])
    parser.add_argument("--database-url", default=f"sqlite:///{SQLITE}")
    parser.add_argument("--profile", choices=["dry-run", "import", "re-import"], help="print pyinstrument's tree")
    return parser.parse_args()


ARGS = _arguments()
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

import csv  # noqa: E402
import io  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

HOURS = ("MO-FR 09:00-18:00", "MO-FR 09:00-18:00; SA 10:00-14:00", "MO-SU 08:00-20:00", "")


def build_csv(rows: int, *, version: int = 0) -> str:
    """``rows`` CSV rows in the import's shape; ``version`` changes names and phones only."""
    from directory.models import Region, TaxonomyTerm
    from directory.services import COLUMNS

    regions = sorted(set(Region.objects.values_list("code", flat=True)))
    kinds = sorted(set(TaxonomyTerm.objects.values_list("code", flat=True)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = service = 0
    while written < rows:
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"bench-import-{service}")
        languages = ("kk", "ru") if service % 3 == 0 else ("kk",)
        for language in languages[: rows - written]:
            name = {"kk": f"Көмек орталығы {service}", "ru": f"Центр помощи {service}"}[language]
            located = service % 2 == 0
            writer.writerow({
                "id": str(key),
                "language": language,
                "name": f"{name} v{version}" if version else name,
                "alternate_name": "",
                "organization": f"Ұйым {service // 10}",
                "description": "Балалар мен жасөспірімдерге психологиялық және заң көмегі, кеңес беру.",
                "status": "active",
                "alert": "",
                "kinds": "; ".join(kinds[(service + i) % len(kinds)] for i in range(1 + service % 3)),
                "regions": "nationwide" if service % 7 == 0 else "; ".join(
                    regions[(service + i) % len(regions)] for i in range(1 + service % 2)
                ),
                "minimum_age": 7 if service % 2 else "",
                "maximum_age": 18 if service % 2 else "",
                "free": "yes",
                "anonymous": "yes" if service % 4 == 0 else "no",
                "open_24_7": "no",
                "languages": "kk; ru",
                "phone": f"+7 700 {service % 1000:03d} {version:02d} 01",
                "phone_free": "yes",
                "phone_24_7": "no",
                "sms": f"+7 701 {service % 1000:03d} 00 02" if service % 3 == 0 else "",
                "whatsapp": f"https://wa.me/7700{service:06d}" if service % 2 else "",
                "telegram": f"https://t.me/bench{service}" if service % 5 == 0 else "",
                "hours": HOURS[service % len(HOURS)],
                "location_name": f"Орталық {service}" if located else "",
                "address": f"Абай даңғылы, {service}" if located else "",
                "city": "Алматы" if located else "",
                "latitude": "43.238900" if located else "",
                "longitude": "76.889700" if located else "",
                "url": f"https://example.org/{service}",
                "email": f"help{service}@example.org",
                "eligibility": "Балалар мен ата-аналар",
                "how_to_get_help": "Қоңырау шалыңыз.",
                "assured_date": "2026-10-01",
                "assurer_email": "editor@example.org",
                "published": "yes",
            })
            written += 1
        service += 1
    return out.getvalue()


def reset() -> None:
    from wagtail.models import Revision

    from directory.models import Location, Organization, Service

    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    Revision.objects.filter(content_type__app_label="directory").delete()


def run(content: str, *, dry_run: bool, profile: bool):
    from directory.services import import_services_csv

    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    # A wrapper rather than CaptureQueriesContext, which keeps only the last 9,000 queries.
    with connection.execute_wrapper(count):
        start = time.perf_counter()
        report = import_services_csv(content=content, dry_run=dry_run)
        seconds = time.perf_counter() - start
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    if not report.ok:
        raise SystemExit(f"the bench CSV is not valid: {report.errors[:5]}")
    return report, seconds, counted[0]


def _create_database() -> None:
    """Create the PostgreSQL database named by --database-url when it does not exist yet."""
    from django.db import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{connection.settings_dict["NAME"]}"')


def main() -> None:
    vendor = connection.vendor
    if vendor == "postgresql":
        _create_database()
    call_command("migrate", verbosity=0)  # quick when nothing is new
    load = os.getloadavg()
    print(f"database: {vendor}; load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'rows':>6} {'phase':<10} {'seconds':>8} {'rows/s':>8} {'ms/row':>8} {'queries':>8} {'q/row':>6}")
    for rows in ARGS.rows:
        reset()
        first, second = build_csv(rows), build_csv(rows, version=1)
        for phase, content, dry_run in (
            ("dry-run", first, True), ("import", first, False), ("re-import", second, False),
        ):
            report, seconds, queries = run(content, dry_run=dry_run, profile=ARGS.profile == phase)
            expected = (report.rows, 0) if phase == "import" else (0, report.rows)
            if phase != "dry-run" and (report.created, report.updated) != expected:
                raise SystemExit(f"{phase}: unexpected report {report}")
            print(
                f"{report.rows:>6} {phase:<10} {seconds:>8.2f} {report.rows / seconds:>8.1f} "
                f"{seconds * 1000 / report.rows:>8.1f} {queries:>8} {queries / report.rows:>6.1f}"
            )
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
