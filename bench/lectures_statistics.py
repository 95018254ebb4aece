"""Lecture statistics and class check-in: timings on a throw-away test database.

Run: .venv/bin/python bench/lectures_statistics.py [sessions] [classes per session]
Prints how long the statistics take for every grouping (and how many queries), how long one
class check-in takes, and the size of the data set. Figures only; nothing is asserted.
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def main(session_count: int, classes_per_session: int) -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    from wagtail.models import Locale, Page

    from courses.lectures import services
    from courses.lectures.choices import Grade, Region
    from courses.lectures.models import (
        ClassCheckIn,
        Feedback,
        LectureIndexPage,
        LecturePage,
        LectureSeriesPage,
        LectureSession,
        SelfCheckResult,
    )
    from courses.lectures.selectors import Scope, statistics

    locale = Locale.objects.get_or_create(language_code="kk")[0]
    root = Page.get_first_root_node()
    index = root.add_child(instance=LectureIndexPage(title="Lectures", slug="lectures", locale=locale))
    series = index.add_child(instance=LectureSeriesPage(title="Series", slug="series", summary="s", locale=locale))
    lectures = [
        series.add_child(
            instance=LecturePage(
                title=f"Lecture {n}", slug=f"l{n}", topic="t", audience=("school_9_11", "college_1_2")[n % 2],
                summary="s", locale=locale,
            )
        )
        for n in range(10)
    ]
    start = timezone.now() - timedelta(hours=1)
    sessions = LectureSession.objects.bulk_create(
        LectureSession(
            lecture=lectures[n % len(lectures)], starts_at=start, ends_at=start + timedelta(hours=2),
            check_in_code=f"{n:06d}",
        )
        for n in range(session_count)
    )
    regions, grades = Region.values, Grade.values
    check_ins, feedback, results = [], [], []
    for session in sessions:
        for n in range(classes_per_session):
            region = regions[n % len(regions)]
            check_ins.append(
                ClassCheckIn(session=session, school=f"School {n}", school_key=f"school {n}", region=region,
                             grade=grades[n % len(grades)], students_present=20 + n % 10)
            )
            for k in range(3):
                feedback.append(Feedback(session=session, region=region, usefulness=1 + (n + k) % 5,
                                         clarity=1 + n % 5, knows_where_to_get_help=bool((n + k) % 2)))
                results.append(SelfCheckResult(session=session, region=region, score_percent=(n * 7 + k) % 101))
    ClassCheckIn.objects.bulk_create(check_ins, batch_size=2000)
    Feedback.objects.bulk_create(feedback, batch_size=2000)
    SelfCheckResult.objects.bulk_create(results, batch_size=2000)
    print(f"data: {len(sessions)} sessions, {len(check_ins)} class check-ins, {len(feedback)} feedback, "
          f"{len(results)} self-checks ({connection.vendor})")
    for group_by in ("lecture", "session", "region", "audience"):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            rows = statistics(scope=Scope(), group_by=group_by)
            took = time.perf_counter() - began
        print(f"statistics by {group_by:8}: {took * 1000:7.1f} ms, {len(queries)} queries, {len(rows)} rows")
    live = LectureSession.objects.create(lecture=lectures[0], starts_at=start, ends_at=start + timedelta(hours=2))
    timings = []
    for n in range(200):
        began = time.perf_counter()
        services.check_in_class(code=live.check_in_code, school=f"Bench school {n % 100}", region="KZ-75",
                                grade="g9", students_present=25)
        timings.append(time.perf_counter() - began)
    timings.sort()
    print(f"check-in (200, half of them merges): median {timings[100] * 1000:.1f} ms, "
          f"95th percentile {timings[190] * 1000:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 40)
