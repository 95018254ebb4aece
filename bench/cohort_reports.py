"""Report build time and query count as the number of learners grows.

Run: .venv/bin/python bench/cohort_reports.py [N ...]   (default 200 2000 10000 learners)
Builds a throw-away SQLite database in /tmp (migrated once), fills it with focus groups, members,
enrolments, attendance, pre/post attempts and certificates in bulk, then times
``build_report`` for each dimension as a supervisor. Prints learners, dimension, queries, ms.
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB = "/tmp/bench-cohort-reports.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def fill(learners: int) -> None:
    import uuid

    from wagtail.models import Locale, Page

    from cms.accounts.models import User
    from courses.cohorts.models import Attendance, FocusGroup, Membership, Session
    from courses.models import Certificate, CourseIndexPage, CoursePage, Enrolment
    from quizzes.models import Attempt, Quiz

    for model in (Attempt, Attendance, Certificate, Enrolment, Membership, Session, FocusGroup, Quiz):
        model.objects.all().delete()
    User.objects.filter(email__endswith="@bench.invalid").delete()
    locale = Locale.objects.get_or_create(language_code="kk")[0]
    course = CoursePage.objects.first()
    if course is None:
        root = Page.get_first_root_node()
        index = root.add_child(
            instance=CourseIndexPage(title="Bench", slug=f"bench-{uuid.uuid4().hex[:6]}", locale=locale)
        )
        course = index.add_child(
            instance=CoursePage(title="Bench course", slug="bench-course", summary="x", locale=locale)
        )
    pre = Quiz.objects.create(title="Pre", slug="bench-pre", locale=locale)
    post = Quiz.objects.create(title="Post", slug="bench-post", locale=locale, pre_test=pre)
    regions = ["KZ-75", "KZ-71", "KZ-79", "KZ-35"]
    groups = [
        FocusGroup.objects.create(name=f"Bench {i}", region=regions[i % 4]) for i in range(max(1, learners // 25))
    ]
    for group in groups:
        group.courses.add(course)
    when = timezone.now() - timedelta(days=30)
    sessions = [
        Session.objects.create(group=g, title="S", starts_at=when, venue="x", checkin_code=f"B{g.pk:05d}")
        for g in groups
    ]
    users = User.objects.bulk_create(
        User(email=f"l{n}@bench.invalid", role="psychologist", region=regions[n % 4], agency=f"A{n % 3}")
        for n in range(learners)
    )
    Membership.objects.bulk_create(Membership(group=groups[n % len(groups)], user=u) for n, u in enumerate(users))
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(user=u, course=course, course_key=course.translation_key, completed_at=when if n % 2 else None)
        for n, u in enumerate(users)
    )
    Attendance.objects.bulk_create(
        Attendance(session=sessions[n % len(groups)], user=u, status=("present", "absent")[n % 5 == 0])
        for n, u in enumerate(users)
    )
    attempts = []
    for n, u in enumerate(users):
        for quiz, percent in ((pre, 40 + n % 30), (post, 60 + n % 40)):
            attempts.append(
                Attempt(
                    quiz=quiz,
                    quiz_key=quiz.translation_key,
                    user=u,
                    status="submitted",
                    submitted_at=when,
                    score=percent,
                    max_score=100,
                    percent=Decimal(percent),
                    passed=percent >= 70,
                )
            )
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    Certificate.objects.bulk_create(
        Certificate(
            user=e.user,
            enrolment=e,
            completed_at=when,
            course=course,
            course_key=course.translation_key,
            holder_name="x",
            course_title="x",
            hours=1,
            language="kk",
            issued_on=when.date(),
            expires_on=timezone.localdate() + timedelta(days=60),
        )
        for e in enrolments
        if e.completed_at
    )


def main() -> None:
    from cms.accounts.models import User
    from courses.cohorts.reports import DIMENSIONS, build_report

    sizes = [int(arg) for arg in sys.argv[1:]] or [200, 2000, 10000]
    if not os.path.exists(DB):
        call_command("migrate", verbosity=0)
    viewer = User.objects.get_or_create(email="bench-supervisor@bench.invalid", defaults={"role": "supervisor"})[0]
    print(f"{'learners':>8} {'dimension':>9} {'queries':>7} {'median ms':>9}")
    for size in sizes:
        fill(size)
        viewer = User.objects.get_or_create(email="bench-supervisor@bench.invalid", defaults={"role": "supervisor"})[0]
        for dimension, _label in DIMENSIONS:
            timings = []
            for _ in range(5):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    build_report(
                        viewer=viewer, dimension=dimension, date_from=date(2020, 1, 1), date_to=timezone.localdate()
                    )
                    timings.append((time.perf_counter() - start) * 1000)
            print(f"{size:>8} {dimension:>9} {len(queries):>7} {statistics.median(timings):>9.1f}")


if __name__ == "__main__":
    main()
